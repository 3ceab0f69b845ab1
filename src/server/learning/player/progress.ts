import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../access/policy.js';
import { AppError } from '../../http/errors.js';
import { lessons } from '../../content/schema.js';
import { knowledgeCheckAnswers, lessonBookmarks, lessonProgress, lessonTimeTicks, type LessonPosition } from '../schema.js';
import { assertLessonCurrent, findVisibleLesson, type LessonRow } from '../lookups.js';
import { extension, isoDuration, lessonActivity, PROGRESS_EXTENSION, recordStatement } from '../xapi/statements.js';
import { completePathsContaining } from '../paths/completion.js';
import { afterLearningEvent } from '../xapi/forward-kick.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type ProgressRow = typeof lessonProgress.$inferSelect;

/** Most a single heartbeat may add, and the slack allowed over the wall-clock time since the last one. */
export const MAX_TICK_SECONDS = 60;
const TICK_SLACK_SECONDS = 5;

export type LessonStatus = 'not_started' | 'in_progress' | 'completed';

function person(actor: Actor) {
  return { id: actor.personId, name: actor.name, email: actor.email };
}

async function upsertProgress(tx: Tx, actor: Actor, lesson: LessonRow, opened: boolean): Promise<ProgressRow> {
  const now = new Date();
  const [row] = await tx
    .insert(lessonProgress)
    .values({ orgId: actor.orgId, personId: actor.personId, lessonId: lesson.id, startedAt: now, lastOpenedAt: now, lastActiveAt: now })
    .onConflictDoUpdate({
      target: [lessonProgress.personId, lessonProgress.lessonId],
      // Opening restarts the clock that bounds heartbeats; other writes only make sure the row exists.
      set: opened ? { lastOpenedAt: now, lastActiveAt: now } : { personId: sql`excluded.person_id` },
    })
    .returning();
  return row;
}

async function lockedProgress(tx: Tx, personId: string, lessonId: string): Promise<ProgressRow | undefined> {
  const [row] = await tx
    .select()
    .from(lessonProgress)
    .where(and(eq(lessonProgress.personId, personId), eq(lessonProgress.lessonId, lessonId)))
    .for('update');
  return row;
}

export async function progressView(tx: Pick<Db, 'select'>, actor: Actor, lesson: LessonRow) {
  const [[row], [bookmark], answers] = await Promise.all([
    tx.select().from(lessonProgress).where(and(eq(lessonProgress.personId, actor.personId), eq(lessonProgress.lessonId, lesson.id))),
    tx.select({ at: lessonBookmarks.createdAt }).from(lessonBookmarks).where(and(eq(lessonBookmarks.personId, actor.personId), eq(lessonBookmarks.lessonId, lesson.id))),
    tx
      .select({ questionId: knowledgeCheckAnswers.questionId, optionIndexes: knowledgeCheckAnswers.optionIndexes, correct: knowledgeCheckAnswers.correct, answeredAt: knowledgeCheckAnswers.answeredAt, lessonRevision: knowledgeCheckAnswers.lessonRevision })
      .from(knowledgeCheckAnswers)
      .where(and(eq(knowledgeCheckAnswers.personId, actor.personId), eq(knowledgeCheckAnswers.lessonId, lesson.id)))
      .orderBy(desc(knowledgeCheckAnswers.answeredAt)),
  ]);
  const latest = new Map<string, (typeof answers)[number]>();
  for (const a of answers) if (!latest.has(a.questionId)) latest.set(a.questionId, a);
  const order = lesson.knowledgeCheck.map((q) => q.id);
  const status: LessonStatus = row?.completedAt ? 'completed' : row ? 'in_progress' : 'not_started';
  return {
    lessonKey: lesson.lessonKey,
    title: lesson.title,
    minutes: lesson.minutes,
    revision: lesson.revision,
    retired: lesson.retiredAt !== null,
    status,
    startedAt: row?.startedAt ?? null,
    lastOpenedAt: row?.lastOpenedAt ?? null,
    position: row?.position ?? null,
    secondsSpent: row?.secondsSpent ?? 0,
    completedAt: row?.completedAt ?? null,
    completedRevision: row?.completedRevision ?? null,
    updatedSinceCompleted: !!row?.completedAt && (row.completedRevision ?? 0) < lesson.revision,
    creditedMinutes: row?.creditedMinutes ?? 0,
    bookmarked: !!bookmark,
    answers: [...latest.values()]
      .sort((a, b) => order.indexOf(a.questionId) - order.indexOf(b.questionId))
      .map(({ questionId, optionIndexes, correct, answeredAt, lessonRevision }) => ({ questionId, optionIndexes, correct, answeredAt, lessonRevision })),
  };
}
export type ProgressView = Awaited<ReturnType<typeof progressView>>;

export async function getProgress(ctx: AppContext, actor: Actor, lessonKey: string) {
  const lesson = await findVisibleLesson(ctx.db, actor, lessonKey);
  return progressView(ctx.db, actor, lesson);
}

/** Opening a lesson starts it (once) and is an xAPI "launched"; the answer carries the place to resume. */
export async function openLesson(ctx: AppContext, actor: Actor, lessonKey: string) {
  const view = await ctx.db.transaction(async (tx) => {
    const lesson = await findVisibleLesson(tx, actor, lessonKey);
    assertLessonCurrent(lesson);
    await upsertProgress(tx, actor, lesson, true);
    await recordStatement(tx, {
      orgId: actor.orgId,
      subjectId: actor.personId,
      actor: person(actor),
      verb: 'launched',
      object: lessonActivity(ctx.config.publicUrl, lesson),
      context: { extensions: { [extension(ctx.config.publicUrl, 'lesson-revision')]: lesson.revision } },
    });
    return progressView(tx, actor, lesson);
  });
  await afterLearningEvent(ctx, actor.orgId);
  return view;
}

function quarter(fraction: number): number {
  return Math.floor(fraction * 4 + 1e-9);
}

/** Saves where the reader is; crossing 25/50/75/100 % of the page is an xAPI "progressed". */
export async function savePosition(ctx: AppContext, actor: Actor, lessonKey: string, position: LessonPosition) {
  let reported = false;
  const view = await ctx.db.transaction(async (tx) => {
    const lesson = await findVisibleLesson(tx, actor, lessonKey);
    assertLessonCurrent(lesson);
    await upsertProgress(tx, actor, lesson, false);
    const row = (await lockedProgress(tx, actor.personId, lesson.id))!;
    const furthest = Math.max(row.reportedFraction, position.fraction);
    reported = quarter(position.fraction) > quarter(row.reportedFraction);
    await tx.update(lessonProgress).set({ position, reportedFraction: furthest }).where(eq(lessonProgress.id, row.id));
    if (reported) {
      await recordStatement(tx, {
        orgId: actor.orgId,
        subjectId: actor.personId,
        actor: person(actor),
        verb: 'progressed',
        object: lessonActivity(ctx.config.publicUrl, lesson),
        result: { extensions: { [PROGRESS_EXTENSION]: Math.round(position.fraction * 100) } },
        context: { extensions: { [extension(ctx.config.publicUrl, 'lesson-revision')]: lesson.revision } },
      });
    }
    return progressView(tx, actor, lesson);
  });
  if (reported) await afterLearningEvent(ctx, actor.orgId);
  return view;
}

/**
 * Adds reading time. A tick is counted once however often it is retried and adds at most 60
 * seconds. `lastActiveAt` is the moment up to which time has been credited: a tick can claim only
 * the wall-clock time since then (plus a few seconds of slack for network jitter), and at most the
 * last minute of it, so parallel tabs, bursts of ticks or a tab left open overnight cannot inflate
 * the total beyond the time that really passed.
 */
export async function addTime(ctx: AppContext, actor: Actor, lessonKey: string, tickId: string, seconds: number) {
  return ctx.db.transaction(async (tx) => {
    const lesson = await findVisibleLesson(tx, actor, lessonKey);
    assertLessonCurrent(lesson);
    const existing = await lockedProgress(tx, actor.personId, lesson.id);
    if (!existing) throw new AppError(409, 'not_started', 'Open the lesson before sending reading time');
    const [seen] = await tx.select({ added: lessonTimeTicks.secondsAdded }).from(lessonTimeTicks).where(and(eq(lessonTimeTicks.personId, actor.personId), eq(lessonTimeTicks.tickId, tickId)));
    if (seen) return { secondsSpent: existing.secondsSpent, added: 0, duplicate: true };
    const now = Date.now();
    const creditedUntil = Math.max(existing.lastActiveAt.getTime(), now - MAX_TICK_SECONDS * 1000);
    const available = Math.floor((now - creditedUntil) / 1000) + TICK_SLACK_SECONDS;
    const added = Math.max(0, Math.min(seconds, MAX_TICK_SECONDS, available));
    await tx.insert(lessonTimeTicks).values({ personId: actor.personId, tickId, lessonId: lesson.id, secondsAdded: added, at: new Date(now) });
    const [row] = await tx
      .update(lessonProgress)
      .set({ secondsSpent: sql`${lessonProgress.secondsSpent} + ${added}`, lastActiveAt: new Date(creditedUntil + added * 1000) })
      .where(eq(lessonProgress.id, existing.id))
      .returning({ secondsSpent: lessonProgress.secondsSpent });
    return { secondsSpent: row.secondsSpent, added, duplicate: false };
  });
}

/**
 * Marks a lesson complete. Completing the same revision again is refused with 409 (nothing is
 * counted twice); completing a newer revision of a lesson completed before records the new revision
 * but credits no more continuing-education minutes.
 */
export async function completeLesson(ctx: AppContext, actor: Actor, lessonKey: string) {
  const view = await ctx.db.transaction(async (tx) => {
    const lesson = await findVisibleLesson(tx, actor, lessonKey);
    assertLessonCurrent(lesson);
    await upsertProgress(tx, actor, lesson, false);
    const row = (await lockedProgress(tx, actor.personId, lesson.id))!;
    if (row.completedAt && (row.completedRevision ?? 0) >= lesson.revision) {
      throw new AppError(409, 'already_completed', `You completed "${lesson.title}" on ${row.completedAt.toISOString().slice(0, 10)} and it has not changed since; it counts once`);
    }
    const now = new Date();
    const first = !row.completedAt;
    await tx
      .update(lessonProgress)
      .set(first ? { completedAt: now, completedRevision: lesson.revision, creditedMinutes: lesson.minutes } : { completedRevision: lesson.revision })
      .where(eq(lessonProgress.id, row.id));
    await recordStatement(tx, {
      orgId: actor.orgId,
      subjectId: actor.personId,
      actor: person(actor),
      verb: 'completed',
      object: lessonActivity(ctx.config.publicUrl, lesson),
      result: { completion: true, duration: isoDuration(row.secondsSpent) },
      context: { extensions: { [extension(ctx.config.publicUrl, 'lesson-revision')]: lesson.revision } },
      timestamp: now,
    });
    await completePathsContaining(tx, ctx, person(actor), now);
    return progressView(tx, actor, lesson);
  });
  await afterLearningEvent(ctx, actor.orgId);
  return view;
}

/** The caller's lessons in progress or completed, most recently opened first ("continue where you left off"). */
export async function myLessons(ctx: AppContext, actor: Actor, status: 'in_progress' | 'completed' | undefined, limit: number, offset: number) {
  const cond = and(
    eq(lessonProgress.personId, actor.personId),
    status === 'completed' ? sql`${lessonProgress.completedAt} is not null` : status === 'in_progress' ? sql`${lessonProgress.completedAt} is null` : undefined,
  );
  const [items, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        lessonKey: lessons.lessonKey,
        title: lessons.title,
        stage: lessons.stage,
        minutes: lessons.minutes,
        revision: lessons.revision,
        retiredAt: lessons.retiredAt,
        startedAt: lessonProgress.startedAt,
        lastOpenedAt: lessonProgress.lastOpenedAt,
        position: lessonProgress.position,
        secondsSpent: lessonProgress.secondsSpent,
        completedAt: lessonProgress.completedAt,
        completedRevision: lessonProgress.completedRevision,
      })
      .from(lessonProgress)
      .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
      .where(cond)
      .orderBy(desc(lessonProgress.lastOpenedAt), asc(lessons.lessonKey))
      .limit(limit)
      .offset(offset),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(lessonProgress).where(cond),
  ]);
  return {
    items: items.map(({ retiredAt, ...i }) => ({
      ...i,
      retired: retiredAt !== null,
      status: (i.completedAt ? 'completed' : 'in_progress') as LessonStatus,
      updatedSinceCompleted: !!i.completedAt && (i.completedRevision ?? 0) < i.revision,
    })),
    total: Number(total),
    limit,
    offset,
  };
}
