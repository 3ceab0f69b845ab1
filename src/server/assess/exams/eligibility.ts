import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

type Reader = Pick<Db, 'execute'>;

export interface Eligibility {
  eligible: boolean;
  /** Why not, in words a candidate can act on; null when eligible. */
  reason: string | null;
}

async function tablesExist(db: Reader, names: string[]): Promise<boolean> {
  const list = names.map((n) => sql`to_regclass(${`public.${n}`}) is not null`);
  const result = await db.execute(sql`select (${sql.join(list, sql` and `)}) as ok`);
  return result.rows[0]?.ok === true;
}

/**
 * Whether a person may sit an exam that requires a learning path ("path completed first").
 * Reads the learning module's tables (learning_paths, path_enrolments) by SQL so that this module
 * needs nothing from it at build time. Where those tables do not exist yet, an exam that requires
 * a path cannot be sat, and the reason says so; an exam without the rule is always open.
 */
export async function checkEligibility(db: Reader, orgId: string, personId: string, exam: { requiredPathKey: string | null }): Promise<Eligibility> {
  const pathKey = exam.requiredPathKey;
  if (!pathKey) return { eligible: true, reason: null };
  if (!(await tablesExist(db, ['learning_paths', 'path_enrolments']))) {
    return {
      eligible: false,
      reason: `This exam requires completing the learning path "${pathKey}" first, and learning paths are not available on this installation yet; ask your administrator.`,
    };
  }
  const result = await db.execute(sql`
    select p.title, (select max(e.completed_at) from path_enrolments e where e.path_id = p.id and e.person_id = ${personId}) as completed_at
    from learning_paths p where p.org_id = ${orgId} and p.path_key = ${pathKey}`);
  const row = result.rows[0] as { title: string; completed_at: unknown } | undefined;
  if (!row) return { eligible: false, reason: `This exam requires the learning path "${pathKey}", which your organisation does not have; ask the exam's author.` };
  if (row.completed_at === null || row.completed_at === undefined) {
    return { eligible: false, reason: `Complete the learning path "${row.title}" before you start this exam.` };
  }
  return { eligible: true, reason: null };
}
