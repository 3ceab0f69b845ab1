import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import { onKnowledgeCheckAnswered, type AnswerListener } from '../../content/knowledge-check.js';
import { lessons } from '../../content/schema.js';
import { knowledgeCheckAnswers, lessonProgress } from '../schema.js';
import { choiceResponse, lessonActivity, questionActivity, recordStatement } from '../xapi/statements.js';
import { afterLearningEvent } from '../xapi/forward-kick.js';

/**
 * The content module grades knowledge-check answers (POST /learn/lessons/:lessonKey/check) and
 * tells listeners; this one records each graded answer with its xAPI "answered" statement in one
 * transaction. Listeners are process-wide while each app instance (tests run several) has its own
 * context, so the listener finds the context by the database handle the route used.
 */
const contexts = new WeakMap<Db, AppContext>();

const recordAnswer: AnswerListener = async ({ db, actor, lesson: answered, input, result }) => {
  const ctx = contexts.get(db);
  if (!ctx) return;
  await ctx.db.transaction(async (tx) => {
    const [lesson] = await tx.select().from(lessons).where(eq(lessons.id, answered.id));
    const question = lesson.knowledgeCheck.find((q) => q.id === result.questionId)!;
    const now = new Date();
    // Answering counts as having started the lesson.
    await tx
      .insert(lessonProgress)
      .values({ orgId: actor.orgId, personId: actor.personId, lessonId: lesson.id, startedAt: now, lastOpenedAt: now, lastActiveAt: now })
      .onConflictDoUpdate({ target: [lessonProgress.personId, lessonProgress.lessonId], set: { personId: sql`excluded.person_id` } });
    await tx.insert(knowledgeCheckAnswers).values({ orgId: actor.orgId, personId: actor.personId, lessonId: lesson.id, questionId: question.id, optionIndexes: input.optionIndexes, correct: result.correct, lessonRevision: lesson.revision, answeredAt: now });
    await recordStatement(tx, {
      orgId: actor.orgId,
      subjectId: actor.personId,
      actor: { id: actor.personId, name: actor.name, email: actor.email },
      verb: 'answered',
      object: questionActivity(ctx.config.publicUrl, lesson, question),
      result: { success: result.correct, response: choiceResponse(input.optionIndexes) },
      context: { parent: [lessonActivity(ctx.config.publicUrl, lesson)] },
      timestamp: now,
    });
  });
  await afterLearningEvent(ctx, actor.orgId);
};

/** Records this app's graded answers; call once per app (idempotent). */
export function recordKnowledgeCheckAnswers(ctx: AppContext): void {
  contexts.set(ctx.db, ctx);
  onKnowledgeCheckAnswered(recordAnswer);
}
