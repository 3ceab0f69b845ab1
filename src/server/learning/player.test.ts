import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { retireLesson, reviseLesson, seedLearningContent } from '../../../test/support/learning-content.js';
import type { HttpClient } from '../../../test/support/http.js';
import { lessonProgress, xapiStatements } from './schema.js';
import { VERBS } from './xapi/statements.js';

let server: TestServer;
let acme: TestOrg;
let learner: HttpClient;
let colleague: HttpClient;
let manager: HttpClient;
let learnerId: string;
let globexAdmin: HttpClient;

const LESSON = 'b16-downtime-and-escalation';
const base = `/api/v1/learn/lessons/${LESSON}`;

async function statements(verb: keyof typeof VERBS, personId = learnerId) {
  return server.runtime.ctx.db
    .select()
    .from(xapiStatements)
    .where(and(eq(xapiStatements.personId, personId), eq(xapiStatements.verb, VERBS[verb].id)));
}

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  const globex = await createTestOrg(server, 'Globex IT');
  await seedLearningContent(server.runtime.ctx.db, acme.orgId);
  const boss = await acme.addPerson('mia-manager');
  const person = await acme.addPerson('lee-learner', ['learner'], boss.id);
  const other = await acme.addPerson('cole-colleague');
  learnerId = person.id;
  learner = server.client();
  await learner.login(person.email, PASSWORD);
  colleague = server.client();
  await colleague.login(other.email, PASSWORD);
  manager = server.client();
  await manager.login(boss.email, PASSWORD);
  globexAdmin = server.client();
  await globexAdmin.login(globex.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

describe('opening and resuming a lesson', () => {
  it('starts the lesson on first open and records an xAPI "launched"', async () => {
    const before = await learner.get(`${base}/progress`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'not_started', startedAt: null, position: null, secondsSpent: 0 });
    const opened = await learner.post(`${base}/open`);
    expect(opened.status).toBe(200);
    expect(opened.body.status).toBe('in_progress');
    expect(opened.body.startedAt).not.toBeNull();
    const [launched] = await statements('launched');
    expect(launched.statement).toMatchObject({
      actor: { objectType: 'Agent', mbox: `mailto:lee-learner@acme-it.test` },
      verb: { id: 'http://adlnet.gov/expapi/verbs/launched' },
      object: { id: `${server.url}/learn/lessons/${LESSON}`, definition: { type: 'http://adlnet.gov/expapi/activities/lesson' } },
      version: '1.0.3',
    });
  });

  it('returns the saved position when the lesson is opened again, and keeps the first start time', async () => {
    const first = await learner.get(`${base}/progress`);
    const saved = await learner.request('PUT', `${base}/position`, { anchor: 'worked-example', fraction: 0.55 });
    expect(saved.status).toBe(200);
    const again = await learner.post(`${base}/open`);
    expect(again.body.position).toEqual({ anchor: 'worked-example', fraction: 0.55 });
    expect(again.body.startedAt).toBe(first.body.startedAt);
    expect(new Date(again.body.lastOpenedAt).getTime()).toBeGreaterThan(new Date(first.body.lastOpenedAt).getTime());
  });

  it('records "progressed" once per quarter of the lesson crossed, not on every scroll', async () => {
    // 0.55 above crossed 25 % and 50 % in one step: one statement.
    expect(await statements('progressed')).toHaveLength(1);
    await learner.request('PUT', `${base}/position`, { anchor: 'worked-example', fraction: 0.6 });
    await learner.request('PUT', `${base}/position`, { anchor: 'worked-example', fraction: 0.4 });
    expect(await statements('progressed')).toHaveLength(1);
    await learner.request('PUT', `${base}/position`, { anchor: 'reflection', fraction: 0.8 });
    const progressed = await statements('progressed');
    expect(progressed).toHaveLength(2);
    expect(progressed.map((s) => (s.statement as { result: { extensions: Record<string, number> } }).result.extensions['https://w3id.org/xapi/cmi5/result/extensions/progress']).sort()).toEqual([55, 80]);
  });

  it('refuses a position outside 0..1 or a malformed anchor with a message saying what to fix', async () => {
    const far = await learner.request('PUT', `${base}/position`, { anchor: null, fraction: 1.5 });
    expect(far.status).toBe(400);
    expect(far.body.error.message).toMatch(/fraction: must be between 0 and 1/);
    const anchor = await learner.request('PUT', `${base}/position`, { anchor: '<script>', fraction: 0.5 });
    expect(anchor.status).toBe(400);
    expect(anchor.body.error.fields[0].path).toBe('body.anchor');
  });

  it('answers 404 for an unknown lesson and for another organisation\'s lesson', async () => {
    const unknown = await learner.post('/api/v1/learn/lessons/no-such-lesson/open');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no-such-lesson/);
    expect((await globexAdmin.post(`${base}/open`)).status).toBe(404);
    expect((await globexAdmin.get(`${base}/progress`)).status).toBe(404);
  });
});

describe('time spent', () => {
  const heartbeat = (client: HttpClient, tickId: string, seconds: number) => client.post(`${base}/heartbeat`, { tickId, seconds });
  const rewind = async (seconds: number) => {
    await server.runtime.ctx.db
      .update(lessonProgress)
      .set({ lastActiveAt: new Date(Date.now() - seconds * 1000) })
      .where(eq(lessonProgress.personId, learnerId));
  };

  it('adds the seconds of a tick once, however often it is retried', async () => {
    await rewind(40);
    const first = await heartbeat(learner, 'tick-0001', 30);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ added: 30, duplicate: false });
    const retry = await heartbeat(learner, 'tick-0001', 30);
    expect(retry.body).toMatchObject({ added: 0, duplicate: true, secondsSpent: first.body.secondsSpent });
  });

  it('never adds more than the time that has passed since the previous tick', async () => {
    const before = (await learner.get(`${base}/progress`)).body.secondsSpent;
    await rewind(20);
    const rewoundAt = Date.now();
    // Ten ticks fired at once (a replaying client or parallel tabs) cannot claim ten minutes:
    // together they get the 20 seconds that had passed (plus however long the burst took to
    // arrive on a busy machine) and at most 5 seconds of slack.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => heartbeat(learner, `burst-${i}`, 60)));
    const took = Math.ceil((Date.now() - rewoundAt) / 1000);
    const added = burst.reduce((n, r) => n + r.body.added, 0);
    expect(added).toBeGreaterThanOrEqual(20);
    expect(added).toBeLessThanOrEqual(25 + took);
    expect(added).toBeLessThan(60);
    // A tab left open for an hour can claim at most the last minute.
    await rewind(3600);
    const idleEndedAt = Date.now();
    expect((await heartbeat(learner, 'after-idle-1', 60)).body.added).toBe(60);
    const second = (await heartbeat(learner, 'after-idle-2', 60)).body.added;
    expect(second).toBeLessThanOrEqual(6 + Math.ceil((Date.now() - idleEndedAt) / 1000));
    expect((await learner.get(`${base}/progress`)).body.secondsSpent).toBeGreaterThanOrEqual(before + added + 60);
  });

  it('caps a tick at 60 seconds and refuses time for a lesson never opened', async () => {
    const big = await heartbeat(learner, 'tick-big', 600);
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/at most 60 seconds/);
    const unopened = await learner.post('/api/v1/learn/lessons/f03-giving-feedback/heartbeat', { tickId: 'tick-x', seconds: 10 });
    expect(unopened.status).toBe(409);
    expect(unopened.body.error.code).toBe('not_started');
  });
});

describe('knowledge check', () => {
  it('grades an answer, records it and shows the latest answer per question', async () => {
    const wrong = await learner.post(`${base}/check`, { questionId: 'q1', optionIndexes: [1] });
    expect(wrong.status).toBe(200);
    expect(wrong.body.correct).toBe(false);
    expect(wrong.body.options[1]).toMatchObject({ selected: true, correct: false, feedback: expect.stringMatching(/Silence/) });
    const right = await learner.post(`${base}/check`, { questionId: 'q1', optionIndexes: [0] });
    expect(right.body.correct).toBe(true);
    const multi = await learner.post(`${base}/check`, { questionId: 'q2', optionIndexes: [1, 0] });
    expect(multi.body.correct).toBe(true);
    const progress = await learner.get(`${base}/progress`);
    expect(progress.body.answers.map((a: { questionId: string; correct: boolean; optionIndexes: number[] }) => [a.questionId, a.correct, a.optionIndexes])).toEqual([
      ['q1', true, [0]],
      ['q2', true, [1, 0]],
    ]);
    const answered = await statements('answered');
    expect(answered).toHaveLength(3);
    const last = answered.find((s) => (s.statement as { object: { id: string } }).object.id.endsWith('/questions/q2'))!.statement as Record<string, any>;
    expect(last.result).toEqual({ success: true, response: '0[,]1' });
    expect(last.object.definition.interactionType).toBe('choice');
    expect(last.object.definition.correctResponsesPattern).toEqual(['0[,]1']);
    expect(last.context.contextActivities.parent[0].id).toBe(`${server.url}/learn/lessons/${LESSON}`);
  });

  it('explains a bad answer with a 400 and records nothing', async () => {
    const before = (await statements('answered')).length;
    const unknown = await learner.post(`${base}/check`, { questionId: 'q9', optionIndexes: [0] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/no question "q9"/);
    const two = await learner.post(`${base}/check`, { questionId: 'q1', optionIndexes: [0, 1] });
    expect(two.status).toBe(400);
    expect(two.body.error.message).toMatch(/exactly one option/);
    const range = await learner.post(`${base}/check`, { questionId: 'q1', optionIndexes: [5] });
    expect(range.status).toBe(400);
    expect((await statements('answered')).length).toBe(before);
  });
});

describe('private notes', () => {
  let noteId: string;

  it('creates, lists, edits and deletes the caller\'s notes', async () => {
    const created = await learner.post(`${base}/notes`, { body: 'Our WAN has no Expert yet: ask Priya.', anchor: 'reflection' });
    expect(created.status).toBe(201);
    noteId = created.body.id;
    expect(created.body).toMatchObject({ lessonKey: LESSON, anchor: 'reflection', body: 'Our WAN has no Expert yet: ask Priya.' });
    const listed = await learner.get(`${base}/notes`);
    expect(listed.body.items.map((n: { id: string }) => n.id)).toEqual([noteId]);
    const edited = await learner.patch(`/api/v1/learn/notes/${noteId}`, { body: 'Priya agreed to own the WAN procedure.' });
    expect(edited.status).toBe(200);
    expect(edited.body.body).toBe('Priya agreed to own the WAN procedure.');
    const all = await learner.get('/api/v1/learn/notes');
    expect(all.body).toMatchObject({ total: 1, items: [{ id: noteId, lessonTitle: 'Planning for downtime with escalation procedures' }] });
  });

  it('hides notes from everyone else, managers and admins included', async () => {
    expect((await colleague.get(`${base}/notes`)).body.items).toEqual([]);
    expect((await manager.get('/api/v1/learn/notes')).body.total).toBe(0);
    const admin = server.client();
    await admin.login(acme.admin.email, PASSWORD);
    for (const client of [colleague, manager, admin, globexAdmin]) {
      expect((await client.patch(`/api/v1/learn/notes/${noteId}`, { body: 'taken over' })).status).toBe(404);
      expect((await client.delete(`/api/v1/learn/notes/${noteId}`)).status).toBe(404);
    }
    expect((await learner.get(`${base}/notes`)).body.items[0].body).toBe('Priya agreed to own the WAN procedure.');
  });

  it('refuses an empty note and deletes for real', async () => {
    const empty = await learner.post(`${base}/notes`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/write something first/);
    expect((await learner.delete(`/api/v1/learn/notes/${noteId}`)).status).toBe(204);
    expect((await learner.delete(`/api/v1/learn/notes/${noteId}`)).status).toBe(404);
    expect((await learner.get(`${base}/notes`)).body.items).toEqual([]);
  });
});

describe('bookmarks', () => {
  it('bookmarks idempotently (one xAPI statement) and lists and removes them', async () => {
    expect((await learner.request('PUT', `${base}/bookmark`)).status).toBe(200);
    expect((await learner.request('PUT', `${base}/bookmark`)).status).toBe(200);
    expect(await statements('bookmarked')).toHaveLength(1);
    const list = await learner.get('/api/v1/learn/bookmarks');
    expect(list.body).toMatchObject({ total: 1, items: [{ lessonKey: LESSON, minutes: 20 }] });
    expect((await learner.get(`${base}/progress`)).body.bookmarked).toBe(true);
    expect((await colleague.get('/api/v1/learn/bookmarks')).body.total).toBe(0);
    expect((await learner.delete(`${base}/bookmark`)).status).toBe(204);
    expect((await learner.get('/api/v1/learn/bookmarks')).body.total).toBe(0);
  });
});

describe('completing lessons and continuing-education hours', () => {
  it('completes a lesson once: a second completion is a 409 that counts nothing', async () => {
    const done = await learner.post(`${base}/complete`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completedRevision: 1, creditedMinutes: 20, updatedSinceCompleted: false });
    const again = await learner.post(`${base}/complete`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_completed');
    expect(again.body.error.message).toMatch(/counts once/);
    expect(await statements('completed')).toHaveLength(1);
    const [completed] = await statements('completed');
    expect((completed.statement as { result: { completion: boolean; duration: string } }).result).toMatchObject({ completion: true, duration: expect.stringMatching(/^PT/) });
    const hours = await learner.get('/api/v1/learn/ce-hours');
    expect(hours.body).toMatchObject({ minutes: 20, hours: 0.33, lessons: 1 });
  });

  it('shows "updated since you completed it" after a pack upgrade, and re-completing adds no hours', async () => {
    await reviseLesson(server.runtime.ctx.db, acme.orgId, LESSON);
    const progress = await learner.get(`${base}/progress`);
    expect(progress.body).toMatchObject({ revision: 2, completedRevision: 1, updatedSinceCompleted: true });
    const mine = await learner.get('/api/v1/learn/my/lessons?status=completed');
    expect(mine.body.items[0]).toMatchObject({ lessonKey: LESSON, updatedSinceCompleted: true });
    const recomplete = await learner.post(`${base}/complete`);
    expect(recomplete.status).toBe(200);
    expect(recomplete.body).toMatchObject({ completedRevision: 2, updatedSinceCompleted: false, creditedMinutes: 20, completedAt: progress.body.completedAt });
    expect((await learner.post(`${base}/complete`)).status).toBe(409);
    expect((await learner.get('/api/v1/learn/ce-hours')).body).toMatchObject({ minutes: 20, lessons: 1 });
  });

  it('sums hours per year of completion', async () => {
    expect((await learner.post('/api/v1/learn/lessons/b09-capacity-and-commitments/complete')).status).toBe(200);
    expect((await learner.post('/api/v1/learn/lessons/f03-giving-feedback/complete')).status).toBe(200);
    // The feedback lesson was completed in an earlier year.
    const db = server.runtime.ctx.db;
    const { lessons } = await import('../content/schema.js');
    const [feedback] = await db.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.orgId, acme.orgId), eq(lessons.lessonKey, 'f03-giving-feedback')));
    await db.update(lessonProgress).set({ completedAt: new Date('2024-06-01T10:00:00Z') }).where(and(eq(lessonProgress.personId, learnerId), eq(lessonProgress.lessonId, feedback.id)));
    const hours = await learner.get('/api/v1/learn/ce-hours');
    const thisYear = new Date().getUTCFullYear();
    expect(hours.body).toMatchObject({ minutes: 60, hours: 1, lessons: 3 });
    expect(hours.body.years).toEqual([
      { year: 2024, minutes: 15, hours: 0.25, lessons: 1 },
      { year: thisYear, minutes: 45, hours: 0.75, lessons: 2 },
    ]);
  });

  it('lets the manager and admins read a person\'s hours, and nobody else', async () => {
    expect((await manager.get(`/api/v1/learn/ce-hours?personId=${learnerId}`)).body.minutes).toBe(60);
    const admin = server.client();
    await admin.login(acme.admin.email, PASSWORD);
    expect((await admin.get(`/api/v1/learn/ce-hours?personId=${learnerId}`)).body.minutes).toBe(60);
    const nosy = await colleague.get(`/api/v1/learn/ce-hours?personId=${learnerId}`);
    expect(nosy.status).toBe(403);
    expect(nosy.body.error.message).toMatch(/their manager and admins/);
    expect((await globexAdmin.get(`/api/v1/learn/ce-hours?personId=${learnerId}`)).status).toBe(404);
  });
});

describe('a lesson retired by a pack upgrade', () => {
  it('keeps progress and notes for those who studied it, refuses new activity, and is gone for everyone else', async () => {
    const initech = await createTestOrg(server, 'Initech IT');
    await seedLearningContent(server.runtime.ctx.db, initech.orgId);
    const studied = await initech.addPerson('sam-studied');
    const newcomer = await initech.addPerson('nia-new');
    const sam = server.client();
    await sam.login(studied.email, PASSWORD);
    const nia = server.client();
    await nia.login(newcomer.email, PASSWORD);
    const feedback = '/api/v1/learn/lessons/f03-giving-feedback';
    expect((await sam.post(`${feedback}/complete`)).status).toBe(200);
    expect((await sam.post(`${feedback}/notes`, { body: 'Start from what I saw.' })).status).toBe(201);
    await retireLesson(server.runtime.ctx.db, initech.orgId, 'f03-giving-feedback');

    const progress = await sam.get(`${feedback}/progress`);
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ retired: true, status: 'completed', creditedMinutes: 15 });
    expect((await sam.get(`${feedback}/notes`)).body.items).toHaveLength(1);
    expect((await sam.get('/api/v1/learn/ce-hours')).body.minutes).toBe(15);
    const reopen = await sam.post(`${feedback}/open`);
    expect(reopen.status).toBe(409);
    expect(reopen.body.error).toMatchObject({ code: 'lesson_retired' });
    expect(reopen.body.error.message).toMatch(/progress and notes on it are kept/);

    expect((await nia.get(`${feedback}/progress`)).status).toBe(404);
    expect((await nia.post(`${feedback}/open`)).status).toBe(404);
    expect((await nia.post(`${feedback}/notes`, { body: 'sneaking in' })).status).toBe(404);
  });
});
