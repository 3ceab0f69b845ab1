/**
 * Exams read API for other modules (certification programs, item analysis, dashboards). This is
 * the only file of src/server/assess/exams/ other modules should import.
 *
 * - An exam has an `id` and a stable `examKey` per organisation (`findExamByKey`).
 * - An attempt is `in_progress` or `submitted`; a submitted attempt has a score, `passed` judged
 *   against the cut score in force when it started, and `submittedAt` (the deadline itself when it
 *   was submitted by the deadline job).
 * - `loadBestPassedAttempt` answers "has this person passed this exam, and with what": certification
 *   uses it for the "exam passed" requirement.
 * - `loadScoredResponses` feeds item analysis (signature in ../analysis/responses.ts).
 *
 * All functions take the drizzle `db` (or a transaction) and the caller's `orgId`; ids of other
 * organisations are treated as missing. They check no permissions: routes do.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { LoadScoredResponses, ScoredResponses } from '../analysis/responses.js';
import { examAttemptItems, examAttempts, exams } from './schema.js';

export { exams, examAttempts } from './schema.js';
export type { CompetencyResult } from './schema.js';

type Reader = Pick<Db, 'select'>;

export interface PassedAttempt {
  attemptId: string;
  examId: string;
  attemptNo: number;
  scorePercent: number;
  correct: number;
  total: number;
  submittedAt: Date;
}

/** The person's passed attempt with the highest score (earliest on a tie), or null if they have not passed. */
export async function loadBestPassedAttempt(db: Reader, orgId: string, personId: string, examId: string): Promise<PassedAttempt | null> {
  const [row] = await db
    .select({
      attemptId: examAttempts.id,
      examId: examAttempts.examId,
      attemptNo: examAttempts.attemptNo,
      scorePercent: examAttempts.scorePercent,
      correct: examAttempts.correctCount,
      total: examAttempts.itemCount,
      submittedAt: examAttempts.submittedAt,
    })
    .from(examAttempts)
    .where(and(eq(examAttempts.orgId, orgId), eq(examAttempts.personId, personId), eq(examAttempts.examId, examId), eq(examAttempts.status, 'submitted'), eq(examAttempts.passed, true)))
    .orderBy(desc(examAttempts.correctCount), asc(examAttempts.submittedAt))
    .limit(1);
  if (!row) return null;
  return { ...row, scorePercent: row.scorePercent ?? 0, correct: row.correct ?? 0, submittedAt: row.submittedAt! };
}

/** An exam by its key, or null. */
export async function findExamByKey(db: Reader, orgId: string, examKey: string): Promise<{ id: string; examKey: string; title: string; status: string } | null> {
  const [row] = await db
    .select({ id: exams.id, examKey: exams.examKey, title: exams.title, status: exams.status })
    .from(exams)
    .where(and(eq(exams.orgId, orgId), eq(exams.examKey, examKey)));
  return row ?? null;
}

/** See ../analysis/responses.ts: one row per submitted attempt, one column per item version seen on any form. */
export const loadScoredResponses: LoadScoredResponses = async (db, orgId, examId): Promise<ScoredResponses | null> => {
  const [exam] = await db.select({ id: exams.id, title: exams.title }).from(exams).where(and(eq(exams.id, examId), eq(exams.orgId, orgId)));
  if (!exam) return null;
  const rows = await db
    .select({ attemptId: examAttemptItems.attemptId, itemVersionId: examAttemptItems.itemVersionId, chosen: examAttemptItems.chosen, score: examAttemptItems.score })
    .from(examAttemptItems)
    .innerJoin(examAttempts, eq(examAttempts.id, examAttemptItems.attemptId))
    .where(and(eq(examAttempts.examId, examId), eq(examAttempts.orgId, orgId), eq(examAttempts.status, 'submitted')))
    .orderBy(asc(examAttempts.submittedAt), asc(examAttempts.id), asc(examAttemptItems.position));
  const columns = new Map<string, number>();
  for (const r of rows) if (!columns.has(r.itemVersionId)) columns.set(r.itemVersionId, columns.size);
  const attempts = new Map<string, ({ score: 0 | 1; chosen: string[] } | null)[]>();
  for (const r of rows) {
    let responses = attempts.get(r.attemptId);
    if (!responses) attempts.set(r.attemptId, (responses = new Array(columns.size).fill(null)));
    responses[columns.get(r.itemVersionId)!] = { score: r.score === 1 ? 1 : 0, chosen: [...(r.chosen ?? [])].sort() };
  }
  return {
    examId: exam.id,
    examTitle: exam.title,
    items: [...columns.keys()].map((itemVersionId) => ({ itemVersionId })),
    attempts: [...attempts.entries()].map(([attemptId, responses]) => ({ attemptId, responses })),
  };
};

/** Attempts of one person at one exam, newest first (for a learner's record). */
export async function listAttemptsOf(db: Reader, orgId: string, personId: string, examId: string) {
  return db
    .select({ attemptId: examAttempts.id, attemptNo: examAttempts.attemptNo, status: examAttempts.status, scorePercent: examAttempts.scorePercent, passed: examAttempts.passed, submittedAt: examAttempts.submittedAt })
    .from(examAttempts)
    .where(and(eq(examAttempts.orgId, orgId), eq(examAttempts.personId, personId), eq(examAttempts.examId, examId)))
    .orderBy(desc(examAttempts.startedAt), sql`${examAttempts.id}`);
}
