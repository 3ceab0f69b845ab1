import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { can, type Actor } from '../../access/policy.js';
import { AppError, notFound } from '../../http/errors.js';
import { loadItemVersions } from '../items/contract.js';
import { displayIds } from './answers.js';
import { loadAttemptHeader } from './attempt-view.js';
import { finaliseAttempt } from './finalise.js';
import { lessonsToRevisit } from './lessons-to-revisit.js';
import { examAttemptItems, examAttempts, exams } from './schema.js';

type Reader = Pick<Db, 'select' | 'execute'>;

/**
 * When the candidate may see rationales: at once (`on_submit`), or (`after_close`) once the exam's
 * window has closed and no attempt of it is still running, so nobody sitting it can be told keys.
 */
async function feedbackRelease(db: Reader, exam: { id: string; feedbackRelease: string; closesAt: Date | null }): Promise<{ released: boolean; note: string; availableAt: Date | null }> {
  if (exam.feedbackRelease === 'on_submit') return { released: true, note: 'Feedback is shown as soon as you submit.', availableAt: null };
  const result = await db.execute(sql`select now() as now, (select count(*)::int from exam_attempts where exam_id = ${exam.id} and status = 'in_progress') as running`);
  const row = result.rows[0] as { now: unknown; running: unknown };
  const closed = exam.closesAt !== null && exam.closesAt <= new Date(row.now as string);
  const released = closed && Number(row.running) === 0;
  const note = released
    ? 'The exam window has closed; feedback is open.'
    : `Feedback on each question opens once the exam window has closed${exam.closesAt ? ` (${exam.closesAt.toISOString()})` : ''} and everyone still sitting it has finished.`;
  return { released, note, availableAt: released ? null : exam.closesAt };
}

/**
 * The result of a submitted attempt: score, pass or fail against the cut score the attempt started
 * with, the per-competency breakdown with weak competencies (below the cut score) and lessons to
 * revisit for them, and per-question feedback with rationales once the exam releases it.
 * Candidates see their own attempts; holders of `exams.manage` see anyone's, with feedback. On
 * their own attempts, authors get the candidate's view like everybody else.
 */
export async function attemptResult(db: Db, actor: Actor, attemptId: string) {
  const manager = can(actor, 'exams.manage');
  let header = await loadAttemptHeader(db, actor.orgId, attemptId, manager ? undefined : actor.personId);
  if (!header) throw notFound('Exam attempt');
  if (header.overdue) {
    await finaliseAttempt(db, actor.orgId, attemptId, 'time_up');
    header = (await loadAttemptHeader(db, actor.orgId, attemptId))!;
  }
  if (header.status !== 'submitted') throw new AppError(409, 'attempt_in_progress', 'This attempt is still in progress: its result is ready once it is submitted.');
  const [attempt] = await db.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
  const [exam] = await db.select({ id: exams.id, feedbackRelease: exams.feedbackRelease, closesAt: exams.closesAt }).from(exams).where(eq(exams.id, attempt.examId));
  const breakdown = (attempt.breakdown ?? []).map((c) => ({ ...c, weak: c.correct * 100 < attempt.cutScorePercent * c.total }));
  const weak = breakdown.filter((c) => c.weak).map((c) => c.competency);
  const lessons = await lessonsToRevisit(db, actor.orgId, weak);
  const reviewer = manager && attempt.personId !== actor.personId;
  const release = reviewer ? { released: true, note: 'Shown to you as an exam manager.', availableAt: null } : await feedbackRelease(db, exam);

  let feedback = null;
  if (release.released) {
    const slots = await db
      .select({ position: examAttemptItems.position, itemVersionId: examAttemptItems.itemVersionId, optionOrder: examAttemptItems.optionOrder, chosen: examAttemptItems.chosen, score: examAttemptItems.score })
      .from(examAttemptItems)
      .where(eq(examAttemptItems.attemptId, attemptId))
      .orderBy(asc(examAttemptItems.position));
    const versions = await loadItemVersions(db, actor.orgId, slots.map((s) => s.itemVersionId));
    feedback = slots.map((s) => {
      const v = versions.get(s.itemVersionId)!;
      const byId = new Map(v.options.map((o) => [o.id, o]));
      const chosen = new Set(s.chosen ?? []);
      return {
        position: s.position,
        itemId: s.itemVersionId,
        competency: v.competency,
        stem: v.stem,
        scenario: v.scenario ? { title: v.scenario.title, caseText: v.scenario.caseText } : null,
        correct: s.score === 1,
        chosenOptionIds: displayIds(s.optionOrder, s.chosen),
        options: s.optionOrder.map((id, i) => ({ id: String(i + 1), text: byId.get(id)!.text, correct: byId.get(id)!.correct, chosen: chosen.has(id), rationale: byId.get(id)!.rationale })),
      };
    });
  }
  return {
    attemptId: attempt.id,
    examId: attempt.examId,
    examTitle: header.examTitle,
    personId: attempt.personId,
    attemptNo: attempt.attemptNo,
    startedAt: attempt.startedAt,
    submittedAt: attempt.submittedAt!,
    submitReason: attempt.submitReason!,
    correct: attempt.correctCount ?? 0,
    total: attempt.itemCount,
    scorePercent: attempt.scorePercent ?? 0,
    cutScorePercent: attempt.cutScorePercent,
    passed: attempt.passed === true,
    competencies: breakdown,
    lessonsToRevisit: {
      available: lessons.available,
      note: lessons.available ? null : 'The lesson library is not available on this installation yet, so no lessons can be suggested.',
      items: weak.map((competency) => ({ competency, lessons: lessons.byCompetency[competency] ?? [] })),
    },
    feedback: { released: release.released, note: release.note, availableAt: release.availableAt, items: feedback },
  };
}

/** Every attempt at an exam, for its authors and administrators. */
export async function examAttemptsOverview(db: Reader, orgId: string, examId: string) {
  const [exam] = await db.select({ id: exams.id }).from(exams).where(and(eq(exams.id, examId), eq(exams.orgId, orgId)));
  if (!exam) throw notFound('Exam');
  const rows = await db.execute(sql`
    select a.id, a.person_id, p.name as person_name, a.attempt_no, a.status, a.started_at, a.deadline_at, a.extra_seconds,
      a.submitted_at, a.submit_reason, a.correct_count, a.item_count, a.score_percent, a.passed
    from exam_attempts a join people p on p.id = a.person_id
    where a.exam_id = ${examId} and a.org_id = ${orgId}
    order by a.started_at desc, a.id`);
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return (rows.rows as Record<string, unknown>[]).map((r) => ({
    id: r.id as string,
    personId: r.person_id as string,
    personName: r.person_name as string,
    attemptNo: Number(r.attempt_no),
    status: r.status as 'in_progress' | 'submitted',
    startedAt: date(r.started_at)!,
    deadlineAt: date(r.deadline_at)!,
    extraSeconds: Number(r.extra_seconds),
    submittedAt: date(r.submitted_at),
    submitReason: (r.submit_reason as 'candidate' | 'time_up' | null) ?? null,
    correct: r.correct_count === null ? null : Number(r.correct_count),
    total: Number(r.item_count),
    scorePercent: r.score_percent === null ? null : Number(r.score_percent),
    passed: (r.passed as boolean | null) ?? null,
  }));
}
