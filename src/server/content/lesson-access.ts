import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { can, type Actor } from '../access/policy.js';
import { notFound } from '../http/errors.js';
import { learningPaths, lessons } from './schema.js';

/**
 * Retired lessons and paths (left out of a newer pack version) are hidden from the library, but
 * whoever has progress on one can still open it. Progress lives in the learning module, which
 * registers how to look it up here; content does not depend on it.
 */
export type ProgressLookup = (db: Db, personId: string, target: { lessonId: string } | { pathId: string }) => Promise<boolean>;

const lookups: ProgressLookup[] = [];

export function registerProgressLookup(lookup: ProgressLookup): void {
  if (!lookups.includes(lookup)) lookups.push(lookup);
}

async function hasProgress(db: Db, personId: string, target: { lessonId: string } | { pathId: string }): Promise<boolean> {
  for (const lookup of lookups) if (await lookup(db, personId, target)) return true;
  return false;
}

export type LessonRow = typeof lessons.$inferSelect;
export type PathRow = typeof learningPaths.$inferSelect;

/** A lesson of the caller's organisation by its pack id; retired ones only for authors, admins and people with progress. */
export async function findReadableLesson(db: Db, actor: Actor, lessonKey: string): Promise<LessonRow> {
  const [row] = await db.select().from(lessons).where(and(eq(lessons.orgId, actor.orgId), eq(lessons.lessonKey, lessonKey)));
  if (!row) throw notFound('Lesson');
  if (row.retiredAt && !can(actor, 'content.manage') && !(await hasProgress(db, actor.personId, { lessonId: row.id }))) throw notFound('Lesson');
  return row;
}

export async function findReadablePath(db: Db, actor: Actor, pathKey: string): Promise<PathRow> {
  const [row] = await db.select().from(learningPaths).where(and(eq(learningPaths.orgId, actor.orgId), eq(learningPaths.pathKey, pathKey)));
  if (!row) throw notFound('Learning path');
  if (row.retiredAt && !can(actor, 'content.manage') && !(await hasProgress(db, actor.personId, { pathId: row.id }))) throw notFound('Learning path');
  return row;
}
