// Test support for the links to the Learn module (eligibility by learning path, lessons to revisit).
// Those tables come from another branch; until it is merged, tests create stand-ins with the same
// columns (`create table if not exists`), and the inserts below use columns both share, so the
// same tests run unchanged against the real tables afterwards.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';

type Tx = Pick<Db, 'execute'>;

const STAND_INS = `
    create table if not exists content_packs (
      id uuid primary key default gen_random_uuid(), org_id uuid not null, pack_key text not null, name text not null,
      version text not null, description text not null default '', imported_at timestamptz not null default now(), imported_by uuid);
    create table if not exists learning_paths (
      id uuid primary key default gen_random_uuid(), org_id uuid not null, pack_id uuid not null, path_key text not null,
      title text not null, summary text not null, from_level text not null, to_level text not null, sections jsonb not null,
      retired_at timestamptz, created_at timestamptz not null default now(), updated_at timestamptz not null default now());
    create table if not exists path_enrolments (
      id uuid primary key default gen_random_uuid(), org_id uuid not null, person_id uuid not null, path_id uuid not null,
      source text not null, assigned_by uuid, due_date date, enrolled_at timestamptz not null default now(),
      completed_at timestamptz, withdrawn_at timestamptz, withdrawn_by uuid);
    create table if not exists lessons (
      id uuid primary key default gen_random_uuid(), org_id uuid not null, pack_id uuid not null, lesson_key text not null,
      title text not null, summary text not null, minutes integer not null, stage text not null, levels text[] not null,
      competencies text[] not null, objectives jsonb not null, body_markdown text not null, knowledge_check jsonb not null,
      apply_it jsonb not null, word_count integer not null, content_hash text not null, revision integer not null default 1,
      retired_at timestamptz, created_at timestamptz not null default now(), updated_at timestamptz not null default now());
`;

export async function ensureLearningTables(db: Tx): Promise<void> {
  for (const statement of STAND_INS.split(';').map((s) => s.trim()).filter(Boolean)) await db.execute(sql.raw(statement));
}

export async function addPack(db: Tx, orgId: string, packKey: string): Promise<string> {
  const r = await db.execute(sql`insert into content_packs (org_id, pack_key, name, version) values (${orgId}, ${packKey}, ${`Pack ${packKey}`}, '1.0.0') returning id`);
  return r.rows[0].id as string;
}

export async function addPath(db: Tx, orgId: string, packId: string, pathKey: string, title: string): Promise<string> {
  const r = await db.execute(sql`
    insert into learning_paths (org_id, pack_id, path_key, title, summary, from_level, to_level, sections)
    values (${orgId}, ${packId}, ${pathKey}, ${title}, 'Lessons for the step into management', 'individual_contributor', 'it_manager', '[]'::jsonb)
    returning id`);
  return r.rows[0].id as string;
}

export async function enrol(db: Tx, orgId: string, personId: string, pathId: string, completed: boolean): Promise<void> {
  await db.execute(sql`
    insert into path_enrolments (org_id, person_id, path_id, source, completed_at)
    values (${orgId}, ${personId}, ${pathId}, 'self', ${completed ? sql`now()` : sql`null`})`);
}

export async function addLesson(db: Tx, orgId: string, packId: string, lesson: { key: string; title: string; competencies: string[]; retired?: boolean }): Promise<string> {
  const r = await db.execute(sql`
    insert into lessons (org_id, pack_id, lesson_key, title, summary, minutes, stage, levels, competencies, objectives,
      body_markdown, knowledge_check, apply_it, word_count, content_hash, retired_at)
    values (${orgId}, ${packId}, ${lesson.key}, ${lesson.title}, 'A short lesson', 20, 'business-of-it', '{it_manager}',
      ${`{${lesson.competencies.join(',')}}`}::text[], '[]'::jsonb, 'Body', '[]'::jsonb,
      '{"tool":"escalations","title":"Build one","task":"Write the procedure"}'::jsonb, 2000, 'hash',
      ${lesson.retired ? sql`now()` : sql`null`})
    returning id`);
  return r.rows[0].id as string;
}

/**
 * Runs `fn` inside a transaction in which the Learn tables are out of sight (renamed), then rolls
 * everything back: how the exams module behaves on an installation without the Learn module.
 */
export async function withoutLearningTables(db: Db, fn: (tx: Tx) => Promise<void>): Promise<void> {
  class Rollback extends Error {}
  try {
    await db.transaction(async (tx) => {
      for (const t of ['path_enrolments', 'learning_paths', 'lessons']) await tx.execute(sql.raw(`alter table if exists ${t} rename to ${t}_hidden_by_test`));
      await fn(tx);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
}
