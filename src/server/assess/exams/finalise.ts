import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { loadItemVersions, scoreAnswer } from '../items/contract.js';
import { examAttemptItems, examAttempts, type CompetencyResult, type SubmitReason } from './schema.js';

type Tx = Pick<Db, 'select' | 'update' | 'execute'>;

export type FinaliseOutcome = 'submitted' | 'already_submitted' | 'not_due' | 'missing';

interface ScoredSlot {
  position: number;
  competency: string;
  score: 0 | 1;
}

/** Percent rounded down, so a shown score never reads as the cut score while it is below it. */
export const floorPercent = (correct: number, total: number) => (total === 0 ? 0 : Math.floor((correct * 100) / total));

export function summarise(slots: ScoredSlot[], cutScorePercent: number) {
  const correct = slots.reduce((n, s) => n + s.score, 0);
  const total = slots.length;
  const byCompetency = new Map<string, { correct: number; total: number }>();
  for (const s of slots) {
    const c = byCompetency.get(s.competency) ?? { correct: 0, total: 0 };
    c.correct += s.score;
    c.total += 1;
    byCompetency.set(s.competency, c);
  }
  const breakdown: CompetencyResult[] = [...byCompetency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([competency, c]) => ({ competency, correct: c.correct, total: c.total, percent: floorPercent(c.correct, c.total) }));
  // Integers on both sides: pass when correct/total >= cut/100 exactly.
  return { correct, total, percent: floorPercent(correct, total), passed: correct * 100 >= cutScorePercent * total, breakdown };
}

/**
 * Scores and closes an attempt, once. The attempt row is locked FOR UPDATE, which also waits for
 * answer saves in flight (they hold KEY SHARE on it) and makes later saves see it closed, so
 * every answer acknowledged before the submit is in the score and none after it. Whichever of the
 * candidate's submit and the deadline job comes second finds it submitted and changes nothing.
 * `time_up` only closes an attempt whose deadline has passed by the database clock.
 */
export async function finaliseAttempt(db: Pick<Db, 'transaction'>, orgId: string, attemptId: string, reason: SubmitReason, personId?: string): Promise<FinaliseOutcome> {
  return db.transaction((tx) => finaliseInTx(tx, orgId, attemptId, reason, personId));
}

export async function finaliseInTx(tx: Tx, orgId: string, attemptId: string, reason: SubmitReason, personId?: string): Promise<FinaliseOutcome> {
  const [attempt] = await tx
    .select({ id: examAttempts.id, status: examAttempts.status, cut: examAttempts.cutScorePercent, due: sql<boolean>`${examAttempts.deadlineAt} <= now()` })
    .from(examAttempts)
    .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.orgId, orgId), personId ? eq(examAttempts.personId, personId) : undefined))
    .for('update');
  if (!attempt) return 'missing';
  if (attempt.status === 'submitted') return 'already_submitted';
  if (reason === 'time_up' && !attempt.due) return 'not_due';
  // A submit that arrives after the deadline closes the attempt as timed out, at the deadline.
  const effective: SubmitReason = attempt.due ? 'time_up' : reason;
  const slots = await tx
    .select({ position: examAttemptItems.position, itemVersionId: examAttemptItems.itemVersionId, competency: examAttemptItems.competency, chosen: examAttemptItems.chosen })
    .from(examAttemptItems)
    .where(eq(examAttemptItems.attemptId, attemptId))
    .orderBy(asc(examAttemptItems.position));
  const versions = await loadItemVersions(tx, orgId, slots.map((s) => s.itemVersionId));
  const scored: ScoredSlot[] = slots.map((s) => {
    const version = versions.get(s.itemVersionId);
    const score = version && s.chosen && s.chosen.length > 0 ? scoreAnswer(version, s.chosen) : 0;
    return { position: s.position, competency: s.competency, score };
  });
  const result = summarise(scored, attempt.cut);
  // One statement for every slot; JSON rather than arrays because drizzle spreads JS arrays.
  await tx.execute(sql`
    update exam_attempt_items s set score = v.score
    from jsonb_to_recordset(${JSON.stringify(scored.map(({ position, score }) => ({ position, score })))}::jsonb) as v(position int, score int)
    where s.attempt_id = ${attemptId} and s.position = v.position`);
  await tx
    .update(examAttempts)
    .set({
      status: 'submitted',
      submittedAt: effective === 'time_up' ? sql`${examAttempts.deadlineAt}` : sql`now()`,
      submitReason: effective,
      correctCount: result.correct,
      scorePercent: result.percent,
      passed: result.passed,
      breakdown: result.breakdown,
    })
    .where(eq(examAttempts.id, attemptId));
  return 'submitted';
}
