import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { people } from '../identity/schema.js';
import { learningPaths, lessons } from '../content/schema.js';
import { lessonProgress, pathEnrolments } from '../learning/schema.js';
import { listPublishedItems } from '../assess/items/contract.js';
import { examAttempts, exams, findExamByKey } from '../assess/exams/contract.js';
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
    if (exam) {
      const submittedAt = new Date(now - DAY_MS);
      const itemCount = exam.blueprint.reduce((n, l) => n + l.count, 0);
      const correct = Math.ceil(itemCount * 0.85);
      await tx
        .insert(examAttempts)
        .values({
          orgId,
          examId: exam.id,
          personId: candidate.id,
          attemptNo: 1,
          status: 'submitted',
          startedAt: new Date(submittedAt.getTime() - 45 * 60_000),
          deadlineAt: new Date(submittedAt.getTime() + 15 * 60_000),
          timeLimitSeconds: exam.timeLimitMinutes * 60,
          cutScorePercent: exam.cutScorePercent,
          submittedAt,
          submitReason: 'candidate',
          itemCount,
          correctCount: correct,
          scorePercent: Math.floor((correct * 100) / itemCount),
          passed: true,
          breakdown: [],
        })
        .onConflictDoNothing();
    }
  });
  await ensureDefaultPrograms(ctx.db, orgId);
}
