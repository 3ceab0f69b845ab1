import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, jsonb, timestamp, date, boolean, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { organisations } from '../org/schema.js';
import { people } from '../identity/schema.js';
import { learningPaths, lessons, tips } from '../content/schema.js';

/** Where the reader was in a lesson: the last section anchor and how far down the page (0..1). */
export interface LessonPosition {
  anchor: string | null;
  fraction: number;
}

/**
 * One row per person and lesson, created when the lesson is first opened (or completed). Progress
 * points at the lesson row id, so a pack upgrade that changes the lesson keeps it.
 */
export const lessonProgress = pgTable(
  'lesson_progress',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    lastOpenedAt: timestamp('last_opened_at', { withTimezone: true }).notNull().defaultNow(),
    position: jsonb('position').$type<LessonPosition>(),
    /** The furthest fraction already reported as an xAPI "progressed" statement. */
    reportedFraction: real('reported_fraction').notNull().default(0),
    secondsSpent: integer('seconds_spent').notNull().default(0),
    /** When time was last added (or the lesson opened); a heartbeat cannot add more than has passed since. */
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** The lesson's revision when it was (last) completed; a higher revision now means "updated since". */
    completedRevision: integer('completed_revision'),
    /** The lesson's minutes at first completion: continuing-education credit never changes afterwards. */
    creditedMinutes: integer('credited_minutes'),
  },
  (t) => [
    uniqueIndex('lesson_progress_person_lesson_unique').on(t.personId, t.lessonId),
    index('lesson_progress_person_completed_idx').on(t.personId, t.completedAt),
  ],
);

/** Heartbeat ticks already counted, so a retried tick adds its seconds once. */
export const lessonTimeTicks = pgTable(
  'lesson_time_ticks',
  {
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    tickId: text('tick_id').notNull(),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    secondsAdded: integer('seconds_added').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.tickId] })],
);

/** Every knowledge-check answer given, newest last; the player shows the latest per question. */
export const knowledgeCheckAnswers = pgTable(
  'knowledge_check_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    optionIndexes: integer('option_indexes').array().notNull(),
    correct: boolean('correct').notNull(),
    lessonRevision: integer('lesson_revision').notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('kc_answers_person_lesson_idx').on(t.personId, t.lessonId, t.answeredAt)],
);

/** Private notes: only their author ever reads them. */
export const lessonNotes = pgTable(
  'lesson_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    anchor: text('anchor'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('lesson_notes_person_lesson_idx').on(t.personId, t.lessonId, t.createdAt)],
);

export const lessonBookmarks = pgTable(
  'lesson_bookmarks',
  {
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    lessonId: uuid('lesson_id').notNull().references(() => lessons.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.lessonId] })],
);

/**
 * A person on a learning path: self-enrolled or assigned by their manager or an admin. At most one
 * enrolment per person and path is active (not withdrawn); after a withdrawal they may enrol again.
 */
export const pathEnrolments = pgTable(
  'path_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    pathId: uuid('path_id').notNull().references(() => learningPaths.id, { onDelete: 'cascade' }),
    source: text('source').notNull(), // self | manager | admin
    assignedBy: uuid('assigned_by').references(() => people.id, { onDelete: 'set null' }),
    dueDate: date('due_date', { mode: 'string' }),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by').references(() => people.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('path_enrolments_active_unique').on(t.personId, t.pathId).where(sql`withdrawn_at is null`),
    index('path_enrolments_org_idx').on(t.orgId, t.enrolledAt),
    index('path_enrolments_due_idx').on(t.dueDate).where(sql`withdrawn_at is null and completed_at is null`),
  ],
);

/**
 * Due-date reminders. The unique key (enrolment, kind, date) makes each reminder happen once,
 * whichever instance or retry of the sweep gets there first; the row is also the in-app reminder.
 */
export const learningReminders = pgTable(
  'learning_reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    enrolmentId: uuid('enrolment_id').notNull().references(() => pathEnrolments.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // due_soon | overdue
    forDate: date('for_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    outboxId: uuid('outbox_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('learning_reminders_once').on(t.enrolmentId, t.kind, t.forDate),
    index('learning_reminders_person_idx').on(t.personId, t.createdAt),
  ],
);

/** Per-organisation learning settings, and the key that signs tip unsubscribe links. */
export const learningSettings = pgTable('learning_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  reminderDaysBefore: integer('reminder_days_before').notNull().default(3),
  tipsSigningKey: text('tips_signing_key').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Statement ids are the xAPI statement ids; the statement is stored exactly as exported. */
export const xapiStatements = pgTable(
  'xapi_statements',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    verb: text('verb').notNull(),
    objectId: text('object_id').notNull(),
    statement: jsonb('statement').$type<Record<string, unknown>>().notNull(),
    timestamp: timestamp('timestamp', { withTimezone: true }).notNull(),
    storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow(),
    forwardedAt: timestamp('forwarded_at', { withTimezone: true }),
    forwardAttempts: integer('forward_attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('xapi_statements_org_time_idx').on(t.orgId, t.timestamp, t.id),
    index('xapi_statements_unforwarded_idx').on(t.orgId, t.storedAt).where(sql`forwarded_at is null`),
  ],
);

/** Forwarding to an external Learning Record Store. The secret is never sent back to clients in full. */
export const lrsSettings = pgTable('lrs_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(false),
  endpoint: text('endpoint').notNull(),
  authKey: text('auth_key').notNull(),
  authSecret: text('auth_secret').notNull(),
  /** A worker forwarding for this organisation; a stale claim means it died mid-batch. */
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  lastForwardedAt: timestamp('last_forwarded_at', { withTimezone: true }),
  lastError: text('last_error'),
  lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
  /** Failed runs in a row; the next run waits base * 2^(n-1) seconds (capped at an hour) after the last. */
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Weekly tips: no row means subscribed (the default); unsubscribing sets unsubscribedAt. */
export const tipSubscriptions = pgTable('tip_subscriptions', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  subscribed: boolean('subscribed').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One tip per person per week (weekOf is that week's Monday); the unique key makes it once. */
export const tipDeliveries = pgTable(
  'tip_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    tipId: uuid('tip_id').notNull().references(() => tips.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    weekOf: date('week_of', { mode: 'string' }).notNull(),
    outboxId: uuid('outbox_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tip_deliveries_person_week_unique').on(t.personId, t.weekOf), index('tip_deliveries_person_tip_idx').on(t.personId, t.tipId)],
);
