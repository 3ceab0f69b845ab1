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
import { can, type Actor } from '../access/policy.js';
import type { Role } from '../../shared/roles.js';
import { practicumSubmissions, programs } from './program-schema.js';
import { enrol, ensureDefaultPrograms } from './programs.js';
import { latestSubmission, reviewPracticum, submitPracticum } from './practicum.js';

const DAY_MS = 86_400_000;
/** The demo's certification candidate: a network team lead on the way to IT manager. */
export const DEMO_CANDIDATE_EMAIL = 'aisha.karim@northwind.example';
/**
 * The demo's second candidate: the service desk manager (the demo "People manager" sign-in), with
 * the path done and his practicum accepted but no exam attempt, so he can sit the exam and go all
 * the way to his credential (e2e/exam-to-credential.spec.ts).
 */
export const DEMO_EXAM_CANDIDATE_EMAIL = 'tomas.ferreira@northwind.example';
/** The demo's practicum reviewer (the "Author / instructor" sign-in, who holds certify.review). */
const DEMO_REVIEWER_EMAIL = 'helen.brandt@northwind.example';

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
 * Certification in the demo: the default programs (linked to the demo exams); Aisha Karim with
 * the business-of-IT path completed and the professional exam passed yesterday, so she can go on
 * to the practicum, the action plan and her credential; and Tomás Ferreira with the path completed
 * and his practicum accepted by a reviewer, who has yet to sit the exam.
 */
export async function seedCertifyDemo(ctx: AppContext, orgId: string): Promise<void> {
  const exam = await professionalExam(ctx, orgId);
  await ensureDefaultPrograms(ctx.db, orgId);
  const [path] = await ctx.db.select().from(learningPaths).where(and(eq(learningPaths.orgId, orgId), eq(learningPaths.pathKey, 'business-of-it')));
  if (!path) return;
  const candidate = await demoPerson(ctx, orgId, DEMO_CANDIDATE_EMAIL);
  if (candidate) {
    await completePath(ctx, orgId, candidate.id, path, 40);
    if (exam) await passExamYesterday(ctx, orgId, candidate, exam.id);
  }
  await ensureDefaultPrograms(ctx.db, orgId);
  const examCandidate = await demoPerson(ctx, orgId, DEMO_EXAM_CANDIDATE_EMAIL);
  if (examCandidate) {
    await completePath(ctx, orgId, examCandidate.id, path, 30);
    await acceptedPracticum(ctx, orgId, examCandidate);
  }
}

async function demoPerson(ctx: AppContext, orgId: string, email: string) {
  const [row] = await ctx.db.select().from(people).where(and(eq(people.orgId, orgId), eq(people.email, email)));
  return row ?? null;
}

const actorOf = (person: typeof people.$inferSelect, orgId: string): Actor => ({ personId: person.id, orgId, email: person.email, name: person.name, roles: person.roles as Role[], via: 'session' });

/** Every lesson of the path completed, one a day from `startDaysAgo` on, and the path completed 12 days ago. */
async function completePath(ctx: AppContext, orgId: string, personId: string, path: typeof learningPaths.$inferSelect, startDaysAgo: number) {
  const now = Date.now();
  const lessonKeys = path.sections.flatMap((s) => s.lessonKeys);
  const rows = lessonKeys.length ? await ctx.db.select({ id: lessons.id, revision: lessons.revision }).from(lessons).where(and(eq(lessons.orgId, orgId), inArray(lessons.lessonKey, lessonKeys))) : [];
  await ctx.db.transaction(async (tx) => {
    for (const [i, lesson] of rows.entries()) {
      const at = new Date(now - (startDaysAgo - i) * DAY_MS);
      await tx.insert(lessonProgress).values({ orgId, personId, lessonId: lesson.id, startedAt: at, lastOpenedAt: at, lastActiveAt: at, completedAt: at, completedRevision: lesson.revision, secondsSpent: 1200, creditedMinutes: 20 }).onConflictDoNothing();
    }
    await tx.insert(pathEnrolments).values({ orgId, personId, pathId: path.id, source: 'self', enrolledAt: new Date(now - (startDaysAgo + 5) * DAY_MS), completedAt: new Date(now - 12 * DAY_MS) }).onConflictDoNothing();
  });
}

/**
 * Enrols the candidate in the professional program and has his practicum accepted through the
 * certify services: he submits a link to his evidence, and the demo reviewer (who must hold
 * certify.review) scores every rubric criterion at its pass level and accepts. The submission and
 * review are then moved back a few days, as if they happened last week.
 */
async function acceptedPracticum(ctx: AppContext, orgId: string, candidate: typeof people.$inferSelect) {
  const [program] = await ctx.db.select().from(programs).where(and(eq(programs.orgId, orgId), eq(programs.programKey, 'professional')));
  const reviewerRow = await demoPerson(ctx, orgId, DEMO_REVIEWER_EMAIL);
  if (!program || !reviewerRow) return;
  const reviewer = actorOf(reviewerRow, orgId);
  if (!can(reviewer, 'certify.review')) throw new Error(`The demo reviewer ${DEMO_REVIEWER_EMAIL} lacks the certify.review permission`);
  const actor = actorOf(candidate, orgId);
  const { enrolment } = await enrol(ctx.db, actor, program.id);
  if (await latestSubmission(ctx.db, enrolment.id)) return;
  const submission = await submitPracticum(ctx.db, actor, program.id, {
    evidence: [{ kind: 'link', ref: 'https://intranet.northwind.example/service-desk/major-incident-review-2026-09', title: 'Service desk major incident review: e-mail outage, September' }],
    note: 'How the service desk ran the e-mail outage: the escalation we followed, the updates to the business, and the two changes we made to the on-call rota afterwards.',
  });
  const scores = Object.fromEntries(program.rubric.map((c) => [c.key, c.passLevel]));
  await reviewPracticum(ctx.db, reviewer, submission.id, {
    decision: 'accept',
    scores,
    comments: 'Clear account of the outage and the escalation; the rota changes are a good, measurable outcome.',
  });
  await ctx.db
    .update(practicumSubmissions)
    .set({ submittedAt: new Date(Date.now() - 9 * DAY_MS), reviewedAt: new Date(Date.now() - 6 * DAY_MS) })
    .where(eq(practicumSubmissions.id, submission.id));
}

/**
 * Sits the exam as the candidate through the exam services themselves (start, an answer per item,
 * submit), so the attempt has its form, answers, score and breakdown like any other; about nine in
 * ten answers are right. Then the attempt is moved back a day, as if she sat it yesterday.
 */
async function passExamYesterday(ctx: AppContext, orgId: string, candidate: typeof people.$inferSelect, examId: string) {
  const [done] = await ctx.db.select({ id: examAttempts.id }).from(examAttempts).where(and(eq(examAttempts.examId, examId), eq(examAttempts.personId, candidate.id)));
  if (done) return;
  const actor = actorOf(candidate, orgId);
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
