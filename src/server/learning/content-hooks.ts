import { and, eq } from 'drizzle-orm';
import { registerProgressLookup, type ProgressLookup } from '../content/lesson-access.js';
import { lessonProgress, pathEnrolments } from './schema.js';

/** Someone with progress on a retired lesson (or an enrolment on a retired path) can still open it. */
const hasLearningProgress: ProgressLookup = async (db, personId, target) => {
  if ('lessonId' in target) {
    const [row] = await db.select({ id: lessonProgress.id }).from(lessonProgress).where(and(eq(lessonProgress.personId, personId), eq(lessonProgress.lessonId, target.lessonId))).limit(1);
    return !!row;
  }
  const [row] = await db.select({ id: pathEnrolments.id }).from(pathEnrolments).where(and(eq(pathEnrolments.personId, personId), eq(pathEnrolments.pathId, target.pathId))).limit(1);
  return !!row;
};

/** Tells the content module how to find learner progress (it does not import the learning module). */
export function installContentHooks(): void {
  registerProgressLookup(hasLearningProgress);
}
