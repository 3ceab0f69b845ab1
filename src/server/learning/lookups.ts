import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { AppError, notFound } from '../http/errors.js';
import { learningPaths, lessons } from '../content/schema.js';

type Tx = Pick<Db, 'select'>;

export type LessonRow = typeof lessons.$inferSelect;
export type PathRow = typeof learningPaths.$inferSelect;

/** A lesson of the organisation by its pack id (lesson_key); 404 when there is none. */
export async function findLesson(tx: Tx, orgId: string, lessonKey: string): Promise<LessonRow> {
  const [lesson] = await tx.select().from(lessons).where(and(eq(lessons.orgId, orgId), eq(lessons.lessonKey, lessonKey)));
  if (!lesson) throw notFound(`Lesson "${lessonKey}"`);
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
