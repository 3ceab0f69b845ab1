import type { Db } from '../../db/client.js';

/**
 * What item analysis needs from exams: the scored answers of every submitted attempt of one exam.
 *
 * The exams module implements `LoadScoredResponses` (see `loadScoredResponses` in
 * src/server/assess/exams/) and the analysis service calls it. Rules:
 * - one column per item version that appeared on any form of the exam (`items`);
 * - one row per submitted (or auto-submitted) attempt, in any order (`attempts`);
 * - `responses[j]` belongs to `items[j]`: `null` when that item was not on this attempt's form,
 *   otherwise `{ score, chosen }` with score 1 or 0 as `scoreAnswer` of items/contract.ts gives,
 *   and `chosen` the option ids picked (empty when the candidate left it unanswered, score 0).
 * - Attempts still in progress are left out. Returns null when the exam does not exist in `orgId`.
 */
export interface ScoredResponses {
  examId: string;
  examTitle: string;
  items: { itemVersionId: string }[];
  attempts: { attemptId: string; responses: ({ score: 0 | 1; chosen: string[] } | null)[] }[];
}

export type LoadScoredResponses = (db: Pick<Db, 'select' | 'execute'>, orgId: string, examId: string) => Promise<ScoredResponses | null>;
