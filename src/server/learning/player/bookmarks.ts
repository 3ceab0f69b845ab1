import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { lessons } from '../../content/schema.js';
import { lessonBookmarks } from '../schema.js';
import { findVisibleLesson } from '../lookups.js';
import { lessonActivity, recordStatement } from '../xapi/statements.js';
import { afterLearningEvent } from '../xapi/forward-kick.js';

/** Bookmarking is idempotent: a second bookmark of the same lesson changes nothing and records nothing. */
export async function bookmark(ctx: AppContext, actor: Actor, lessonKey: string) {
  const created = await ctx.db.transaction(async (tx) => {
    const lesson = await findVisibleLesson(tx, actor, lessonKey);
    const [row] = await tx.insert(lessonBookmarks).values({ personId: actor.personId, lessonId: lesson.id, orgId: actor.orgId }).onConflictDoNothing().returning();
    if (row) {
      await recordStatement(tx, { orgId: actor.orgId, subjectId: actor.personId, actor: { id: actor.personId, name: actor.name, email: actor.email }, verb: 'bookmarked', object: lessonActivity(ctx.config.publicUrl, lesson), timestamp: row.createdAt });
    }
    return !!row;
  });
  if (created) await afterLearningEvent(ctx, actor.orgId);
  return { lessonKey, bookmarked: true as const };
}

export async function removeBookmark(ctx: AppContext, actor: Actor, lessonKey: string): Promise<void> {
  const lesson = await findVisibleLesson(ctx.db, actor, lessonKey);
  await ctx.db.delete(lessonBookmarks).where(and(eq(lessonBookmarks.personId, actor.personId), eq(lessonBookmarks.lessonId, lesson.id)));
}

export async function myBookmarks(ctx: AppContext, actor: Actor, q: { limit: number; offset: number }) {
  const where = and(eq(lessonBookmarks.personId, actor.personId), eq(lessonBookmarks.orgId, actor.orgId));
  const [items, [{ total }]] = await Promise.all([
    ctx.db
      .select({ lessonKey: lessons.lessonKey, title: lessons.title, summary: lessons.summary, stage: lessons.stage, minutes: lessons.minutes, retiredAt: lessons.retiredAt, bookmarkedAt: lessonBookmarks.createdAt })
      .from(lessonBookmarks)
      .innerJoin(lessons, eq(lessons.id, lessonBookmarks.lessonId))
      .where(where)
      .orderBy(desc(lessonBookmarks.createdAt), lessons.lessonKey)
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(lessonBookmarks).where(where),
  ]);
  return { items: items.map(({ retiredAt, ...i }) => ({ ...i, retired: retiredAt !== null })), total: Number(total), limit: q.limit, offset: q.offset };
}
