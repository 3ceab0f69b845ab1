import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

type Reader = Pick<Db, 'execute'>;

export interface LessonToRevisit {
  lessonId: string;
  lessonKey: string;
  title: string;
  minutes: number;
}

export interface LessonsToRevisit {
  /** False when this installation has no lesson library yet: the list is then empty for that reason. */
  available: boolean;
  byCompetency: Record<string, LessonToRevisit[]>;
}

const PER_COMPETENCY = 5;

/**
 * The lessons that teach each of the given competencies, from the content module's `lessons`
 * table (its `competencies` array), read by SQL so this module needs nothing from it at build time.
 * Without that table the answer says so (`available: false`) instead of pretending there are none.
 */
export async function lessonsToRevisit(db: Reader, orgId: string, competencies: string[]): Promise<LessonsToRevisit> {
  const byCompetency: Record<string, LessonToRevisit[]> = Object.fromEntries(competencies.map((c) => [c, []]));
  const exists = await db.execute(sql`select to_regclass('public.lessons') is not null as ok`);
  if (exists.rows[0]?.ok !== true) return { available: false, byCompetency };
  if (competencies.length === 0) return { available: true, byCompetency };
  // A JSON list rather than an array parameter: drizzle spreads JS arrays into separate parameters.
  const result = await db.execute(sql`
    select c.competency, l.id, l.lesson_key, l.title, l.minutes
    from jsonb_array_elements_text(${JSON.stringify(competencies)}::jsonb) as c(competency)
    join lessons l on l.org_id = ${orgId} and l.retired_at is null and c.competency = any(l.competencies)
    order by c.competency, l.lesson_key`);
  for (const row of result.rows as { competency: string; id: string; lesson_key: string; title: string; minutes: number }[]) {
    const list = byCompetency[row.competency];
    if (list && list.length < PER_COMPETENCY) list.push({ lessonId: row.id, lessonKey: row.lesson_key, title: row.title, minutes: Number(row.minutes) });
  }
  return { available: true, byCompetency };
}
