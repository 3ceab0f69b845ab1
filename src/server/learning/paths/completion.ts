import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import { learningPaths } from '../../content/schema.js';
import { pathEnrolments } from '../schema.js';
import { pathActivity, recordStatement, type Person } from '../xapi/statements.js';
import { isComplete, pathProgress } from './progress.js';

type Tx = Pick<Db, 'select' | 'update' | 'insert'>;

/**
 * Marks the person's open enrolments whose every lesson is now completed as completed, with an xAPI
 * "completed" on the path. Runs in the transaction of the lesson completion (or enrolment).
 */
export async function completePathsContaining(tx: Tx, ctx: Pick<AppContext, 'config'>, learner: Person, now: Date, onlyEnrolmentId?: string): Promise<string[]> {
  const open = await tx
    .select({ enrolmentId: pathEnrolments.id, orgId: pathEnrolments.orgId, path: learningPaths })
    .from(pathEnrolments)
    .innerJoin(learningPaths, eq(learningPaths.id, pathEnrolments.pathId))
    .where(and(eq(pathEnrolments.personId, learner.id), isNull(pathEnrolments.withdrawnAt), isNull(pathEnrolments.completedAt), onlyEnrolmentId ? eq(pathEnrolments.id, onlyEnrolmentId) : undefined));
  const completed: string[] = [];
  for (const e of open) {
    const progress = await pathProgress(tx, e.orgId, learner.id, e.path);
    if (!isComplete(progress)) continue;
    const [claimed] = await tx
      .update(pathEnrolments)
      .set({ completedAt: now })
      .where(and(eq(pathEnrolments.id, e.enrolmentId), isNull(pathEnrolments.completedAt)))
      .returning({ id: pathEnrolments.id });
    if (!claimed) continue;
    completed.push(e.enrolmentId);
    await recordStatement(tx, {
      orgId: e.orgId,
      subjectId: learner.id,
      actor: learner,
      verb: 'completed',
      object: pathActivity(ctx.config.publicUrl, e.path),
      result: { completion: true },
      context: { registration: e.enrolmentId },
      timestamp: now,
    });
  }
  return completed;
}
