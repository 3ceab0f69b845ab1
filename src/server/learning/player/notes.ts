import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { notFound } from '../../http/errors.js';
import { lessons } from '../../content/schema.js';
import { lessonNotes } from '../schema.js';
import { findVisibleLesson } from '../lookups.js';

const columns = {
  id: lessonNotes.id,
  lessonKey: lessons.lessonKey,
  lessonTitle: lessons.title,
  anchor: lessonNotes.anchor,
  body: lessonNotes.body,
  createdAt: lessonNotes.createdAt,
  updatedAt: lessonNotes.updatedAt,
};

/** Notes are private: every query is bound to the caller, so someone else's note reads as missing. */
function mine(actor: Actor) {
  return and(eq(lessonNotes.personId, actor.personId), eq(lessonNotes.orgId, actor.orgId));
}

async function noteById(ctx: AppContext, actor: Actor, id: string) {
  const [note] = await ctx.db.select(columns).from(lessonNotes).innerJoin(lessons, eq(lessons.id, lessonNotes.lessonId)).where(and(mine(actor), eq(lessonNotes.id, id)));
  if (!note) throw notFound('Note');
  return note;
}

export async function lessonNotesOf(ctx: AppContext, actor: Actor, lessonKey: string) {
  const lesson = await findVisibleLesson(ctx.db, actor, lessonKey);
  const items = await ctx.db
    .select(columns)
    .from(lessonNotes)
    .innerJoin(lessons, eq(lessons.id, lessonNotes.lessonId))
    .where(and(mine(actor), eq(lessonNotes.lessonId, lesson.id)))
    .orderBy(asc(lessonNotes.createdAt), asc(lessonNotes.id));
  return { items };
}

export async function allMyNotes(ctx: AppContext, actor: Actor, q: { limit: number; offset: number }) {
  const [items, [{ total }]] = await Promise.all([
    ctx.db.select(columns).from(lessonNotes).innerJoin(lessons, eq(lessons.id, lessonNotes.lessonId)).where(mine(actor)).orderBy(desc(lessonNotes.updatedAt), asc(lessonNotes.id)).limit(q.limit).offset(q.offset),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(lessonNotes).where(mine(actor)),
  ]);
  return { items, total: Number(total), limit: q.limit, offset: q.offset };
}

export async function addNote(ctx: AppContext, actor: Actor, lessonKey: string, input: { body: string; anchor?: string | null }) {
  const lesson = await findVisibleLesson(ctx.db, actor, lessonKey);
  const [row] = await ctx.db.insert(lessonNotes).values({ orgId: actor.orgId, personId: actor.personId, lessonId: lesson.id, body: input.body, anchor: input.anchor ?? null }).returning({ id: lessonNotes.id });
  return noteById(ctx, actor, row.id);
}

export async function updateNote(ctx: AppContext, actor: Actor, id: string, patch: { body?: string; anchor?: string | null }) {
  await noteById(ctx, actor, id);
  const changes: Partial<typeof lessonNotes.$inferInsert> = { updatedAt: new Date() };
  if (patch.body !== undefined) changes.body = patch.body;
  if (patch.anchor !== undefined) changes.anchor = patch.anchor;
  await ctx.db.update(lessonNotes).set(changes).where(and(mine(actor), eq(lessonNotes.id, id)));
  return noteById(ctx, actor, id);
}

export async function deleteNote(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const deleted = await ctx.db.delete(lessonNotes).where(and(mine(actor), eq(lessonNotes.id, id))).returning({ id: lessonNotes.id });
  if (deleted.length === 0) throw notFound('Note');
}
