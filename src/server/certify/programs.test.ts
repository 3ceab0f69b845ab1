import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { PASSWORD } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';
import { correctDisplayIds, examWorld, type ExamWorld } from '../assess/exams/testing/exam-fixture.js';
import { addLesson, addPack, addPath, enrol, ensureLearningTables } from '../assess/exams/testing/learning-tables.js';

let server: TestServer;
let world: ExamWorld;
let learner: { client: HttpClient; id: string };
let manager: HttpClient;
let colleague: HttpClient;
let program: { id: string; rubric: { key: string; levels: string[]; passLevel: number }[] };
let examId: string;
let packId: string;

const db = () => server.runtime.ctx.db;
const login = async (email: string) => {
  const client = server.client();
  await client.login(email, PASSWORD);
  return client;
};
const scores = (level: (c: { passLevel: number }) => number) => Object.fromEntries(program.rubric.map((c) => [c.key, level(c)]));

async function passExam(client: HttpClient) {
  const a = (await client.post(`/api/v1/exams/${examId}/attempts`)).body;
  let seq = 0;
  for (const item of a.items) expect((await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: item.itemId, optionIds: correctDisplayIds(world, item), seq: ++seq })).status).toBe(200);
  const result = await client.post(`/api/v1/exam-attempts/${a.id}/submit`);
  expect(result.body.passed).toBe(true);
}

beforeAll(async () => {
  server = await startTestServer();
  world = await examWorld(server, 'Program IT');
  examId = (await world.createExam()).id;
  const managerPerson = await world.org.addPerson('morgan-manager', ['learner']);
  manager = await login(managerPerson.email);
  const learnerPerson = await world.org.addPerson('pat-learner', ['learner'], managerPerson.id);
  learner = { client: await login(learnerPerson.email), id: learnerPerson.id };
  colleague = await login((await world.org.addPerson('sam-colleague', ['learner'])).email);
  await ensureLearningTables(db());
  packId = await addPack(db(), world.org.orgId, 'program-tests');
});
afterAll(async () => server?.close());

describe('certification program journey', () => {
  it('seeds the two default programs and lets an administrator attach the exam', async () => {
    const list = await learner.client.get('/api/v1/certify/programs');
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: any) => p.programKey)).toEqual(['professional', 'executive']);
    const professional = list.body.items[0];
    expect((await learner.client.patch(`/api/v1/certify/programs/${professional.id}`, { examId })).status).toBe(403);
    expect((await world.admin.patch(`/api/v1/certify/programs/${professional.id}`, { examId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    const patched = await world.admin.patch(`/api/v1/certify/programs/${professional.id}`, { examId, validityDays: 730 });
    expect(patched.status).toBe(200);
    program = patched.body;
  });

  it('shows what remains, and refuses the credential until every requirement is met', async () => {
    expect((await learner.client.post(`/api/v1/certify/programs/${program.id}/enrol`)).status).toBe(201);
    expect((await learner.client.post(`/api/v1/certify/programs/${program.id}/enrol`)).status).toBe(200);
    const status = (await learner.client.get(`/api/v1/certify/programs/${program.id}/status`)).body;
    expect(status.enrolled).toBe(true);
    expect(status.requirements.map((r: any) => [r.key, r.met])).toEqual([['learning_path', false], ['exam', false], ['practicum', false], ['action_plan', false]]);
    expect(status.requirements[0].detail).toMatch(/no learning path "business-of-it"/);
    const claim = await learner.client.post(`/api/v1/certify/programs/${program.id}/claim`);
    expect(claim.status).toBe(409);
    expect(claim.body.error.message).toMatch(/Exam passed/);
    // The action plan follows the exam.
    expect((await learner.client.request('PUT', `/api/v1/certify/programs/${program.id}/action-plan`, { items: [{ title: 'Run weekly one-to-ones', dueDate: '2030-01-01' }] })).status).toBe(409);
  });

  it('counts the learning path and the exam', async () => {
    const pathId = await addPath(db(), world.org.orgId, packId, 'business-of-it', 'The business of IT');
    await enrol(db(), world.org.orgId, learner.id, pathId, true);
    await passExam(learner.client);
    const status = (await learner.client.get(`/api/v1/certify/programs/${program.id}/status`)).body;
    expect(status.requirements.map((r: any) => [r.key, r.met])).toEqual([['learning_path', true], ['exam', true], ['practicum', false], ['action_plan', false]]);
    expect(status.remaining).toHaveLength(2);
  });

  it('action plan: dates within 30 days of the exam, check-ins by the learner, acknowledged by their manager only', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const late = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    const tooLate = await learner.client.request('PUT', `/api/v1/certify/programs/${program.id}/action-plan`, { items: [{ title: 'Publish the escalation procedure', dueDate: late }] });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.error.fields[0].path).toBe('items.0.dueDate');
    expect((await learner.client.request('PUT', `/api/v1/certify/programs/${program.id}/action-plan`, { items: [{ title: 'x', dueDate: today }] })).status).toBe(400);
    const week = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const plan = await learner.client.request('PUT', `/api/v1/certify/programs/${program.id}/action-plan`, { items: [{ title: 'Publish the escalation procedure', dueDate: week }, { title: 'Hold first one-to-ones with all four reports', dueDate: today }] });
    expect(plan.status).toBe(200);
    const planId = plan.body.id;
    const checked = await learner.client.post(`/api/v1/certify/action-plans/${planId}/check-ins`, { item: 1, note: 'Two of four held', done: false });
    expect(checked.body.items[1].checkIns).toHaveLength(1);
    expect((await learner.client.post(`/api/v1/certify/action-plans/${planId}/check-ins`, { item: 5, note: 'no such item' })).status).toBe(400);
    expect((await learner.client.post(`/api/v1/certify/action-plans/${planId}/acknowledge`)).status).toBe(403);
    expect((await colleague.post(`/api/v1/certify/action-plans/${planId}/acknowledge`)).status).toBe(404);
    const ack = await manager.post(`/api/v1/certify/action-plans/${planId}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).not.toBeNull();
    expect((await manager.post(`/api/v1/certify/action-plans/${planId}/acknowledge`)).status).toBe(409);
  });

  it('practicum: evidence reviewed against the rubric, returned with comments, resubmitted, accepted', async () => {
    const bad = await learner.client.post(`/api/v1/certify/programs/${program.id}/practicum`, { evidence: [{ kind: 'link', ref: 'intranet/page', title: 'Runbook' }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/http/);
    const evidence = [
      { kind: 'link', ref: 'https://intranet.example/runbooks/email-outage', title: 'E-mail outage runbook' },
      { kind: 'link', ref: 'https://intranet.example/reviews/march-outage', title: 'Post-incident review of the March outage' },
    ];
    const notMine = await learner.client.post(`/api/v1/certify/programs/${program.id}/practicum`, { evidence: [{ kind: 'artefact', ref: 'escalation-procedure:3f6c1d2e-0000-4000-8000-000000000001', title: 'Someone else\'s procedure' }] });
    expect(notMine.status).toBe(400);
    expect(notMine.body.error.fields[0].path).toBe('evidence.0.ref');
    const first = await learner.client.post(`/api/v1/certify/programs/${program.id}/practicum`, { evidence, note: 'Used in the March outage' });
    expect(first.status).toBe(201);
    expect((await learner.client.post(`/api/v1/certify/programs/${program.id}/practicum`, { evidence })).status).toBe(409);
    expect((await learner.client.get('/api/v1/certify/practicum')).status).toBe(403);
    const queue = await world.author.get('/api/v1/certify/practicum');
    expect(queue.body.items.map((s: any) => s.id)).toContain(first.body.id);

    const review = (body: unknown) => world.author.post(`/api/v1/certify/practicum/${first.body.id}/review`, body);
    expect((await review({ decision: 'accept', scores: {} })).status).toBe(400);
    const low = await review({ decision: 'accept', scores: scores((c) => c.passLevel - 1) });
    expect(low.status).toBe(400);
    expect(low.body.error.message).toMatch(/below the pass level/);
    expect((await review({ decision: 'return', scores: scores((c) => c.passLevel - 1), comments: '' })).status).toBe(400);
    const returned = await review({ decision: 'return', scores: scores((c) => c.passLevel - 1), comments: 'Add the outcome: how long was the outage after the procedure?' });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    const status = (await learner.client.get(`/api/v1/certify/programs/${program.id}/status`)).body;
    expect(status.requirements[2].detail).toMatch(/how long was the outage/);

    const second = await learner.client.post(`/api/v1/certify/programs/${program.id}/practicum`, { evidence, note: 'Outage cut from 3 h to 40 min' });
    expect(second.body.round).toBe(2);
    const accepted = await world.author.post(`/api/v1/certify/practicum/${second.body.id}/review`, { decision: 'accept', scores: scores((c) => c.passLevel), comments: 'Clear' });
    expect(accepted.body.status).toBe('accepted');
  });

  it('issues the credential once everything is met, verifiable publicly; a second claim returns the same one', async () => {
    const status = (await learner.client.get(`/api/v1/certify/programs/${program.id}/status`)).body;
    expect(status.complete).toBe(true);
    const claim = await learner.client.post(`/api/v1/certify/programs/${program.id}/claim`);
    expect(claim.status).toBe(201);
    expect(claim.body.achievementName).toBe('Certified IT Manager (Professional)');
    expect(new Date(claim.body.validUntil).getTime() - new Date(claim.body.validFrom).getTime()).toBe(730 * 86_400_000);
    const verify = await fetch(claim.body.verifyApiUrl).then((r) => r.json());
    expect(verify).toMatchObject({ status: 'valid', recipientName: 'Pat Learner' });
    const again = await learner.client.post(`/api/v1/certify/programs/${program.id}/claim`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(claim.body.id);
    expect((await learner.client.get(`/api/v1/certify/programs/${program.id}/status`)).body.credentialId).toBe(claim.body.id);
  });

  it('renews with enough continuing-education hours since issue; the old credential stays valid, marked superseded', async () => {
    const [current] = (await learner.client.get('/api/v1/credentials')).body.items;
    const notEnough = await learner.client.post(`/api/v1/credentials/${current.id}/renew`);
    expect(notEnough.status).toBe(409);
    await db().execute(sql.raw(`create table if not exists lesson_progress (id uuid primary key default gen_random_uuid(), org_id uuid not null, person_id uuid not null, lesson_id uuid not null, completed_at timestamptz, credited_minutes integer)`));
    const lessonId = await addLesson(db(), world.org.orgId, packId, { key: 'renewal-lesson', title: 'Budget basics', competencies: ['budgeting'] });
    await db().execute(sql`insert into lesson_progress (org_id, person_id, lesson_id, completed_at, credited_minutes) values (${world.org.orgId}, ${learner.id}, ${lessonId}, now(), 600)`);
    const short = await learner.client.post(`/api/v1/credentials/${current.id}/renew`);
    expect(short.status).toBe(409);
    expect(short.body.error.message).toMatch(/needs 20 continuing-education hours .* you have 10/);
    const lesson2 = await addLesson(db(), world.org.orgId, packId, { key: 'renewal-lesson-2', title: 'Vendor reviews', competencies: ['vendors'] });
    await db().execute(sql`insert into lesson_progress (org_id, person_id, lesson_id, completed_at, credited_minutes) values (${world.org.orgId}, ${learner.id}, ${lesson2}, now(), 660)`);
    expect((await colleague.post(`/api/v1/credentials/${current.id}/renew`)).status).toBe(404);
    const renewed = await learner.client.post(`/api/v1/credentials/${current.id}/renew`);
    expect(renewed.status).toBe(201);
    expect(renewed.body.id).not.toBe(current.id);
    const old = (await learner.client.get(`/api/v1/credentials/${current.id}`)).body;
    expect(old.supersededBy).toBe(renewed.body.id);
    expect((await fetch(old.verifyApiUrl).then((r) => r.json())).status).toBe('valid');
    expect((await learner.client.post(`/api/v1/credentials/${current.id}/renew`)).status).toBe(409);
  });
});
