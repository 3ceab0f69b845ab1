import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

type Reader = Pick<Db, 'execute'>;

/**
 * The two facts certification needs from the Learn module: has the person completed a learning
 * path, and how many continuing-education hours have they earned since a date. Read by SQL over
 * Learn's tables (learning_paths, path_enrolments, lesson_progress.credited_minutes, the same
 * numbers as learning/ce-hours.ts) so this module builds without Learn; where those tables are
 * absent the answers are "not available" and the requirement stays open with a reason.
 */
async function tablesExist(db: Reader, names: string[]): Promise<boolean> {
  const list = names.map((n) => sql`to_regclass(${`public.${n}`}) is not null`);
  const result = await db.execute(sql`select (${sql.join(list, sql` and `)}) as ok`);
  return result.rows[0]?.ok === true;
}

export type PathCompletion = { available: false } | { available: true; exists: boolean; title: string | null; completedAt: Date | null };

export async function pathCompletion(db: Reader, orgId: string, personId: string, pathKey: string): Promise<PathCompletion> {
  if (!(await tablesExist(db, ['learning_paths', 'path_enrolments']))) return { available: false };
  const result = await db.execute(sql`
    select p.title, (select max(e.completed_at) from path_enrolments e where e.path_id = p.id and e.person_id = ${personId}) as completed_at
    from learning_paths p where p.org_id = ${orgId} and p.path_key = ${pathKey}`);
  const row = result.rows[0] as { title: string; completed_at: unknown } | undefined;
  if (!row) return { available: true, exists: false, title: null, completedAt: null };
  return { available: true, exists: true, title: row.title, completedAt: row.completed_at ? new Date(row.completed_at as string) : null };
}

/** Continuing-education hours earned in [from, to), or null where Learn is not installed. */
export async function ceHoursSince(db: Reader, orgId: string, personId: string, from: Date, to = new Date()): Promise<number | null> {
  if (!(await tablesExist(db, ['lesson_progress']))) return null;
  const result = await db.execute(sql`
    select coalesce(sum(credited_minutes), 0)::int as minutes from lesson_progress
    where org_id = ${orgId} and person_id = ${personId} and completed_at is not null
      and completed_at >= ${from.toISOString()} and completed_at < ${to.toISOString()}`);
  return Math.round((Number(result.rows[0]?.minutes ?? 0) / 60) * 100) / 100;
}
