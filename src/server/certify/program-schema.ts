import { pgTable, uuid, text, integer, jsonb, timestamp, index, uniqueIndex, customType } from 'drizzle-orm/pg-core';
import { organisations } from '../org/schema.js';
import { people } from '../identity/schema.js';

export interface RubricCriterion {
  key: string;
  title: string;
  /** Ordered from lowest to highest; `passLevel` is the lowest acceptable one. */
  levels: string[];
  passLevel: number;
}

/** Evidence: an uploaded file (ref = file id), a link (ref = URL), or a toolkit artefact (ref = e.g. `escalation-procedure:<id>`). */
export interface Evidence {
  kind: 'file' | 'link' | 'artefact';
  ref: string;
  title: string;
}

/** A certification program (A6) of one organisation: professional or executive level. */
export const programs = pgTable(
  'certify_programs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    programKey: text('program_key').notNull(),
    level: text('level').$type<'professional' | 'executive'>().notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    criteriaNarrative: text('criteria_narrative').notNull(),
    /** Requirement: this learning path (by key) completed; null = no path requirement. */
    pathKey: text('path_key'),
    /** Requirement: this exam passed; null = not configured yet (the requirement stays open). */
    examId: uuid('exam_id'),
    rubric: jsonb('rubric').$type<RubricCriterion[]>().notNull(),
    actionPlanDays: integer('action_plan_days').notNull().default(30),
    validityDays: integer('validity_days').notNull().default(1095),
    /** Continuing-education hours since issue needed to renew. */
    renewalCeHours: integer('renewal_ce_hours').notNull().default(20),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('certify_programs_org_key_unique').on(t.orgId, t.programKey)],
);

export const enrolments = pgTable(
  'certify_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    programId: uuid('program_id').notNull().references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    credentialId: uuid('credential_id'),
  },
  (t) => [uniqueIndex('certify_enrolments_unique').on(t.programId, t.personId), index('certify_enrolments_person_idx').on(t.orgId, t.personId)],
);

/** One practicum submission; a returned one is followed by a resubmission (a new row). */
export const practicumSubmissions = pgTable(
  'certify_practicum_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    enrolmentId: uuid('enrolment_id').notNull().references(() => enrolments.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    evidence: jsonb('evidence').$type<Evidence[]>().notNull(),
    note: text('note').notNull().default(''),
    status: text('status').$type<'submitted' | 'accepted' | 'returned'>().notNull().default('submitted'),
    reviewerId: uuid('reviewer_id').references(() => people.id, { onDelete: 'set null' }),
    scores: jsonb('scores').$type<Record<string, number>>(),
    comments: text('comments'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('certify_practicum_round_unique').on(t.enrolmentId, t.round), index('certify_practicum_org_status_idx').on(t.orgId, t.status)],
);

export interface PlanItem {
  title: string;
  dueDate: string;
  checkIns: { at: string; note: string; done: boolean }[];
}

/** The 30-day action plan after the exam: submitted by the learner, acknowledged by their manager. */
export const actionPlans = pgTable('certify_action_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  enrolmentId: uuid('enrolment_id').notNull().unique().references(() => enrolments.id, { onDelete: 'cascade' }),
  personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
  items: jsonb('items').$type<PlanItem[]>().notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  acknowledgedBy: uuid('acknowledged_by').references(() => people.id, { onDelete: 'set null' }),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
});

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * A file a person uploaded as practicum evidence. Kept in the database (bytea) so the embedded
 * backup and pg_dump carry it with everything else; referenced from Evidence by id.
 */
export const evidenceFiles = pgTable(
  'certify_evidence_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('certify_evidence_files_person_idx').on(t.orgId, t.personId)],
);
