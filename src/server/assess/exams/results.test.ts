import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import type { HttpClient, HttpResult } from '../../../../test/support/http.js';
import { correctDisplayIds, examWorld, keyOf, wrongDisplayId, type ExamWorld } from './testing/exam-fixture.js';
import { rationaleText } from './testing/bank-fixture.js';
import { addLesson, addPack, addPath, enrol, ensureLearningTables, withoutLearningTables } from './testing/learning-tables.js';
import { checkEligibility } from './eligibility.js';
import { lessonsToRevisit } from './lessons-to-revisit.js';
import { loadBestPassedAttempt, loadScoredResponses } from './contract.js';

let server: TestServer;
let world: ExamWorld;
let packId: string;

// Competencies of their own, so that lessons of any default content pack cannot crowd the lists.
const SCENARIO = { key: 'exam-test-outage', title: 'The Monday e-mail outage', caseText: 'At 08:10 on Monday the e-mail service of the head office stops. The Expert is on leave.' };
const extraItems = [
  ...[1, 2, 3].map((n) => ({ key: `bridge-${n}`, competency: 'exam-test-bridge-calls', correct: ['B'], scenario: { ...SCENARIO, position: n } })),
  { key: 'multi-1', competency: 'exam-test-multi', correct: ['A', 'C'], kind: 'multiple' as const },
  { key: 'multi-2', competency: 'exam-test-multi', correct: ['B', 'D'], kind: 'multiple' as const },
];

beforeAll(async () => {
  server = await startTestServer();
  world = await examWorld(server, 'Results IT', extraItems);
  const db = server.runtime.ctx.db;
  await ensureLearningTables(db);
  packId = await addPack(db, world.org.orgId, 'exam-tests');
});
afterAll(async () => server?.close());

const db = () => server.runtime.ctx.db;
const put = (client: HttpClient, attemptId: string, itemId: string, optionIds: string[], seq: number) => client.request('PUT', `/api/v1/exam-attempts/${attemptId}/answers`, { itemId, optionIds, seq });

describe('results', () => {
  it('scores all-or-nothing, judges pass against the cut score, breaks down by competency and points at lessons to revisit', async () => {
    await addLesson(db(), world.org.orgId, packId, { key: 'exam-test-l1', title: 'Running a bridge call', competencies: ['exam-test-bridge-calls'] });
    await addLesson(db(), world.org.orgId, packId, { key: 'exam-test-l2', title: 'Status updates that calm people down', competencies: ['exam-test-bridge-calls', 'exam-test-multi'] });
    await addLesson(db(), world.org.orgId, packId, { key: 'exam-test-l3', title: 'An old lesson', competencies: ['exam-test-bridge-calls'], retired: true });
    const exam = await world.createExam({
      blueprint: [
        { competency: 'exam-test-bridge-calls', count: 3 },
        { competency: 'exam-test-multi', count: 2 },
        { competency: 'capacity-planning', count: 2 },
      ],
      cutScorePercent: 60,
    });
    const { client } = await world.candidate('scored');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    // The scenario set is drawn whole and kept together, in its order, with its case text.
    const bridge = a.items.filter((i: { scenario: unknown }) => i.scenario);
    expect(bridge).toHaveLength(3);
    expect(bridge.map((i: { position: number }) => i.position)).toEqual([bridge[0].position, bridge[0].position + 1, bridge[0].position + 2]);
    expect(bridge.map((i: { itemId: string }) => keyOf(world, i.itemId).stem)).toEqual(['bridge-1', 'bridge-2', 'bridge-3'].map((k) => world.bank.get(k)!.stem));
    expect(bridge[0].scenario).toMatchObject({ title: SCENARIO.title, caseText: SCENARIO.caseText });

    let seq = 0;
    for (const item of a.items) {
      const competency = keyOf(world, item.itemId).competency;
      const right = correctDisplayIds(world, item);
      // Bridge calls: one right of three. Multiple response: one fully right, one half right (scores 0).
      // Capacity: both right.
      let answer = right;
      if (competency === 'exam-test-bridge-calls' && item !== bridge[0]) answer = [wrongDisplayId(world, item)];
      if (competency === 'exam-test-multi' && keyOf(world, item.itemId).stem === world.bank.get('multi-2')!.stem) answer = right.slice(0, 1);
      expect((await put(client, a.id, item.itemId, answer, ++seq)).status).toBe(200);
    }
    const result = (await client.post(`/api/v1/exam-attempts/${a.id}/submit`)).body;
    expect(result).toMatchObject({ correct: 4, total: 7, scorePercent: 57, cutScorePercent: 60, passed: false, submitReason: 'candidate' });
    expect(result.competencies).toEqual([
      { competency: 'capacity-planning', correct: 2, total: 2, percent: 100, weak: false },
      { competency: 'exam-test-bridge-calls', correct: 1, total: 3, percent: 33, weak: true },
      { competency: 'exam-test-multi', correct: 1, total: 2, percent: 50, weak: true },
    ]);
    expect(result.lessonsToRevisit.available).toBe(true);
    expect(result.lessonsToRevisit.items).toEqual([
      {
        competency: 'exam-test-bridge-calls',
        lessons: [
          { lessonId: expect.any(String), lessonKey: 'exam-test-l1', title: 'Running a bridge call', minutes: 20 },
          { lessonId: expect.any(String), lessonKey: 'exam-test-l2', title: 'Status updates that calm people down', minutes: 20 },
        ],
      },
      { competency: 'exam-test-multi', lessons: [{ lessonId: expect.any(String), lessonKey: 'exam-test-l2', title: 'Status updates that calm people down', minutes: 20 }] },
    ]);
    // Feedback on submit: every option with its rationale, the candidate's choice and the key.
    expect(result.feedback.released).toBe(true);
    const first = result.feedback.items[0];
    const seeded = keyOf(world, first.itemId);
    expect(first.options.map((o: { rationale: string }) => o.rationale).sort()).toEqual(seeded.options.map((o) => o.rationale).sort());
    expect(first.options.filter((o: { correct: boolean }) => o.correct).map((o: { text: string }) => o.text).sort()).toEqual(seeded.options.filter((o) => o.correct).map((o) => o.text).sort());
    expect(result.feedback.items.filter((i: { correct: boolean }) => i.correct)).toHaveLength(4);
    // The same result on reading it again.
    const again = (await client.get(`/api/v1/exam-attempts/${a.id}/result`)).body;
    expect(again).toEqual(result);
  });

  it('passes at exactly the cut score and fails just below it (integers, no rounding up)', async () => {
    const exam = await world.createExam({ blueprint: [{ competency: 'downtime-escalation', count: 3 }], cutScorePercent: 67 });
    const scores: boolean[] = [];
    for (const [key, rightCount] of [['just-below', 2], ['all-right', 3]] as const) {
      const { client } = await world.candidate(key);
      const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
      for (const [i, item] of a.items.entries()) await put(client, a.id, item.itemId, i < rightCount ? correctDisplayIds(world, item) : [wrongDisplayId(world, item)], i + 1);
      const r = (await client.post(`/api/v1/exam-attempts/${a.id}/submit`)).body;
      scores.push(r.passed);
      if (key === 'just-below') expect(r).toMatchObject({ correct: 2, scorePercent: 66, passed: false });
    }
    expect(scores).toEqual([false, true]);
  });

  it('holds feedback back until the window closes and nobody is still sitting the exam', async () => {
    const closesAt = new Date(Date.now() + 3600_000).toISOString();
    const exam = await world.createExam({ feedbackRelease: 'after_close', closesAt });
    const early = await world.candidate('early-finisher');
    const late = await world.candidate('still-sitting');
    const a = (await early.client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const b = (await late.client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const submitted = await early.client.post(`/api/v1/exam-attempts/${a.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.feedback).toEqual({ released: false, note: expect.stringMatching(/opens once the exam window has closed/), availableAt: closesAt, items: null });
    expect(submitted.body.scorePercent).toEqual(expect.any(Number));
    // An author sees the feedback of anyone's attempt at any time.
    const asAuthor = (await world.author.get(`/api/v1/exam-attempts/${a.id}/result`)).body;
    expect(asAuthor.feedback.released).toBe(true);
    expect(asAuthor.feedback.items).toHaveLength(7);

    await db().execute(sql`update exams set closes_at = now() - interval '1 minute' where id = ${exam.id}`);
    const whileOthersSit = (await early.client.get(`/api/v1/exam-attempts/${a.id}/result`)).body;
    expect(whileOthersSit.feedback.released).toBe(false);
    await late.client.post(`/api/v1/exam-attempts/${b.id}/submit`);
    const after = (await early.client.get(`/api/v1/exam-attempts/${a.id}/result`)).body;
    expect(after.feedback.released).toBe(true);
    expect(after.feedback.items).toHaveLength(7);
  });

  it('says "still in progress" for the result of an open attempt', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('impatient');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const res = await client.get(`/api/v1/exam-attempts/${a.id}/result`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('attempt_in_progress');
  });

  it('lists the person\'s attempts and, for authors, every attempt at the exam', async () => {
    const exam = await world.createExam();
    const { client, id } = await world.candidate('lister');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    await client.post(`/api/v1/exam-attempts/${a.id}/submit`);
    const mine = (await client.get(`/api/v1/exam-attempts?examId=${exam.id}`)).body.items;
    expect(mine).toEqual([expect.objectContaining({ id: a.id, examId: exam.id, status: 'submitted', scorePercent: 0, passed: false })]);
    const overview = (await world.author.get(`/api/v1/exams/${exam.id}/attempts`)).body.items;
    expect(overview).toEqual([expect.objectContaining({ id: a.id, personId: id, personName: 'Lister', status: 'submitted', total: 7, correct: 0, submitReason: 'candidate' })]);
  });
});

describe('learning paths and lessons (Learn module tables)', () => {
  it('lets a candidate start only after completing the required path', async () => {
    const pathId = await addPath(db(), world.org.orgId, packId, 'exam-test-path', 'Business of IT');
    const exam = await world.createExam({ requiredPathKey: 'exam-test-path' });
    const ready = await world.candidate('path-done');
    const notYet = await world.candidate('path-started');
    const never = await world.candidate('path-never');
    await enrol(db(), world.org.orgId, ready.id, pathId, true);
    await enrol(db(), world.org.orgId, notYet.id, pathId, false);
    expect((await ready.client.post(`/api/v1/exams/${exam.id}/attempts`)).status).toBe(201);
    for (const who of [notYet, never]) {
      const res = await who.client.post(`/api/v1/exams/${exam.id}/attempts`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('Complete the learning path "Business of IT" before you start this exam.');
      const detail = (await who.client.get(`/api/v1/exams/${exam.id}`)).body.candidate;
      expect(detail).toMatchObject({ canStart: false, reason: 'Complete the learning path "Business of IT" before you start this exam.' });
    }
    const unknownPath = await world.createExam({ requiredPathKey: 'exam-test-no-such-path' });
    const res = await ready.client.post(`/api/v1/exams/${unknownPath.id}/attempts`);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/requires the learning path "exam-test-no-such-path", which your organisation does not have/);
  });

  it('without the Learn tables: a path rule is unmet and says why; no path rule is open; lessons say they are unavailable', async () => {
    const person = await world.candidate('no-learn-module');
    await withoutLearningTables(db(), async (tx) => {
      expect(await checkEligibility(tx, world.org.orgId, person.id, { requiredPathKey: 'business-of-it' })).toEqual({
        eligible: false,
        reason: 'This exam requires completing the learning path "business-of-it" first, and learning paths are not available on this installation yet; ask your administrator.',
      });
      expect(await checkEligibility(tx, world.org.orgId, person.id, { requiredPathKey: null })).toEqual({ eligible: true, reason: null });
      expect(await lessonsToRevisit(tx, world.org.orgId, ['exam-test-multi'])).toEqual({ available: false, byCompetency: { 'exam-test-multi': [] } });
    });
    // The tables are back afterwards.
    expect((await lessonsToRevisit(db(), world.org.orgId, ['exam-test-multi'])).available).toBe(true);
  });
});

describe('answer keys never reach the browser before results', () => {
  it('finds no key or rationale in any delivery response, nor in a result whose feedback is held back', async () => {
    const exam = await world.createExam({
      feedbackRelease: 'after_close',
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      blueprint: [
        { competency: 'exam-test-bridge-calls', count: 3 },
        { competency: 'exam-test-multi', count: 2 },
        { competency: 'downtime-escalation', count: 6 },
      ],
    });
    const { client } = await world.candidate('leak-hunter');
    const bodies: { what: string; res: HttpResult }[] = [];
    const record = async (what: string, call: Promise<HttpResult>) => {
      const res = await call;
      bodies.push({ what, res });
      return res;
    };
    await record('exam list', client.get('/api/v1/exams'));
    await record('exam detail', client.get(`/api/v1/exams/${exam.id}`));
    const a = (await record('start', client.post(`/api/v1/exams/${exam.id}/attempts`))).body;
    await record('resume', client.post(`/api/v1/exams/${exam.id}/attempts`));
    let seq = 0;
    for (const item of a.items) {
      await record('save', put(client, a.id, item.itemId, ['1'], ++seq));
      await record('save again', put(client, a.id, item.itemId, ['1'], seq));
      await record('flag', client.request('PUT', `/api/v1/exam-attempts/${a.id}/flags`, { itemId: item.itemId, flagged: true }));
    }
    await record('bad save', put(client, a.id, a.items[0].itemId, ['1', '2'], ++seq));
    await record('reload', client.get(`/api/v1/exam-attempts/${a.id}`));
    await record('my attempts', client.get('/api/v1/exam-attempts'));
    await record('submit', client.post(`/api/v1/exam-attempts/${a.id}/submit`));
    await record('result', client.get(`/api/v1/exam-attempts/${a.id}/result`));
    await record('attempt after submit', client.get(`/api/v1/exam-attempts/${a.id}`));

    const secrets = [...world.bank.entries()].flatMap(([key, item]) => item.options.map((o) => rationaleText(key, o.id, o.correct)));
    // Option ids of the versions follow authoring order (A, B, ...); the candidate gets positions instead.
    const versionOptionIds = /"id":"[A-H]"/;
    for (const { what, res } of bodies) {
      expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(500);
      const text = JSON.stringify(res.body);
      expect(text, what).not.toMatch(/rationale/i);
      expect(text, what).not.toMatch(versionOptionIds);
      for (const secret of secrets) expect(text.includes(secret), `${what} contains "${secret}"`).toBe(false);
      if (what !== 'submit' && what !== 'result') expect(text, what).not.toMatch(/"correct"/);
    }
    // The result itself is there, without per-question feedback.
    const result = bodies.find((b) => b.what === 'result')!.res.body;
    expect(result.feedback.items).toBeNull();
    expect(result.total).toBe(11);
  });
});

describe('exam read API for other modules', () => {
  it('gives item analysis the scored response matrix and certification the best passed attempt', async () => {
    const exam = await world.createExam({ blueprint: [{ competency: 'downtime-escalation', count: 4 }], cutScorePercent: 50, attemptLimit: null });
    const people: { id: string; scores: number[] }[] = [];
    const ids: string[] = [];
    for (const [key, pattern] of [['matrix-a', [1, 1, 1, 0]], ['matrix-b', [1, 0, 0, 0]], ['matrix-c', [1, 1, 0, 0]]] as const) {
      const { client, id } = await world.candidate(key);
      const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
      ids.push(a.id);
      for (const [i, item] of a.items.entries()) {
        if (key === 'matrix-b' && i === 3) continue; // left unanswered
        await put(client, a.id, item.itemId, pattern[i] ? correctDisplayIds(world, item) : [wrongDisplayId(world, item)], i + 1);
      }
      await client.post(`/api/v1/exam-attempts/${a.id}/submit`);
      people.push({ id, scores: [...pattern] });
    }
    const inProgress = await world.candidate('matrix-open');
    await inProgress.client.post(`/api/v1/exams/${exam.id}/attempts`);

    const matrix = (await loadScoredResponses(db(), world.org.orgId, exam.id))!;
    expect(matrix.examId).toBe(exam.id);
    expect(matrix.attempts.map((r) => r.attemptId).sort()).toEqual([...ids].sort());
    expect(new Set(matrix.items.map((i) => i.itemVersionId)).size).toBe(matrix.items.length);
    // Every item version seen on a form is a column; each row has one cell per column.
    const stored = (await db().execute(sql`
      select a.id as attempt_id, s.item_version_id, s.score, s.chosen from exam_attempt_items s join exam_attempts a on a.id = s.attempt_id
      where a.exam_id = ${exam.id} and a.status = 'submitted'`)).rows as { attempt_id: string; item_version_id: string; score: number; chosen: string[] | null }[];
    expect(matrix.items.map((i) => i.itemVersionId).sort()).toEqual([...new Set(stored.map((s) => s.item_version_id))].sort());
    for (const row of matrix.attempts) {
      expect(row.responses).toHaveLength(matrix.items.length);
      const mine = stored.filter((s) => s.attempt_id === row.attemptId);
      matrix.items.forEach((col, j) => {
        const cell = mine.find((s) => s.item_version_id === col.itemVersionId);
        if (!cell) expect(row.responses[j]).toBeNull();
        else expect(row.responses[j]).toEqual({ score: cell.score, chosen: [...(cell.chosen ?? [])].sort() });
      });
    }
    const totals = matrix.attempts.map((r) => r.responses.reduce((n, c) => n + (c?.score ?? 0), 0)).sort();
    expect(totals).toEqual([1, 2, 3]);
    const unanswered = matrix.attempts.flatMap((r) => r.responses).filter((c) => c && c.chosen.length === 0);
    expect(unanswered).toEqual([{ score: 0, chosen: [] }]);
    expect(await loadScoredResponses(db(), '00000000-0000-4000-8000-000000000000', exam.id)).toBeNull();

    // matrix-a passed (3 of 4), matrix-b failed (1 of 4), matrix-c passed at exactly 50%.
    const best = await loadBestPassedAttempt(db(), world.org.orgId, people[0].id, exam.id);
    expect(best).toMatchObject({ attemptId: ids[0], correct: 3, total: 4, scorePercent: 75 });
    expect(await loadBestPassedAttempt(db(), world.org.orgId, people[1].id, exam.id)).toBeNull();
    expect(await loadBestPassedAttempt(db(), world.org.orgId, people[2].id, exam.id)).toMatchObject({ attemptId: ids[2], scorePercent: 50 });
    expect(await loadBestPassedAttempt(db(), '00000000-0000-4000-8000-000000000000', people[0].id, exam.id)).toBeNull();
  });
});
