import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, smallint, bigint, boolean, jsonb, timestamp, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { organisations } from '../../org/schema.js';
import { people } from '../../identity/schema.js';
import { itemVersions } from '../items/contract.js';

export const EXAM_STATUSES = ['draft', 'published', 'archived'] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];
/** When candidates see rationales: right after they submit, or once the exam's window has closed. */
export const FEEDBACK_RELEASES = ['on_submit', 'after_close'] as const;
export type FeedbackRelease = (typeof FEEDBACK_RELEASES)[number];

/** One line of a blueprint: draw `count` published items of `competency` from the bank. */
export interface BlueprintLine {
  competency: string;
  count: number;
}

/**
 * An exam (A2): which bank to draw from, how many items per competency, and the rules of sitting
 * it. Every attempt gets its own random form (exam_attempt_items), so changing the blueprint only
 * affects attempts started afterwards.
 */
export const exams = pgTable(
  'exams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** Stable key (e.g. `professional`) that programs and packs refer to; unique in the organisation. */
    examKey: text('exam_key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    bankKey: text('bank_key').notNull(),
    blueprint: jsonb('blueprint').$type<BlueprintLine[]>().notNull(),
    timeLimitMinutes: integer('time_limit_minutes').notNull(),
    /** null: unlimited attempts. */
    attemptLimit: integer('attempt_limit'),
    /** Minutes a candidate waits after submitting before the next attempt. */
    cooldownMinutes: integer('cooldown_minutes').notNull().default(0),
    cutScorePercent: integer('cut_score_percent').notNull(),
    shuffleOptions: boolean('shuffle_options').notNull().default(true),
    feedbackRelease: text('feedback_release').$type<FeedbackRelease>().notNull().default('on_submit'),
    /** Eligibility: the learning path (by path key) a candidate must have completed first. */
    requiredPathKey: text('required_path_key'),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    status: text('status').$type<ExamStatus>().notNull().default('draft'),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('exams_org_key_unique').on(t.orgId, t.examKey), index('exams_org_status_idx').on(t.orgId, t.status)],
);

/** Extra time for one person on one exam, set by an administrator; applies to attempts started afterwards. */
export const examAccommodations = pgTable(
  'exam_accommodations',
  {
    examId: uuid('exam_id').notNull().references(() => exams.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    extraMinutes: integer('extra_minutes').notNull(),
    note: text('note').notNull().default(''),
    setBy: uuid('set_by').references(() => people.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.examId, t.personId] })],
);

export const ATTEMPT_STATUSES = ['in_progress', 'submitted'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
export type SubmitReason = 'candidate' | 'time_up';

export interface CompetencyResult {
  competency: string;
  correct: number;
  total: number;
  percent: number;
}

/**
 * One sitting of an exam. The deadline is fixed at start from the database clock (time limit plus
 * the person's extra time), so every instance agrees on it. Scores are written once, by whichever
 * of the candidate's submit and the deadline job gets there first.
 */
export const examAttempts = pgTable(
  'exam_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    examId: uuid('exam_id').notNull().references(() => exams.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    attemptNo: integer('attempt_no').notNull(),
    status: text('status').$type<AttemptStatus>().notNull().default('in_progress'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    timeLimitSeconds: integer('time_limit_seconds').notNull(),
    extraSeconds: integer('extra_seconds').notNull().default(0),
    /** The cut score when the attempt started: later blueprint edits do not move it. */
    cutScorePercent: integer('cut_score_percent').notNull(),
    /** Set once the deadline job is queued; a sweep queues attempts left without one. */
    autoSubmitJobId: text('auto_submit_job_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submitReason: text('submit_reason').$type<SubmitReason>(),
    itemCount: integer('item_count').notNull(),
    correctCount: integer('correct_count'),
    scorePercent: integer('score_percent'),
    passed: boolean('passed'),
    breakdown: jsonb('breakdown').$type<CompetencyResult[]>(),
  },
  (t) => [
    uniqueIndex('exam_attempts_number_unique').on(t.examId, t.personId, t.attemptNo),
    // At most one attempt in progress per person and exam: a double click on "start" resumes it.
    uniqueIndex('exam_attempts_open_unique').on(t.examId, t.personId).where(sql`status = 'in_progress'`),
    index('exam_attempts_exam_status_idx').on(t.examId, t.status),
    index('exam_attempts_person_idx').on(t.personId, t.examId),
    index('exam_attempts_open_deadline_idx').on(t.deadlineAt).where(sql`status = 'in_progress'`),
  ],
);

/**
 * The form of an attempt, one row per position, holding the candidate's answer. `option_order`
 * is the shuffled display order (option ids of the item version); candidates see options numbered
 * 1..n in that order, and `chosen` stores the version's option ids. `seq` is the candidate's
 * sequence number of the last save applied (0: never answered), so older saves never win.
 */
export const examAttemptItems = pgTable(
  'exam_attempt_items',
  {
    attemptId: uuid('attempt_id').notNull().references(() => examAttempts.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    itemVersionId: uuid('item_version_id').notNull().references(() => itemVersions.id),
    competency: text('competency').notNull(),
    kind: text('kind').$type<'single' | 'multiple'>().notNull(),
    optionOrder: text('option_order').array().notNull(),
    chosen: text('chosen').array(),
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    flagged: boolean('flagged').notNull().default(false),
    score: smallint('score'),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.position] }), uniqueIndex('exam_attempt_items_version_unique').on(t.attemptId, t.itemVersionId)],
);
