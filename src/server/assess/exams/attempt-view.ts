import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { notFound } from '../../http/errors.js';
import { candidateView, loadItemVersions } from '../items/contract.js';
import { displayIds } from './answers.js';
import { finaliseAttempt } from './finalise.js';
import { examAttemptItems, examAttempts, exams } from './schema.js';

type Reader = Pick<Db, 'select'>;

const attemptColumns = {
  id: examAttempts.id,
  orgId: examAttempts.orgId,
  examId: examAttempts.examId,
  examTitle: exams.title,
  personId: examAttempts.personId,
  attemptNo: examAttempts.attemptNo,
  status: examAttempts.status,
  startedAt: examAttempts.startedAt,
  deadlineAt: examAttempts.deadlineAt,
  timeLimitSeconds: examAttempts.timeLimitSeconds,
  extraSeconds: examAttempts.extraSeconds,
  submittedAt: examAttempts.submittedAt,
  submitReason: examAttempts.submitReason,
  itemCount: examAttempts.itemCount,
  overdue: sql<boolean>`${examAttempts.status} = 'in_progress' and ${examAttempts.deadlineAt} <= now()`,
  remaining: sql<number>`greatest(0, extract(epoch from ${examAttempts.deadlineAt} - now()))::float8`,
  serverTime: sql<Date>`now()`,
};

export type AttemptHeader = Awaited<ReturnType<typeof loadAttemptHeader>>;

/** The attempt with its exam title and the database clock; undefined when it is not this person's. */
export async function loadAttemptHeader(db: Reader, orgId: string, attemptId: string, personId?: string) {
  const [row] = await db
    .select(attemptColumns)
    .from(examAttempts)
    .innerJoin(exams, eq(exams.id, examAttempts.examId))
    .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.orgId, orgId), personId ? eq(examAttempts.personId, personId) : undefined));
  if (!row) return undefined;
  return { ...row, serverTime: new Date(row.serverTime), remaining: Number(row.remaining) };
}

/**
 * Loads a candidate's own attempt; an attempt past its deadline whose job has not run yet is
 * submitted first, so nobody ever sees an open attempt with no time left.
 */
export async function loadOwnAttempt(db: Db, orgId: string, personId: string, attemptId: string) {
  let header = await loadAttemptHeader(db, orgId, attemptId, personId);
  if (!header) throw notFound('Exam attempt');
  if (header.overdue) {
    await finaliseAttempt(db, orgId, attemptId, 'time_up');
    header = (await loadAttemptHeader(db, orgId, attemptId, personId))!;
  }
  return header;
}

/**
 * What the candidate's browser gets: the form in the attempt's order with stems, case texts and
 * option texts in the attempt's shuffled order, numbered 1..n. No key, no rationale, and no
 * version option id (those follow authoring order, which would hint at where authors put keys).
 */
export async function attemptForCandidate(db: Db, orgId: string, personId: string, attemptId: string) {
  const header = await loadOwnAttempt(db, orgId, personId, attemptId);
  const slots = await db
    .select({
      position: examAttemptItems.position,
      itemVersionId: examAttemptItems.itemVersionId,
      optionOrder: examAttemptItems.optionOrder,
      chosen: examAttemptItems.chosen,
      seq: examAttemptItems.seq,
      answeredAt: examAttemptItems.answeredAt,
      flagged: examAttemptItems.flagged,
    })
    .from(examAttemptItems)
    .where(eq(examAttemptItems.attemptId, attemptId))
    .orderBy(asc(examAttemptItems.position));
  const versions = await loadItemVersions(db, orgId, slots.map((s) => s.itemVersionId));
  const items = slots.map((s) => {
    const view = candidateView(versions.get(s.itemVersionId)!);
    const texts = new Map(view.options.map((o) => [o.id, o.text]));
    return {
      position: s.position,
      itemId: s.itemVersionId,
      kind: view.kind,
      stem: view.stem,
      scenario: view.scenario ? { id: view.scenario.id, title: view.scenario.title, caseText: view.scenario.caseText } : null,
      options: s.optionOrder.map((id, i) => ({ id: String(i + 1), text: texts.get(id) ?? '' })),
      answer: s.seq > 0 ? { optionIds: displayIds(s.optionOrder, s.chosen), seq: Number(s.seq), savedAt: s.answeredAt } : null,
      flagged: s.flagged,
    };
  });
  const answered = (i: (typeof items)[number]) => (i.answer?.optionIds.length ?? 0) > 0;
  return {
    id: header.id,
    examId: header.examId,
    examTitle: header.examTitle,
    attemptNo: header.attemptNo,
    status: header.status,
    startedAt: header.startedAt,
    deadlineAt: header.deadlineAt,
    serverTime: header.serverTime,
    remainingSeconds: header.status === 'in_progress' ? Math.floor(header.remaining) : 0,
    timeLimitSeconds: header.timeLimitSeconds,
    extraSeconds: header.extraSeconds,
    submittedAt: header.submittedAt,
    submitReason: header.submitReason,
    itemCount: header.itemCount,
    answeredCount: items.filter(answered).length,
    flaggedCount: items.filter((i) => i.flagged).length,
    /** Use sequence numbers above this for the next saves (any increasing numbers work). */
    lastSeq: items.reduce((m, i) => Math.max(m, i.answer?.seq ?? 0), 0),
    navigator: items.map((i) => ({ position: i.position, itemId: i.itemId, answered: answered(i), flagged: i.flagged })),
    items,
  };
}

/** The person's own attempts, newest first. */
export async function listOwnAttempts(db: Reader, orgId: string, personId: string, examId?: string) {
  return db
    .select({
      id: examAttempts.id,
      examId: examAttempts.examId,
      examTitle: exams.title,
      attemptNo: examAttempts.attemptNo,
      status: examAttempts.status,
      startedAt: examAttempts.startedAt,
      deadlineAt: examAttempts.deadlineAt,
      submittedAt: examAttempts.submittedAt,
      scorePercent: examAttempts.scorePercent,
      passed: examAttempts.passed,
    })
    .from(examAttempts)
    .innerJoin(exams, eq(exams.id, examAttempts.examId))
    .where(and(eq(examAttempts.orgId, orgId), eq(examAttempts.personId, personId), examId ? eq(examAttempts.examId, examId) : undefined))
    .orderBy(desc(examAttempts.startedAt));
}
