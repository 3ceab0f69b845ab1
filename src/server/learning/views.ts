import { z } from 'zod';
import { STAGES } from './stages.js';

/** Zod descriptions of every learning response, for validation of our own output and the OpenAPI document. */

export const lessonKeyParams = z.object({ lessonKey: z.string().min(1).max(120).regex(/^[a-z0-9-]+$/, 'must be a lesson id: lowercase letters, digits and hyphens') });
export const pathKeyParams = z.object({ pathKey: z.string().min(1).max(120).regex(/^[a-z0-9-]+$/, 'must be a path id: lowercase letters, digits and hyphens') });
export const idParams = (what: string) => z.object({ id: z.uuid(`must be ${what} id (UUID)`) });

export const positionSchema = z
  .object({
    anchor: z
      .string()
      .max(120)
      .regex(/^[\p{L}\p{N}_-]+$/u, 'must be the id of a section heading (letters, digits, hyphens)')
      .nullable()
      .describe('The section heading the reader is in (its id in the rendered lesson), or null at the top'),
    fraction: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').describe('How far down the lesson the reader is, 0 (top) to 1 (end)'),
  })
  .strict();

const lessonStatus = z.enum(['not_started', 'in_progress', 'completed']);

export const answerRecordSchema = z.object({
  questionId: z.string(),
  optionIndexes: z.array(z.number().int()),
  correct: z.boolean(),
  answeredAt: z.date(),
  lessonRevision: z.number().int(),
});

export const progressSchema = z.object({
  lessonKey: z.string(),
  title: z.string(),
  minutes: z.number().int(),
  revision: z.number().int(),
  retired: z.boolean(),
  status: lessonStatus,
  startedAt: z.date().nullable(),
  lastOpenedAt: z.date().nullable(),
  position: z.object({ anchor: z.string().nullable(), fraction: z.number() }).nullable().describe('Where to resume'),
  secondsSpent: z.number().int(),
  completedAt: z.date().nullable(),
  completedRevision: z.number().int().nullable(),
  updatedSinceCompleted: z.boolean().describe('The lesson changed (a newer revision) after the caller completed it'),
  creditedMinutes: z.number().int().describe('Continuing-education minutes this lesson earned the caller'),
  bookmarked: z.boolean(),
  answers: z.array(answerRecordSchema).describe('The latest answer per knowledge-check question'),
});

export const myLessonSchema = z.object({
  lessonKey: z.string(),
  title: z.string(),
  stage: z.string(),
  minutes: z.number().int(),
  revision: z.number().int(),
  retired: z.boolean(),
  status: lessonStatus,
  startedAt: z.date(),
  lastOpenedAt: z.date(),
  position: z.object({ anchor: z.string().nullable(), fraction: z.number() }).nullable(),
  secondsSpent: z.number().int(),
  completedAt: z.date().nullable(),
  completedRevision: z.number().int().nullable(),
  updatedSinceCompleted: z.boolean(),
});

export const heartbeatBody = z
  .object({
    tickId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_" (a UUID works)').describe('Unique per tick; a retried tick with the same id counts once'),
    seconds: z.number().int().min(1).max(60, 'send a tick at least once a minute (at most 60 seconds each)'),
  })
  .strict();

export const heartbeatSchema = z.object({ secondsSpent: z.number().int(), added: z.number().int(), duplicate: z.boolean() });

export const noteBody = z
  .object({
    body: z.string().trim().min(1, 'write something first').max(10_000, 'keep a note under 10,000 characters'),
    anchor: z.string().max(120).regex(/^[\p{L}\p{N}_-]+$/u, 'must be the id of a section heading').nullable().optional(),
  })
  .strict();

export const notePatch = z
  .object({
    body: z.string().trim().min(1, 'a note cannot be empty; delete it instead').max(10_000, 'keep a note under 10,000 characters').optional(),
    anchor: z.string().max(120).regex(/^[\p{L}\p{N}_-]+$/u, 'must be the id of a section heading').nullable().optional(),
  })
  .strict();

export const noteSchema = z.object({
  id: z.uuid(),
  lessonKey: z.string(),
  lessonTitle: z.string(),
  anchor: z.string().nullable(),
  body: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const bookmarkSchema = z.object({
  lessonKey: z.string(),
  title: z.string(),
  summary: z.string(),
  stage: z.string(),
  minutes: z.number().int(),
  retired: z.boolean(),
  bookmarkedAt: z.date(),
});

export const ceHoursSchema = z.object({
  personId: z.uuid(),
  minutes: z.number().int(),
  hours: z.number(),
  lessons: z.number().int(),
  years: z.array(z.object({ year: z.number().int(), minutes: z.number().int(), hours: z.number(), lessons: z.number().int() })),
});

const pathLessonSchema = z.object({
  lessonKey: z.string(),
  title: z.string(),
  minutes: z.number().int(),
  status: lessonStatus,
  completedAt: z.date().nullable(),
  updatedSinceCompleted: z.boolean(),
});

export const pathProgressSchema = z.object({
  completed: z.number().int(),
  total: z.number().int(),
  percent: z.number().int(),
  sections: z.array(z.object({ title: z.string(), description: z.string(), completed: z.number().int(), total: z.number().int(), lessons: z.array(pathLessonSchema) })),
  nextLesson: z.object({ lessonKey: z.string(), title: z.string(), sectionTitle: z.string() }).nullable(),
});

export const enrolmentStatus = z.enum(['active', 'completed', 'withdrawn']);

export const enrolmentSchema = z.object({
  id: z.uuid(),
  person: z.object({ id: z.uuid(), name: z.string(), email: z.string(), teamId: z.uuid().nullable(), teamName: z.string().nullable() }),
  path: z.object({ pathKey: z.string(), title: z.string(), summary: z.string(), retired: z.boolean() }),
  source: z.enum(['self', 'manager', 'admin']),
  assignedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  dueDate: z.string().nullable().describe('YYYY-MM-DD'),
  enrolledAt: z.date(),
  completedAt: z.date().nullable(),
  withdrawnAt: z.date().nullable(),
  status: enrolmentStatus,
  overdue: z.boolean(),
  progress: pathProgressSchema,
});

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real calendar date');

export const assignBody = z
  .object({
    personId: z.uuid('must be a person id (UUID)'),
    pathKey: z.string().min(1).max(120),
    dueDate: isoDay.describe('Due date (UTC), today or later'),
  })
  .strict();

export const dueDateBody = z.object({ dueDate: isoDay.nullable().describe('New due date (UTC), today or later; null removes it') }).strict();

export const enrolBody = z.object({ pathKey: z.string().min(1).max(120) }).strict();

export const reminderSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['due_soon', 'overdue']),
  overdue: z.boolean(),
  dueDate: z.string(),
  createdAt: z.date(),
  enrolmentId: z.uuid(),
  pathKey: z.string(),
  pathTitle: z.string(),
});

export const settingsSchema = z.object({ reminderDaysBefore: z.number().int(), updatedAt: z.date() });
export const settingsPatch = z.object({ reminderDaysBefore: z.number().int().min(0).max(30, 'at most 30 days before the due date').optional() }).strict();

export const lrsSchema = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  endpoint: z.string().nullable(),
  key: z.string().nullable(),
  secretHint: z.string().nullable().describe('Never the secret itself'),
  lastForwardedAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
  pending: z.number().int().describe('Statements not yet forwarded'),
});

export const lrsBody = z
  .object({
    endpoint: z.string().trim().min(1).max(500).describe('The LRS xAPI base URL; statements are POSTed to <endpoint>/statements'),
    key: z.string().min(1).max(500).describe('Basic-auth key (user name)'),
    secret: z.string().min(1).max(500).optional().describe('Basic-auth secret; omit to keep the stored one'),
    enabled: z.boolean(),
  })
  .strict();

export const exportQuery = z
  .object({
    from: z.iso.datetime({ offset: true, message: 'must be an ISO date-time such as 2026-01-01T00:00:00Z' }).or(isoDay).optional(),
    to: z.iso.datetime({ offset: true, message: 'must be an ISO date-time such as 2026-02-01T00:00:00Z' }).or(isoDay).optional(),
  })
  .strict();

export const tipSchema = z.object({ tipKey: z.string(), stage: z.string(), title: z.string(), bodyMarkdown: z.string(), weekOf: z.string(), sentAt: z.date().nullable() });
export const currentTipSchema = z.object({
  tip: tipSchema.nullable(),
  delivered: z.boolean().describe('false: no tip sent yet; `tip` is the one the next weekly run would send'),
  subscribed: z.boolean(),
});
export const subscriptionSchema = z.object({ subscribed: z.boolean(), stage: z.enum(STAGES), stageTitle: z.string() });
export const unsubscribeLookupSchema = z.object({ email: z.string(), organisationName: z.string(), subscribed: z.boolean() });
export const tokenBody = z.object({ token: z.string().min(10).max(200) }).strict();

export const stageParams = z.object({ stage: z.string().min(1).max(100).regex(/^[a-z0-9-]+$/, 'must be a stage id: lowercase letters, digits and hyphens (for example business-of-it)') });
