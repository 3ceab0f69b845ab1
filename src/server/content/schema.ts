import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, jsonb, timestamp, index, uniqueIndex, customType } from 'drizzle-orm/pg-core';
import { organisations } from '../org/schema.js';
import { people } from '../identity/schema.js';

/**
 * Content packs (docs/content-packs.md) imported into an organisation. Rows are keyed by the ids the
 * pack files use (lesson_key, path_key, tip_key) so a newer version of a pack updates them in place
 * and learner progress, which points at the row id, survives an upgrade.
 */
export const contentPacks = pgTable(
  'content_packs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    packKey: text('pack_key').notNull(),
    name: text('name').notNull(),
    version: text('version').notNull(),
    description: text('description').notNull().default(''),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    importedBy: uuid('imported_by').references(() => people.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('content_packs_org_key_unique').on(t.orgId, t.packKey)],
);

/** Postgres full-text search document; written by the database (a generated column), never by us. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export interface KnowledgeCheckOption {
  text: string;
  correct: boolean;
  feedback: string;
}
export interface KnowledgeCheckQuestion {
  id: string;
  prompt: string;
  kind: 'single' | 'multiple';
  options: KnowledgeCheckOption[];
}
export interface ApplyIt {
  tool: string;
  title: string;
  task: string;
}
export interface PathSection {
  title: string;
  description: string;
  lessonKeys: string[];
}

export const lessons = pgTable(
  'lessons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    packId: uuid('pack_id').notNull().references(() => contentPacks.id, { onDelete: 'cascade' }),
    lessonKey: text('lesson_key').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    minutes: integer('minutes').notNull(),
    stage: text('stage').notNull(),
    levels: text('levels').array().notNull(),
    competencies: text('competencies').array().notNull(),
    objectives: jsonb('objectives').$type<string[]>().notNull(),
    bodyMarkdown: text('body_markdown').notNull(),
    /** The body as plain text (Markdown removed): what search indexes and snippets quote. */
    bodyText: text('body_text').notNull().default(''),
    knowledgeCheck: jsonb('knowledge_check').$type<KnowledgeCheckQuestion[]>().notNull(),
    applyIt: jsonb('apply_it').$type<ApplyIt>().notNull(),
    wordCount: integer('word_count').notNull(),
    /**
     * sha256 of the lesson's content (front matter values and body, not its formatting); a re-import
     * that changes it bumps revision and sets updated_at.
     */
    contentHash: text('content_hash').notNull(),
    /** Where the lesson file sits in the pack (lessons/...md), so an export writes it back there. */
    sourcePath: text('source_path').notNull().default(''),
    /** What the library search matches: title, summary and body (weights A, B, C), through a GIN index. */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("summary", '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce("body_text", '')), 'C')`,
    ),
    /**
     * What the library search ranks by: title and summary only. It is small enough to stay in the
     * row, so ranking thousands of matches never reads the large body vector (docs/benchmarks.md).
     */
    rankVector: tsvector('rank_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("summary", '')), 'B')`,
    ),
    revision: integer('revision').notNull().default(1),
    /** Set when a newer pack version no longer contains the lesson; progress on it is kept. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('lessons_org_key_unique').on(t.orgId, t.lessonKey),
    index('lessons_org_stage_idx').on(t.orgId, t.stage),
    index('lessons_search_idx').using('gin', t.searchVector),
    index('lessons_pack_idx').on(t.packId),
  ],
);

export const learningPaths = pgTable(
  'learning_paths',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    packId: uuid('pack_id').notNull().references(() => contentPacks.id, { onDelete: 'cascade' }),
    pathKey: text('path_key').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    fromLevel: text('from_level').notNull(),
    toLevel: text('to_level').notNull(),
    sections: jsonb('sections').$type<PathSection[]>().notNull(),
    contentHash: text('content_hash').notNull().default(''),
    sourcePath: text('source_path').notNull().default(''),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('learning_paths_org_key_unique').on(t.orgId, t.pathKey)],
);

export const tips = pgTable(
  'tips',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    packId: uuid('pack_id').notNull().references(() => contentPacks.id, { onDelete: 'cascade' }),
    tipKey: text('tip_key').notNull(),
    stage: text('stage').notNull(),
    title: text('title').notNull(),
    bodyMarkdown: text('body_markdown').notNull(),
    contentHash: text('content_hash').notNull().default(''),
    /** The tips file it came from and its place in that file's list, so an export rebuilds the file. */
    sourcePath: text('source_path').notNull().default(''),
    position: integer('position').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tips_org_key_unique').on(t.orgId, t.tipKey), index('tips_org_stage_idx').on(t.orgId, t.stage)],
);
