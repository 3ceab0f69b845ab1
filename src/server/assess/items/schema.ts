import { pgTable, uuid, text, integer, jsonb, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from '../../org/schema.js';
import { people } from '../../identity/schema.js';

/**
 * Item bank (A1). An organisation has banks (e.g. `professional`, `executive`); a bank holds items
 * and scenario sets. An item's content lives in immutable versions: a draft item edits its one
 * version in place, every edit of a published item adds a new version, so an exam answer that
 * stores an `item_versions.id` always points at exactly the text the candidate saw.
 */
export const itemBanks = pgTable(
  'item_banks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    bankKey: text('bank_key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('item_banks_org_key_unique').on(t.orgId, t.bankKey)],
);

/** Several items sharing one case text. Item versions copy the case text, so editing it versions the items. */
export const itemScenarios = pgTable(
  'item_scenarios',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    bankId: uuid('bank_id').notNull().references(() => itemBanks.id, { onDelete: 'cascade' }),
    scenarioKey: text('scenario_key').notNull(),
    title: text('title').notNull(),
    caseText: text('case_text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('item_scenarios_org_key_unique').on(t.orgId, t.scenarioKey), index('item_scenarios_bank_idx').on(t.bankId)],
);

export const ITEM_KINDS = ['single', 'multiple'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_STATUSES = ['draft', 'published', 'retired'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_SOURCES = ['authored', 'pack', 'gift', 'moodle', 'qti'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

/** One answer option as stored in a version. `id` is stable within the version (A, B, C ... in authoring order). */
export interface StoredOption {
  id: string;
  text: string;
  correct: boolean;
  rationale: string;
}

/** The stable identity of a question; its text lives in item_versions. */
export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    bankId: uuid('bank_id').notNull().references(() => itemBanks.id, { onDelete: 'cascade' }),
    /** Stable key, unique in the organisation (pack ids such as `pro-capacity-planning-001`). */
    itemKey: text('item_key').notNull(),
    scenarioId: uuid('scenario_id').references(() => itemScenarios.id, { onDelete: 'set null' }),
    /** Order of the item inside its scenario set. */
    scenarioPosition: integer('scenario_position').notNull().default(0),
    status: text('status').$type<ItemStatus>().notNull().default('draft'),
    source: text('source').$type<ItemSource>().notNull().default('authored'),
    /** Denormalised from the current version for filtering lists. */
    kind: text('kind').$type<ItemKind>().notNull(),
    competency: text('competency').notNull(),
    stem: text('stem').notNull(),
    currentVersion: integer('current_version').notNull().default(1),
    /**
     * Hash of the content as last imported from a pack or file. A re-import versions the item only
     * when the source changed since, so an author's later edit is not undone by the same file.
     */
    importHash: text('import_hash'),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('items_org_key_unique').on(t.orgId, t.itemKey),
    index('items_bank_competency_idx').on(t.bankId, t.competency, t.status),
    index('items_scenario_idx').on(t.scenarioId),
  ],
);

/**
 * Immutable once published. Exams store `item_versions.id` in forms and answers (foreign key,
 * no cascade): versions are never deleted while anything points at them.
 */
export const itemVersions = pgTable(
  'item_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').notNull().references(() => items.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    kind: text('kind').$type<ItemKind>().notNull(),
    competency: text('competency').notNull(),
    stem: text('stem').notNull(),
    options: jsonb('options').$type<StoredOption[]>().notNull(),
    /** Snapshot of the scenario the item belonged to when this version was made. */
    scenarioId: uuid('scenario_id').references(() => itemScenarios.id, { onDelete: 'set null' }),
    scenarioKey: text('scenario_key'),
    scenarioTitle: text('scenario_title'),
    caseText: text('case_text'),
    /** sha256 over the content fields; a pack re-import compares it to decide whether to version. */
    contentHash: text('content_hash').notNull(),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('item_versions_item_version_unique').on(t.itemId, t.version), index('item_versions_org_idx').on(t.orgId)],
);
