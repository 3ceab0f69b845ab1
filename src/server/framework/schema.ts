import { pgTable, uuid, text, integer, jsonb, timestamp, primaryKey, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from '../org/schema.js';

/**
 * The career framework of one organisation (PRODUCT.md L1): proficiency scale, career ladder,
 * training stages, competencies with target proficiency per level, and job roles with their
 * requirements. Seeded and upgraded from a content pack's framework.yaml, edited by org admins.
 *
 * Rows are keyed by the ids the pack uses (level_key, stage_key, ...). `org_edited_at` is set when an
 * org admin changes an item; a later pack upgrade then leaves that item's text alone.
 */

export const proficiencyLevels = pgTable(
  'proficiency_levels',
  {
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    label: text('label').notNull(),
    description: text('description').notNull().default(''),
    orgEditedAt: timestamp('org_edited_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.level] })],
);

export const careerLevels = pgTable(
  'career_levels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    levelKey: text('level_key').notNull(),
    label: text('label').notNull(),
    description: text('description').notNull().default(''),
    /** Lowest first. */
    position: integer('position').notNull(),
    orgEditedAt: timestamp('org_edited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('career_levels_org_key_unique').on(t.orgId, t.levelKey)],
);

export const trainingStages = pgTable(
  'training_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    stageKey: text('stage_key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The career levels this stage is meant for (level keys). */
    levels: text('levels').array().notNull(),
    position: integer('position').notNull(),
    orgEditedAt: timestamp('org_edited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('training_stages_org_key_unique').on(t.orgId, t.stageKey)],
);

/** Level key -> target proficiency (a level of the proficiency scale). Levels without a target are left out. */
export type CompetencyTargets = Record<string, number>;

export const competencies = pgTable(
  'competencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    competencyKey: text('competency_key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    stageKey: text('stage_key').notNull(),
    targets: jsonb('targets').$type<CompetencyTargets>().notNull(),
    position: integer('position').notNull(),
    orgEditedAt: timestamp('org_edited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('competencies_org_key_unique').on(t.orgId, t.competencyKey)],
);

export type JobRequirement =
  | { kind: 'certificate'; ref: 'professional' | 'executive'; withinMonths?: number }
  | { kind: 'path'; ref: string; withinMonths?: number }
  | { kind: 'competency'; ref: string; proficiency: number };

export const jobRoles = pgTable(
  'job_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    roleKey: text('role_key').notNull(),
    title: text('title').notNull(),
    levelKey: text('level_key').notNull(),
    summary: text('summary').notNull().default(''),
    requirements: jsonb('requirements').$type<JobRequirement[]>().notNull(),
    position: integer('position').notNull(),
    /** Removed by an org admin: hidden, and a pack upgrade does not bring it back. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    orgEditedAt: timestamp('org_edited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('job_roles_org_key_unique').on(t.orgId, t.roleKey)],
);
