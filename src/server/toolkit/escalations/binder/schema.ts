import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../../../org/schema.js';
import { people } from '../../../identity/schema.js';
import type { ProcedureContact, ProcedureSnapshot, ProcedureStep } from '../procedure-snapshot.js';

/**
 * The escalation binder (docs/users/escalation-binder.md): support areas with their owning Expert,
 * situations the Experts propose, procedures drafted from them, and the immutable published
 * versions that live incidents start from.
 */
export const escalationSupportAreas = pgTable(
  'escalation_support_areas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    expertPersonId: uuid('expert_person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('escalation_support_areas_org_name_unique').on(t.orgId, t.name), index('escalation_support_areas_expert_idx').on(t.expertPersonId)],
);

/** A situation an Expert thinks needs a procedure; the manager accepts or declines it (step 3). */
export const escalationProposals = pgTable(
  'escalation_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    supportAreaId: uuid('support_area_id').notNull().references(() => escalationSupportAreas.id, { onDelete: 'cascade' }),
    situation: text('situation').notNull(),
    title: text('title').notNull(),
    rationale: text('rationale').notNull().default(''),
    proposedBy: uuid('proposed_by').references(() => people.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('proposed'), // proposed | accepted | declined
    decidedBy: uuid('decided_by').references(() => people.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('escalation_proposals_org_status_idx').on(t.orgId, t.status), index('escalation_proposals_area_idx').on(t.supportAreaId)],
);

/**
 * The working copy of a procedure. `status` is where the working copy stands (draft, reviewed,
 * published = identical to the version in force, archived); `currentVersion` is the published
 * version in force, which stays in force while a new draft is edited.
 */
export const escalationProcedures = pgTable(
  'escalation_procedures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    supportAreaId: uuid('support_area_id').references(() => escalationSupportAreas.id, { onDelete: 'set null' }),
    proposalId: uuid('proposal_id').references(() => escalationProposals.id, { onDelete: 'set null' }),
    templateKey: text('template_key'),
    situation: text('situation').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    expertPersonId: uuid('expert_person_id').references(() => people.id, { onDelete: 'set null' }),
    itPointPersonId: uuid('it_point_person_id').references(() => people.id, { onDelete: 'set null' }),
    sitePointPersonId: uuid('site_point_person_id').references(() => people.id, { onDelete: 'set null' }),
    /** The site point person when it is a named contact (someone outside Milewide) rather than a person. */
    sitePointContactId: text('site_point_contact_id'),
    sites: text('sites').array().notNull().default(sql`'{}'::text[]`),
    services: text('services').array().notNull().default(sql`'{}'::text[]`),
    contacts: jsonb('contacts').$type<ProcedureContact[]>().notNull().default(sql`'[]'::jsonb`),
    steps: jsonb('steps').$type<ProcedureStep[]>().notNull().default(sql`'[]'::jsonb`),
    repeatEveryMinutes: integer('repeat_every_minutes'),
    statusUpdateEveryMinutes: integer('status_update_every_minutes').notNull().default(30),
    status: text('status').notNull().default('draft'), // draft | reviewed | published | archived
    /** Bumped on every edit; a PATCH may send the revision it started from to avoid overwriting. */
    revision: integer('revision').notNull().default(1),
    /** The Expert says the draft is ready for the manager's review. */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => people.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note').notNull().default(''),
    currentVersion: integer('current_version'),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    index('escalation_procedures_org_status_idx').on(t.orgId, t.status),
    index('escalation_procedures_expert_idx').on(t.expertPersonId),
    uniqueIndex('escalation_procedures_proposal_unique').on(t.proposalId),
  ],
);

/** An immutable published version: the snapshot incidents follow. Never updated or deleted. */
export const escalationProcedureVersions = pgTable(
  'escalation_procedure_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    procedureId: uuid('procedure_id').notNull().references(() => escalationProcedures.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<ProcedureSnapshot>().notNull(),
    publishedBy: uuid('published_by').references(() => people.id, { onDelete: 'set null' }),
    reviewedBy: uuid('reviewed_by').references(() => people.id, { onDelete: 'set null' }),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('escalation_procedure_versions_unique').on(t.procedureId, t.version), index('escalation_procedure_versions_org_idx').on(t.orgId)],
);

/** "Optionally share with affected managers" (step 6): who was sent which version, and when. */
export const escalationProcedureShares = pgTable(
  'escalation_procedure_shares',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    procedureId: uuid('procedure_id').notNull().references(() => escalationProcedures.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    sharedBy: uuid('shared_by').references(() => people.id, { onDelete: 'set null' }),
    sharedAt: timestamp('shared_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('escalation_procedure_shares_procedure_idx').on(t.procedureId, t.version)],
);
