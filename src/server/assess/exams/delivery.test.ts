import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { correctDisplayIds, examWorld, keyOf, wrongDisplayId, type ExamWorld } from './testing/exam-fixture.js';
import { reviseItem } from './testing/bank-fixture.js';

let server: TestServer;
let world: ExamWorld;

beforeAll(async () => {
  server = await startTestServer();
  world = await examWorld(server);
});
afterAll(async () => server?.close());

const db = () => server.runtime.ctx.db;
const expireDeadline = (attemptId: string) => db().execute(sql`update exam_attempts set deadline_at = now() - interval '1 second' where id = ${attemptId}`);

describe('starting an attempt', () => {
  it('draws a form that follows the blueprint, with a server deadline, and resumes it on a second start', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('starter');
    const first = await client.post(`/api/v1/exams/${exam.id}/attempts`);
    expect(first.status).toBe(201);
    const a = first.body;
    expect(a.status).toBe('in_progress');
    expect(a.items).toHaveLength(7);
    const perCompetency: Record<string, number> = {};
    for (const item of a.items) perCompetency[keyOf(world, item.itemId).competency] = (perCompetency[keyOf(world, item.itemId).competency] ?? 0) + 1;
    expect(perCompetency).toEqual({ 'downtime-escalation': 3, 'capacity-planning': 2, 'vendor-management': 2 });
    expect(a.items.map((i: { position: number }) => i.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(a.remainingSeconds).toBeGreaterThan(30 * 60 - 10);
    expect(a.remainingSeconds).toBeLessThanOrEqual(30 * 60);
    expect(new Date(a.deadlineAt).getTime() - new Date(a.startedAt).getTime()).toBe(30 * 60 * 1000);
    expect(a.navigator).toHaveLength(7);
    expect(a.answeredCount).toBe(0);

    const again = await client.post(`/api/v1/exams/${exam.id}/attempts`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(a.id);
    expect(again.body.items.map((i: { itemId: string }) => i.itemId)).toEqual(a.items.map((i: { itemId: string }) => i.itemId));
  });

  it('gives each attempt its own random form and option order, stored with the attempt', async () => {
    const exam = await world.createExam({ blueprint: [{ competency: 'downtime-escalation', count: 6 }] });
    const forms: string[] = [];
    const orders: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { client } = await world.candidate(`shuffle-${i}`);
      const res = await client.post(`/api/v1/exams/${exam.id}/attempts`);
      expect(res.status).toBe(201);
      forms.push(res.body.items.map((it: { itemId: string }) => it.itemId).join(','));
      orders.push(res.body.items.map((it: { options: { text: string }[] }) => it.options.map((o) => o.text.slice(0, 10)).join('|')).join(';'));
      // The order is stored: reading the attempt again gives the same one.
      const reread = await client.get(`/api/v1/exam-attempts/${res.body.id}`);
      expect(reread.body.items.map((it: { options: { text: string }[] }) => it.options.map((o) => o.text.slice(0, 10)).join('|')).join(';')).toBe(orders.at(-1));
    }
    // 6 items in random order, options shuffled: six identical sittings would be a broken shuffle.
    expect(new Set(forms).size).toBeGreaterThan(1);
    expect(new Set(orders).size).toBeGreaterThan(1);
  });

  it('keeps options in authoring order when the exam turns shuffling off', async () => {
    const exam = await world.createExam({ shuffleOptions: false, blueprint: [{ competency: 'vendor-management', count: 2 }] });
    const { client } = await world.candidate('no-shuffle');
    const res = await client.post(`/api/v1/exams/${exam.id}/attempts`);
    for (const item of res.body.items) {
      expect(item.options.map((o: { text: string }) => o.text)).toEqual(keyOf(world, item.itemId).options.map((o) => o.text));
    }
  });

  it('starts once when the candidate clicks start several times at once', async () => {
    const exam = await world.createExam({ attemptLimit: 1 });
    const { client } = await world.candidate('double-click');
    const results = await Promise.all(Array.from({ length: 5 }, () => client.post(`/api/v1/exams/${exam.id}/attempts`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('refuses a draft exam to candidates as missing, and another organisation\'s exam as missing', async () => {
    const draft = await world.createExam({ status: 'draft' });
    const { client } = await world.candidate('draft-seeker');
    expect((await client.post(`/api/v1/exams/${draft.id}/attempts`)).status).toBe(404);
    const other = await examWorld(server, 'Other Exam IT');
    const foreign = await other.createExam();
    const res = await client.post(`/api/v1/exams/${foreign.id}/attempts`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('saving answers', () => {
  it('stores an answer at once and shows it on reload with flags and the navigator', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('saver');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const item = a.items[2];
    const saved = await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: item.itemId, optionIds: ['2'], seq: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ itemId: item.itemId, optionIds: ['2'], seq: 1, status: 'saved' });
    expect(saved.body.remainingSeconds).toBeGreaterThan(0);
    const flag = await client.request('PUT', `/api/v1/exam-attempts/${a.id}/flags`, { itemId: a.items[4].itemId, flagged: true });
    expect(flag.status).toBe(200);
    expect(flag.body).toEqual({ itemId: a.items[4].itemId, position: 5, flagged: true });

    const reload = (await client.get(`/api/v1/exam-attempts/${a.id}`)).body;
    expect(reload.items[2].answer).toMatchObject({ optionIds: ['2'], seq: 1 });
    expect(reload.answeredCount).toBe(1);
    expect(reload.flaggedCount).toBe(1);
    expect(reload.lastSeq).toBe(1);
    expect(reload.navigator[2]).toEqual({ position: 3, itemId: item.itemId, answered: true, flagged: false });
    expect(reload.navigator[4]).toEqual({ position: 5, itemId: a.items[4].itemId, answered: false, flagged: true });

    // Stored as the version's option ids, mapped through the attempt's own option order.
    const [row] = (await db().execute(sql`select chosen, option_order from exam_attempt_items where attempt_id = ${a.id} and position = 3`)).rows as { chosen: string[]; option_order: string[] }[];
    expect(row.chosen).toEqual([row.option_order[1]]);

    // Clearing an answer is a save with no options.
    const cleared = await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: item.itemId, optionIds: [], seq: 2 });
    expect(cleared.body).toMatchObject({ optionIds: [], seq: 2, status: 'saved' });
    expect((await client.get(`/api/v1/exam-attempts/${a.id}`)).body.navigator[2].answered).toBe(false);
  });

  it('is idempotent (the same seq twice gives the same result) and ordered (an older seq never overwrites)', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('orderly');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const itemId = a.items[0].itemId;
    const put = (optionIds: string[], seq: number) => client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId, optionIds, seq });
    const first = await put(['1'], 5);
    const repeat = await put(['1'], 5);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    const older = await put(['3'], 4);
    expect(older.status).toBe(200);
    expect(older.body).toMatchObject({ optionIds: ['1'], seq: 5, status: 'stale' });
    const newer = await put(['4'], 9);
    expect(newer.body).toMatchObject({ optionIds: ['4'], seq: 9, status: 'saved' });
    expect((await client.get(`/api/v1/exam-attempts/${a.id}`)).body.items[0].answer).toMatchObject({ optionIds: ['4'], seq: 9 });
  });

  it('keeps the newest answer when many saves of one item race in any order', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('racer');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const itemId = a.items[1].itemId;
    const optionCount = a.items[1].options.length;
    const seqs = Array.from({ length: 40 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    const answers = await Promise.all(seqs.map((seq) => client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId, optionIds: [String((seq % optionCount) + 1)], seq })));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    // Every answer describes what was stored when it ran: never older than its own request.
    for (const [i, r] of answers.entries()) expect(r.body.seq).toBeGreaterThanOrEqual(seqs[i]);
    expect(answers.find((r, i) => seqs[i] === 40)!.body.status).toBe('saved');
    const final = (await client.get(`/api/v1/exam-attempts/${a.id}`)).body.items[1].answer;
    expect(final).toMatchObject({ seq: 40, optionIds: [String((40 % optionCount) + 1)] });
  });

  it('saves answers to different items in parallel without losing any', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('parallel');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const results = await Promise.all(a.items.map((item: { itemId: string }, i: number) => client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: item.itemId, optionIds: ['1'], seq: i + 1 })));
    expect(results.map((r) => r.status)).toEqual(a.items.map(() => 200));
    const reload = (await client.get(`/api/v1/exam-attempts/${a.id}`)).body;
    expect(reload.answeredCount).toBe(a.items.length);
  });

  it('refuses bad answers with a clear 400 and stores nothing', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('sloppy');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const itemId = a.items[0].itemId;
    const put = (body: unknown) => client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, body);
    const outOfRange = await put({ itemId, optionIds: ['9'], seq: 1 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.message).toMatch(/not one of this item's options \(1 to 4\)/);
    const twoForSingle = await put({ itemId, optionIds: ['1', '2'], seq: 1 });
    expect(twoForSingle.status).toBe(400);
    expect(twoForSingle.body.error.message).toMatch(/takes one answer/);
    const duplicate = await put({ itemId, optionIds: ['1', '1'], seq: 1 });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toMatch(/lists an option twice/);
    const noSeq = await put({ itemId, optionIds: ['1'] });
    expect(noSeq.status).toBe(400);
    expect(noSeq.body.error.fields).toEqual([{ path: 'body.seq', message: 'is required' }]);
    // A real item of the bank that this form did not draw.
    const onForm = new Set(a.items.map((i: { itemId: string }) => i.itemId));
    const elsewhere = [...world.bank.values()].find((i) => !onForm.has(i.itemVersionId))!;
    for (const id of [elsewhere.itemVersionId, '00000000-0000-4000-8000-000000000000']) {
      const notOnForm = await put({ itemId: id, optionIds: ['1'], seq: 1 });
      expect(notOnForm.status).toBe(400);
      expect(notOnForm.body.error.code).toBe('not_on_form');
    }
    const reload = (await client.get(`/api/v1/exam-attempts/${a.id}`)).body;
    expect(reload.items[0].answer).toBeNull();
    // A bad answer is refused even when its seq is older than what is stored.
    expect((await put({ itemId, optionIds: ['2'], seq: 5 })).status).toBe(200);
    const staleAndBad = await put({ itemId, optionIds: ['7'], seq: 3 });
    expect(staleAndBad.status).toBe(400);
    expect((await client.get(`/api/v1/exam-attempts/${a.id}`)).body.items[0].answer).toMatchObject({ optionIds: ['2'], seq: 5 });
  });

  it('answers 404 for someone else\'s attempt, to every delivery route', async () => {
    const exam = await world.createExam();
    const owner = await world.candidate('owner');
    const snoop = await world.candidate('snoop');
    const a = (await owner.client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const itemId = a.items[0].itemId;
    const calls = [
      snoop.client.get(`/api/v1/exam-attempts/${a.id}`),
      snoop.client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId, optionIds: ['1'], seq: 1 }),
      snoop.client.request('PUT', `/api/v1/exam-attempts/${a.id}/flags`, { itemId, flagged: true }),
      snoop.client.post(`/api/v1/exam-attempts/${a.id}/submit`),
      snoop.client.get(`/api/v1/exam-attempts/${a.id}/result`),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const stillOpen = (await owner.client.get(`/api/v1/exam-attempts/${a.id}`)).body;
    expect(stillOpen.status).toBe('in_progress');
    expect(stillOpen.items[0].answer).toBeNull();
  });
});

describe('deadline and submit', () => {
  it('refuses saves and flags after the deadline with "time is up", and submits the attempt as timed out', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('late');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const right = correctDisplayIds(world, a.items[0]);
    expect((await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: a.items[0].itemId, optionIds: right, seq: 1 })).status).toBe(200);
    await expireDeadline(a.id);
    const late = await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: a.items[1].itemId, optionIds: ['1'], seq: 2 });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('time_is_up');
    expect(late.body.error.message).toMatch(/^Time is up/);
    const flag = await client.request('PUT', `/api/v1/exam-attempts/${a.id}/flags`, { itemId: a.items[1].itemId, flagged: true });
    expect(flag.status).toBe(409);
    // Reading the attempt closes it (the job may not have run yet) with the answer given in time.
    const reread = (await client.get(`/api/v1/exam-attempts/${a.id}`)).body;
    expect(reread.status).toBe('submitted');
    expect(reread.submitReason).toBe('time_up');
    expect(reread.remainingSeconds).toBe(0);
    expect(reread.items[0].answer.optionIds).toEqual(right);
    const result = (await client.get(`/api/v1/exam-attempts/${a.id}/result`)).body;
    expect(result.correct).toBe(1);
    expect(result.submitReason).toBe('time_up');
  });

  it('submits once: a second submit and the deadline job change nothing; saves after submit are refused', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('submitter');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    for (const [i, item] of a.items.entries()) {
      await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: item.itemId, optionIds: i < 5 ? correctDisplayIds(world, item) : [wrongDisplayId(world, item)], seq: i + 1 });
    }
    const first = await client.post(`/api/v1/exam-attempts/${a.id}/submit`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ correct: 5, total: 7, scorePercent: 71, cutScorePercent: 70, passed: true, submitReason: 'candidate' });
    const second = await client.post(`/api/v1/exam-attempts/${a.id}/submit`);
    expect(second.status).toBe(200);
    expect(second.body.submittedAt).toBe(first.body.submittedAt);
    const { runAutoSubmit } = await import('./auto-submit.js');
    await runAutoSubmit(server.runtime.ctx, { attemptId: a.id, orgId: world.org.orgId });
    expect((await client.get(`/api/v1/exam-attempts/${a.id}/result`)).body.submittedAt).toBe(first.body.submittedAt);
    const after = await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: a.items[0].itemId, optionIds: ['1'], seq: 99 });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('attempt_submitted');
  });

  it('scores every save acknowledged before a submit that races with them, and none after', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('photo-finish');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const saves = a.items.flatMap((item: { itemId: string }, i: number) =>
      [1, 2, 3].map((k) => client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: item.itemId, optionIds: [String(k)], seq: i * 10 + k })),
    );
    const submit = client.post(`/api/v1/exam-attempts/${a.id}/submit`);
    const [answers, submitted] = await Promise.all([Promise.all(saves), submit]);
    expect(submitted.status).toBe(200);
    for (const r of answers) expect([200, 409]).toContain(r.status);
    const rows = (await db().execute(sql`select item_version_id, seq::float8 as seq from exam_attempt_items where attempt_id = ${a.id}`)).rows as { item_version_id: string; seq: number }[];
    const storedSeq = new Map(rows.map((r) => [r.item_version_id, Number(r.seq)]));
    for (const r of answers.filter((x) => x.status === 200)) {
      // Acknowledged saves are stored: the item holds this seq or a newer acknowledged one.
      expect(storedSeq.get(r.body.itemId)).toBeGreaterThanOrEqual(r.body.seq);
    }
    const final = (await client.get(`/api/v1/exam-attempts/${a.id}`)).body;
    expect(final.status).toBe('submitted');
  });

  it('closes an overdue attempt when the candidate starts again, then applies the attempt rules', async () => {
    const exam = await world.createExam({ attemptLimit: 1 });
    const { client } = await world.candidate('overdue');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    await expireDeadline(a.id);
    const again = await client.post(`/api/v1/exams/${exam.id}/attempts`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('attempt_limit');
    expect((await client.get(`/api/v1/exam-attempts/${a.id}`)).body.status).toBe('submitted');
  });
});

describe('attempt rules', () => {
  it('enforces the attempt limit and the cool-down with messages that say what to do', async () => {
    const exam = await world.createExam({ attemptLimit: 2, cooldownMinutes: 60 });
    const { client } = await world.candidate('retaker');
    const first = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    await client.post(`/api/v1/exam-attempts/${first.id}/submit`);
    const cooling = await client.post(`/api/v1/exams/${exam.id}/attempts`);
    expect(cooling.status).toBe(409);
    expect(cooling.body.error.code).toBe('cooling_down');
    expect(cooling.body.error.message).toMatch(/You can start your next attempt at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(this exam asks for 60 minutes between attempts\)/);
    const detail = (await client.get(`/api/v1/exams/${exam.id}`)).body;
    expect(detail.candidate).toMatchObject({ canStart: false, attemptsUsed: 1, attemptsLeft: 1 });
    expect(detail.candidate.nextStartAt).not.toBeNull();
    expect(detail.attempts).toBeUndefined();

    await db().execute(sql`update exam_attempts set submitted_at = now() - interval '61 minutes' where id = ${first.id}`);
    const second = await client.post(`/api/v1/exams/${exam.id}/attempts`);
    expect(second.status).toBe(201);
    await client.post(`/api/v1/exam-attempts/${second.body.id}/submit`);
    await db().execute(sql`update exam_attempts set submitted_at = now() - interval '61 minutes' where id = ${second.body.id}`);
    const third = await client.post(`/api/v1/exams/${exam.id}/attempts`);
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: 'attempt_limit', message: 'You have used all 2 attempts at this exam.' });
  });

  it('opens and closes with the exam window', async () => {
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const exam = await world.createExam({ opensAt: soon });
    const { client } = await world.candidate('early-bird');
    const early = await client.post(`/api/v1/exams/${exam.id}/attempts`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('exam_not_open');
    const closed = await world.createExam({ opensAt: new Date(Date.now() - 7200_000).toISOString(), closesAt: new Date(Date.now() - 3600_000).toISOString() });
    const late = await client.post(`/api/v1/exams/${closed.id}/attempts`);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('exam_closed');
  });

  it('adds a person\'s extra time to the deadline of attempts they start afterwards', async () => {
    const exam = await world.createExam({ timeLimitMinutes: 20 });
    const person = await world.candidate('extra-time');
    const put = await world.admin.request('PUT', `/api/v1/exams/${exam.id}/accommodations/${person.id}`, { extraMinutes: 25, note: 'Reading assistance agreed with HR' });
    expect(put.status).toBe(200);
    const a = (await person.client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    expect(a.timeLimitSeconds).toBe(20 * 60);
    expect(a.extraSeconds).toBe(25 * 60);
    expect(new Date(a.deadlineAt).getTime() - new Date(a.startedAt).getTime()).toBe(45 * 60 * 1000);
    expect(a.remainingSeconds).toBeGreaterThan(45 * 60 - 10);
    const other = await world.candidate('no-extra-time');
    const b = (await other.client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    expect(b.extraSeconds).toBe(0);
    expect(b.remainingSeconds).toBeLessThanOrEqual(20 * 60);
  });

  it('keeps the item version an attempt was given after the item is edited', async () => {
    const exam = await world.createExam({ blueprint: [{ competency: 'vendor-management', count: 4 }] });
    const { client } = await world.candidate('versioned');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const delivered = a.items[0];
    const seeded = keyOf(world, delivered.itemId);
    const v2 = await reviseItem(db(), world.org.orgId, seeded, `Revised wording of ${delivered.stem}`);
    const reread = (await client.get(`/api/v1/exam-attempts/${a.id}`)).body;
    expect(reread.items[0].itemId).toBe(delivered.itemId);
    expect(reread.items[0].stem).toBe(delivered.stem);
    // A new attempt gets the current version.
    const { client: next } = await world.candidate('versioned-later');
    const b = (await next.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    expect(b.items.map((i: { itemId: string }) => i.itemId)).toContain(v2);
    // Restore the bank for the other tests: v2 stays current and keyed like v1.
    world.bank.set(`revised-${seeded.itemId}`, { ...seeded, itemVersionId: v2, stem: `Revised wording of ${delivered.stem}` });
  });
});
