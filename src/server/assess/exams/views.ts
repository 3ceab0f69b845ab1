import { z } from 'zod';
import { EXAM_STATUSES, FEEDBACK_RELEASES } from './schema.js';
import { itemCountOf, type ExamCounts, type ExamRow } from './blueprints.js';
import type { CandidateStatus } from './start-rules.js';

export const candidateStatusSchema = z.object({
  canStart: z.boolean(),
  reason: z.string().nullable(),
  attemptsUsed: z.number().int(),
  attemptsLeft: z.number().int().nullable(),
  nextStartAt: z.date().nullable(),
  openAttemptId: z.string().nullable(),
  passed: z.boolean(),
  extraMinutes: z.number().int(),
});

export const examSchema = z.object({
  id: z.string(),
  examKey: z.string(),
  title: z.string(),
  description: z.string(),
  bankKey: z.string(),
  blueprint: z.array(z.object({ competency: z.string(), count: z.number().int() })),
  itemCount: z.number().int(),
  timeLimitMinutes: z.number().int(),
  attemptLimit: z.number().int().nullable(),
  cooldownMinutes: z.number().int(),
  cutScorePercent: z.number().int(),
  shuffleOptions: z.boolean(),
  feedbackRelease: z.enum(FEEDBACK_RELEASES),
  requiredPathKey: z.string().nullable(),
  opensAt: z.date().nullable(),
  closesAt: z.date().nullable(),
  status: z.enum(EXAM_STATUSES),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** Counts of attempts, for authors and administrators only. */
  attempts: z.object({ inProgress: z.number().int(), submitted: z.number().int(), passed: z.number().int() }).optional(),
  /** Where the caller stands as a candidate (detail view only). */
  candidate: candidateStatusSchema.optional(),
});

export function examView(row: ExamRow, extra: { attempts?: ExamCounts; candidate?: CandidateStatus } = {}): z.infer<typeof examSchema> {
  return {
    id: row.id,
    examKey: row.examKey,
    title: row.title,
    description: row.description,
    bankKey: row.bankKey,
    blueprint: row.blueprint,
    itemCount: itemCountOf(row),
    timeLimitMinutes: row.timeLimitMinutes,
    attemptLimit: row.attemptLimit,
    cooldownMinutes: row.cooldownMinutes,
    cutScorePercent: row.cutScorePercent,
    shuffleOptions: row.shuffleOptions,
    feedbackRelease: row.feedbackRelease,
    requiredPathKey: row.requiredPathKey,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...extra,
  };
}

const optionSchema = z.object({ id: z.string(), text: z.string() });

/** The candidate's view of an attempt: deliberately without any key or rationale field. */
export const attemptSchema = z.object({
  id: z.string(),
  examId: z.string(),
  examTitle: z.string(),
  attemptNo: z.number().int(),
  status: z.enum(['in_progress', 'submitted']),
  startedAt: z.date(),
  deadlineAt: z.date(),
  serverTime: z.date(),
  remainingSeconds: z.number().int(),
  timeLimitSeconds: z.number().int(),
  extraSeconds: z.number().int(),
  submittedAt: z.date().nullable(),
  submitReason: z.enum(['candidate', 'time_up']).nullable(),
  itemCount: z.number().int(),
  answeredCount: z.number().int(),
  flaggedCount: z.number().int(),
  lastSeq: z.number().int(),
  navigator: z.array(z.object({ position: z.number().int(), itemId: z.string(), answered: z.boolean(), flagged: z.boolean() })),
  items: z.array(
    z.object({
      position: z.number().int(),
      itemId: z.string(),
      kind: z.enum(['single', 'multiple']),
      stem: z.string(),
      scenario: z.object({ id: z.string(), title: z.string(), caseText: z.string() }).nullable(),
      options: z.array(optionSchema),
      answer: z.object({ optionIds: z.array(z.string()), seq: z.number().int(), savedAt: z.date().nullable() }).nullable(),
      flagged: z.boolean(),
    }),
  ),
});

export const attemptSummarySchema = z.object({
  id: z.string(),
  examId: z.string(),
  examTitle: z.string(),
  attemptNo: z.number().int(),
  status: z.enum(['in_progress', 'submitted']),
  startedAt: z.date(),
  deadlineAt: z.date(),
  submittedAt: z.date().nullable(),
  scorePercent: z.number().int().nullable(),
  passed: z.boolean().nullable(),
});

export const savedAnswerSchema = z.object({
  itemId: z.string(),
  optionIds: z.array(z.string()),
  seq: z.number().int(),
  savedAt: z.date().nullable(),
  status: z.enum(['saved', 'stale']),
  remainingSeconds: z.number().int(),
});

export const resultSchema = z.object({
  attemptId: z.string(),
  examId: z.string(),
  examTitle: z.string(),
  personId: z.string(),
  attemptNo: z.number().int(),
  startedAt: z.date(),
  submittedAt: z.date(),
  submitReason: z.enum(['candidate', 'time_up']),
  correct: z.number().int(),
  total: z.number().int(),
  scorePercent: z.number().int(),
  cutScorePercent: z.number().int(),
  passed: z.boolean(),
  competencies: z.array(z.object({ competency: z.string(), correct: z.number().int(), total: z.number().int(), percent: z.number().int(), weak: z.boolean() })),
  lessonsToRevisit: z.object({
    available: z.boolean(),
    note: z.string().nullable(),
    items: z.array(z.object({ competency: z.string(), lessons: z.array(z.object({ lessonId: z.string(), lessonKey: z.string(), title: z.string(), minutes: z.number().int() })) })),
  }),
  feedback: z.object({
    released: z.boolean(),
    note: z.string(),
    availableAt: z.date().nullable(),
    items: z
      .array(
        z.object({
          position: z.number().int(),
          itemId: z.string(),
          competency: z.string(),
          stem: z.string(),
          scenario: z.object({ title: z.string(), caseText: z.string() }).nullable(),
          correct: z.boolean(),
          chosenOptionIds: z.array(z.string()),
          options: z.array(z.object({ id: z.string(), text: z.string(), correct: z.boolean(), chosen: z.boolean(), rationale: z.string() })),
        }),
      )
      .nullable(),
  }),
});

export const accommodationSchema = z.object({
  examId: z.string(),
  personId: z.string(),
  personName: z.string(),
  extraMinutes: z.number().int(),
  note: z.string(),
  updatedAt: z.date(),
});

export const attemptOverviewSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  attemptNo: z.number().int(),
  status: z.enum(['in_progress', 'submitted']),
  startedAt: z.date(),
  deadlineAt: z.date(),
  extraSeconds: z.number().int(),
  submittedAt: z.date().nullable(),
  submitReason: z.enum(['candidate', 'time_up']).nullable(),
  correct: z.number().int().nullable(),
  total: z.number().int(),
  scorePercent: z.number().int().nullable(),
  passed: z.boolean().nullable(),
});
