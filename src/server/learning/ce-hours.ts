import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import { enforceFor, type Actor } from '../access/policy.js';
import { lessonProgress } from './schema.js';
import { loadSubject } from './relations.js';

export interface CeHours {
  personId: string;
  minutes: number;
  hours: number;
  lessons: number;
  years: { year: number; minutes: number; hours: number; lessons: number }[];
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/**
 * Continuing-education hours: the minutes of every completed lesson (as credited at its first
 * completion, so a later edit or a re-completion never changes them) over 60, by the UTC year of
 * completion. The certify module calls this for renewals with a window.
 */
export async function continuingEducationHours(db: Pick<Db, 'select'>, orgId: string, personId: string, window: { from?: Date; to?: Date } = {}): Promise<CeHours> {
  const year = sql<number>`extract(year from ${lessonProgress.completedAt} at time zone 'UTC')::int`;
  const rows = await db
    .select({ year, minutes: sql<number>`coalesce(sum(${lessonProgress.creditedMinutes}), 0)::int`, lessons: sql<number>`count(*)::int` })
    .from(lessonProgress)
    .where(
      and(
        eq(lessonProgress.orgId, orgId),
        eq(lessonProgress.personId, personId),
        isNotNull(lessonProgress.completedAt),
        window.from ? gte(lessonProgress.completedAt, window.from) : undefined,
        window.to ? lt(lessonProgress.completedAt, window.to) : undefined,
      ),
    )
    .groupBy(year)
    .orderBy(year);
  const years = rows.map((r) => ({ year: Number(r.year), minutes: Number(r.minutes), hours: hours(Number(r.minutes)), lessons: Number(r.lessons) }));
  const minutes = years.reduce((n, y) => n + y.minutes, 0);
  return { personId, minutes, hours: hours(minutes), lessons: years.reduce((n, y) => n + y.lessons, 0), years };
}

/** The caller's own hours, or a report's (manager) or anyone's (admin). */
export async function ceHoursFor(ctx: AppContext, actor: Actor, personId: string | undefined) {
  const id = personId ?? actor.personId;
  const { relation } = await loadSubject(ctx.db, actor, id);
  enforceFor(actor, 'learning.progress.read', relation, "Only the person, their manager and admins can see someone's continuing-education hours");
  return continuingEducationHours(ctx.db, actor.orgId, id);
}
