import type { TestServer } from '../support/server.js';
import { itemsFor, seedBank } from '../../src/server/assess/exams/testing/bank-fixture.js';

/** Who may be a candidate in the walk: everyone of organisation A who can sign in. */
const CANDIDATES = ['learner', 'author', 'mentor', 'manager', 'admin'] as const;
type Candidate = (typeof CANDIDATES)[number];

export interface ExamWalkIds {
  /** A published exam anyone may start, and whose definition the walk changes. */
  examId: string;
  /** Per caller: an open attempt (for reading and answering), one to submit, and one already submitted. */
  openAttemptIds: Record<string, string>;
  submitAttemptIds: Record<string, string>;
  resultAttemptIds: Record<string, string>;
  /** Per caller: an item on their open attempt's form. */
  itemIds: Record<string, string>;
}

/**
 * Exams for the authorisation walk in organisation A: a bank, four published exams, and for every
 * signed-in caller of A an attempt in each state. Callers who get no attempt of their own
 * (anonymous, the other organisation's admin) are given A's admin's ids, which they must not reach.
 */
export async function createExamWalkFixtures(server: TestServer, orgId: string, otherOrgId: string, sessions: Record<string, string | undefined>): Promise<ExamWalkIds> {
  // Both organisations have the bank, so that creating an exam is allowed to succeed for either admin.
  for (const org of [orgId, otherOrgId]) await seedBank(server.runtime.ctx.db, org, 'walk-exams', itemsFor({ 'downtime-escalation': 3 }));
  const call = async (session: string | undefined, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { cookie: `mw_session=${session}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`setup: ${method} ${path} gave ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; items: { itemId: string }[] };
  };
  const exam = async (key: string) =>
    (
      await call(sessions.admin, 'POST', '/api/v1/exams', {
        examKey: key,
        title: `Walk exam ${key}`,
        bankKey: 'walk-exams',
        blueprint: [{ competency: 'downtime-escalation', count: 2 }],
        timeLimitMinutes: 60,
        cutScorePercent: 50,
        status: 'published',
      })
    ).id;
  const ids: ExamWalkIds = { examId: await exam('walk-start'), openAttemptIds: {}, submitAttemptIds: {}, resultAttemptIds: {}, itemIds: {} };
  const [openExam, submitExam, resultExam] = [await exam('walk-open'), await exam('walk-submit'), await exam('walk-result')];
  for (const who of CANDIDATES as readonly Candidate[]) {
    const open = await call(sessions[who], 'POST', `/api/v1/exams/${openExam}/attempts`);
    ids.openAttemptIds[who] = open.id;
    ids.itemIds[who] = open.items[0].itemId;
    ids.submitAttemptIds[who] = (await call(sessions[who], 'POST', `/api/v1/exams/${submitExam}/attempts`)).id;
    const result = await call(sessions[who], 'POST', `/api/v1/exams/${resultExam}/attempts`);
    await call(sessions[who], 'POST', `/api/v1/exam-attempts/${result.id}/submit`);
    ids.resultAttemptIds[who] = result.id;
  }
  for (const map of [ids.openAttemptIds, ids.submitAttemptIds, ids.resultAttemptIds, ids.itemIds]) {
    map.anonymous = map.admin;
    map.otherAdmin = map.admin;
  }
  return ids;
}
