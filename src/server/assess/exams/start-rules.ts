import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import type { ExamRow } from './blueprints.js';
import { checkEligibility } from './eligibility.js';
import { examAccommodations, examAttempts } from './schema.js';

type Reader = Pick<Db, 'select' | 'execute'>;

export interface PersonAttempts {
  /** Attempts that ended (submitted by the candidate or at the deadline). */
  used: number;
  /** Every attempt, open or not: the next one gets number total + 1. */
  total: number;
  lastSubmittedAt: Date | null;
  open: { id: string; deadlineAt: Date } | null;
  passed: boolean;
  /** The database clock, which every rule is judged by. */
  now: Date;
}

export async function personAttempts(db: Reader, examId: string, personId: string): Promise<PersonAttempts> {
  const [row] = await db
    .select({
      used: sql<number>`count(*) filter (where ${examAttempts.status} = 'submitted')::int`,
      total: sql<number>`count(*)::int`,
      lastSubmittedAt: sql<Date | null>`max(${examAttempts.submittedAt})`,
      openId: sql<string | null>`max(${examAttempts.id}::text) filter (where ${examAttempts.status} = 'in_progress')`,
      openDeadline: sql<Date | null>`max(${examAttempts.deadlineAt}) filter (where ${examAttempts.status} = 'in_progress')`,
      passed: sql<boolean>`coalesce(bool_or(${examAttempts.passed}), false)`,
      now: sql<Date>`now()`,
    })
    .from(examAttempts)
    .where(and(eq(examAttempts.examId, examId), eq(examAttempts.personId, personId)));
  const asDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    used: Number(row.used),
    total: Number(row.total),
    lastSubmittedAt: asDate(row.lastSubmittedAt),
    open: row.openId ? { id: row.openId, deadlineAt: asDate(row.openDeadline)! } : null,
    passed: row.passed === true,
    now: asDate(row.now)!,
  };
}

const when = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The window, the attempt limit and the cool-down, judged at `now`; null when a new attempt may start. */
export function ruleBlock(exam: ExamRow, mine: Pick<PersonAttempts, 'used' | 'lastSubmittedAt' | 'now'>): AppError | null {
  const now = mine.now;
  if (exam.status === 'archived') return new AppError(409, 'exam_closed', 'This exam is archived and can no longer be started.');
  if (exam.status !== 'published') return new AppError(409, 'exam_not_published', 'This exam is a draft: publish it before anyone can start it.');
  if (exam.opensAt && now < exam.opensAt) return new AppError(409, 'exam_not_open', `This exam opens at ${when(exam.opensAt)}; start it then.`);
  if (exam.closesAt && now >= exam.closesAt) return new AppError(409, 'exam_closed', `This exam closed at ${when(exam.closesAt)}; it can no longer be started.`);
  if (exam.attemptLimit !== null && mine.used >= exam.attemptLimit) {
    return new AppError(409, 'attempt_limit', `You have used all ${exam.attemptLimit} attempt${exam.attemptLimit === 1 ? '' : 's'} at this exam.`);
  }
  if (exam.cooldownMinutes > 0 && mine.lastSubmittedAt) {
    const next = new Date(mine.lastSubmittedAt.getTime() + exam.cooldownMinutes * 60_000);
    if (now < next) {
      return new AppError(409, 'cooling_down', `You can start your next attempt at ${when(next)} (this exam asks for ${exam.cooldownMinutes} minutes between attempts).`);
    }
  }
  return null;
}

export interface CandidateStatus {
  canStart: boolean;
  /** Why not, when canStart is false and there is no attempt to resume. */
  reason: string | null;
  attemptsUsed: number;
  attemptsLeft: number | null;
  nextStartAt: Date | null;
  openAttemptId: string | null;
  passed: boolean;
  /** The person's extra time on this exam (an accommodation); it applies to attempts started from now on. */
  extraMinutes: number;
}

/** What the exam page tells a candidate: can they start (or resume), and if not, why. */
export async function candidateStatus(db: Reader, orgId: string, exam: ExamRow, personId: string): Promise<CandidateStatus> {
  const mine = await personAttempts(db, exam.id, personId);
  const open = mine.open && mine.open.deadlineAt > mine.now ? mine.open.id : null;
  const block = ruleBlock(exam, mine);
  const eligibility = block ? null : await checkEligibility(db, orgId, personId, exam);
  const nextStartAt = exam.cooldownMinutes > 0 && mine.lastSubmittedAt ? new Date(mine.lastSubmittedAt.getTime() + exam.cooldownMinutes * 60_000) : null;
  const reason = block?.message ?? eligibility?.reason ?? null;
  const [accommodation] = await db
    .select({ extraMinutes: examAccommodations.extraMinutes })
    .from(examAccommodations)
    .where(and(eq(examAccommodations.examId, exam.id), eq(examAccommodations.personId, personId)));
  return {
    canStart: open !== null || reason === null,
    reason: open ? null : reason,
    attemptsUsed: mine.used,
    attemptsLeft: exam.attemptLimit === null ? null : Math.max(0, exam.attemptLimit - mine.used),
    nextStartAt: nextStartAt && nextStartAt > mine.now ? nextStartAt : null,
    openAttemptId: open,
    passed: mine.passed,
    extraMinutes: accommodation?.extraMinutes ?? 0,
  };
}
