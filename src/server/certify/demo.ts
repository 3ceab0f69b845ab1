import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { people } from '../identity/schema.js';
import { learningPaths, lessons } from '../content/schema.js';
import { lessonProgress, pathEnrolments } from '../learning/schema.js';
import { listPublishedItems } from '../assess/items/contract.js';
import { examAttempts, exams, findExamByKey } from '../assess/exams/contract.js';
import { examAttemptItems } from '../assess/exams/schema.js';
import { itemVersions } from '../assess/items/schema.js';
import { startAttempt } from '../assess/exams/start.js';
import { saveAnswer } from '../assess/exams/answers.js';
import { finaliseAttempt } from '../assess/exams/finalise.js';
import type { Actor } from '../access/policy.js';
import type { Role } from '../../shared/roles.js';
import { ensureDefaultPrograms } from './programs.js';

const DAY_MS = 86_400_000;
/** The demo's certification candidate: a network team lead on the way to IT manager. */
export const DEMO_CANDIDATE_EMAIL = 'aisha.karim@northwind.example';

/**
 * The professional exam of the demo, when no other part of the demo made it: a published exam
 * drawn from the default "professional" item bank, two items per competency.
 */
async function professionalExam(ctx: AppContext, orgId: string) {
  const found = await findExamByKey(ctx.db, orgId, 'professional-exam');
  if (found) return (await ctx.db.select().from(exams).where(eq(exams.id, found.id)))[0]!;
  const pool = await listPublishedItems(ctx.db, orgId, { bankKey: 'professional' });
  const perCompetency = new Map<string, number>();
  for (const item of pool) perCompetency.set(item.competency, (perCompetency.get(item.competency) ?? 0) + 1);
  const blueprint = [...perCompetency].map(([competency, n]) => ({ competency, count: Math.min(2, n) }));
  if (!blueprint.length) return null;
  const [exam] = await ctx.db
    .insert(exams)
    .values({
      orgId,
      examKey: 'professional-exam',
      title: 'Professional certification exam',
      description: 'The exam of the professional certification: the business of IT for new and newer IT managers.',
      bankKey: 'professional',
      blueprint,
      timeLimitMinutes: 60,
      cutScorePercent: 70,
      requiredPathKey: 'business-of-it',
      status: 'published',
    })
    .onConflictDoNothing()
    .returning();
  return exam ?? (await ctx.db.select().from(exams).where(and(eq(exams.orgId, orgId), eq(exams.examKey, 'professional-exam'))))[0]!;
}

/**
 * Certification in the demo: the default programs (linked to the demo exams), and Aisha Karim
 * with the business-of-IT path completed and the professional exam passed yesterday, so she can
 * go on to the practicum, the action plan and her credential.
 */
export async function seedCertifyDemo(ctx: AppContext, orgId: string): Promise<void> {
  const exam = await professionalExam(ctx, orgId);
  await ensureDefaultPrograms(ctx.db, orgId);
  const [candidate] = await ctx.db.select().from(people).where(and(eq(people.orgId, orgId), eq(people.email, DEMO_CANDIDATE_EMAIL)));
  const [path] = await ctx.db.select().from(learningPaths).where(and(eq(learningPaths.orgId, orgId), eq(learningPaths.pathKey, 'business-of-it')));
  if (!candidate || !path) return;
  const now = Date.now();
  const lessonKeys = path.sections.flatMap((s) => s.lessonKeys);
  const rows = lessonKeys.length ? await ctx.db.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.orgId, orgId), inArray(lessons.lessonKey, lessonKeys))) : [];
  await ctx.db.transaction(async (tx) => {
    for (const [i, lesson] of rows.entries()) {
      const at = new Date(now - (40 - i) * DAY_MS);
      await tx.insert(lessonProgress).values({ orgId, personId: candidate.id, lessonId: lesson.id, startedAt: at, lastOpenedAt: at, lastActiveAt: at, completedAt: at, secondsSpent: 1200, creditedMinutes: 20 }).onConflictDoNothing();
    }
    await tx.insert(pathEnrolments).values({ orgId, personId: candidate.id, pathId: path.id, source: 'self', enrolledAt: new Date(now - 45 * DAY_MS), completedAt: new Date(now - 12 * DAY_MS) }).onConflictDoNothing();
  });
  if (exam) await passExamYesterday(ctx, orgId, candidate, exam.id);
  await ensureDefaultPrograms(ctx.db, orgId);
}

/**
 * Sits the exam as the candidate through the exam services themselves (start, an answer per item,
 * submit), so the attempt has its form, answers, score and breakdown like any other; about nine in
 * ten answers are right. Then the attempt is moved back a day, as if she sat it yesterday.
 */
async function passExamYesterday(ctx: AppContext, orgId: string, candidate: typeof people.$inferSelect, examId: string) {
  const [done] = await ctx.db.select({ id: examAttempts.id }).from(examAttempts).where(and(eq(examAttempts.examId, examId), eq(examAttempts.personId, candidate.id)));
  if (done) return;
  const actor: Actor = { personId: candidate.id, orgId, email: candidate.email, name: candidate.name, roles: candidate.roles as Role[], via: 'session' };
  const { attemptId } = await startAttempt(ctx, actor, examId);
  const form = await ctx.db
    .select({ position: examAttemptItems.position, itemVersionId: examAttemptItems.itemVersionId, optionOrder: examAttemptItems.optionOrder, options: itemVersions.options })
    .from(examAttemptItems)
    .innerJoin(itemVersions, eq(itemVersions.id, examAttemptItems.itemVersionId))
    .where(eq(examAttemptItems.attemptId, attemptId))
    .orderBy(asc(examAttemptItems.position));
  for (const slot of form) {
    const right = slot.position % 10 !== 3;
    const wanted = slot.options.filter((o) => o.correct === right).map((o) => o.id);
    const pick = right ? wanted : wanted.slice(0, 1);
    const positions = pick.map((id) => String(slot.optionOrder.indexOf(id) + 1));
    await saveAnswer(ctx.db, candidate.id, attemptId, { itemId: slot.itemVersionId, optionIds: positions, seq: 1 });
  }
  await finaliseAttempt(ctx.db, orgId, attemptId, 'candidate', candidate.id);
  const shift = sql`interval '1 day'`;
  await ctx.db
    .update(examAttempts)
    .set({ startedAt: sql`${examAttempts.startedAt} - ${shift}`, deadlineAt: sql`${examAttempts.deadlineAt} - ${shift}`, submittedAt: sql`${examAttempts.submittedAt} - ${shift}` })
    .where(eq(examAttempts.id, attemptId));
  await ctx.db.update(examAttemptItems).set({ answeredAt: sql`${examAttemptItems.answeredAt} - ${shift}` }).where(eq(examAttemptItems.attemptId, attemptId));
}
