import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { can, type Actor } from '../access/policy.js';
import { AppError, notFound } from '../http/errors.js';
import { learningPaths, lessons } from '../content/schema.js';
import { lessonProgress, pathEnrolments } from './schema.js';

type Tx = Pick<Db, 'select'>;

export type LessonRow = typeof lessons.$inferSelect;
export type PathRow = typeof learningPaths.$inferSelect;

/** A lesson of the organisation by its pack id (lesson_key); 404 when there is none. */
export async function findLesson(tx: Tx, orgId: string, lessonKey: string): Promise<LessonRow> {
  const [lesson] = await tx.select().from(lessons).where(and(eq(lessons.orgId, orgId), eq(lessons.lessonKey, lessonKey)));
  if (!lesson) throw notFound(`Lesson "${lessonKey}"`);
  return lesson;
}

/**
 * A lesson as the caller may see it: the same rule as the library (content/lesson-access.ts), run
 * inside the caller's transaction. A retired lesson is visible to authors, admins and whoever has
 * progress on it; to anyone else it does not exist.
 */
export async function findVisibleLesson(tx: Tx, actor: Actor, lessonKey: string): Promise<LessonRow> {
  const lesson = await findLesson(tx, actor.orgId, lessonKey);
  if (lesson.retiredAt && !can(actor, 'content.manage')) {
    const [progress] = await tx.select({ id: lessonProgress.id }).from(lessonProgress).where(and(eq(lessonProgress.personId, actor.personId), eq(lessonProgress.lessonId, lesson.id)));
    if (!progress) throw notFound(`Lesson "${lessonKey}"`);
  }
  return lesson;
}

/** New activity (opening, answering, completing) is refused on a lesson a pack upgrade retired. */
export function assertLessonCurrent(lesson: LessonRow): void {
  if (lesson.retiredAt) {
    throw new AppError(409, 'lesson_retired', `The lesson "${lesson.title}" was retired from the library; your progress and notes on it are kept, but it cannot be studied any more`);
  }
}

export async function findPath(tx: Tx, orgId: string, pathKey: string): Promise<PathRow> {
  const [path] = await tx.select().from(learningPaths).where(and(eq(learningPaths.orgId, orgId), eq(learningPaths.pathKey, pathKey)));
  if (!path) throw notFound(`Learning path "${pathKey}"`);
  return path;
}

/** A path as the caller may see it: retired paths only for authors, admins and people enrolled in them. */
export async function findVisiblePath(tx: Tx, actor: Actor, pathKey: string): Promise<PathRow> {
  const path = await findPath(tx, actor.orgId, pathKey);
  if (path.retiredAt && !can(actor, 'content.manage')) {
    const [enrolment] = await tx.select({ id: pathEnrolments.id }).from(pathEnrolments).where(and(eq(pathEnrolments.personId, actor.personId), eq(pathEnrolments.pathId, path.id)));
    if (!enrolment) throw notFound(`Learning path "${pathKey}"`);
  }
  return path;
}
