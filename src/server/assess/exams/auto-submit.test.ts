import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitUntil } from '../../../../test/support/wait.js';
import { correctDisplayIds, examWorld, type ExamWorld } from './testing/exam-fixture.js';
import { AUTO_SUBMIT_QUEUE, runAutoSubmit, sweepAttempts } from './auto-submit.js';

let server: TestServer;
let world: ExamWorld;

beforeAll(async () => {
  server = await startTestServer();
  world = await examWorld(server, 'Deadline IT');
});
afterAll(async () => server?.close());

const db = () => server.runtime.ctx.db;
const rows = async <T>(query: ReturnType<typeof sql>) => (await db().execute(query)).rows as T[];

interface AttemptRow {
  status: string;
  submit_reason: string | null;
  submitted_at: Date | null;
  deadline_at: Date;
  auto_submit_job_id: string | null;
  correct_count: number | null;
}
const attemptRow = async (id: string) => (await rows<AttemptRow>(sql`select status, submit_reason, submitted_at, deadline_at, auto_submit_job_id, correct_count from exam_attempts where id = ${id}`))[0];
const jobsFor = (attemptId: string) =>
  rows<{ id: string; state: string; start_after: Date }>(sql`select id, state, start_after from pgboss.job where name = ${AUTO_SUBMIT_QUEUE} and data->>'attemptId' = ${attemptId} order by created_on`);

describe('auto-submit at the deadline (pg-boss)', () => {
  it('queues a durable job at start for the attempt\'s deadline', async () => {
    const exam = await world.createExam({ timeLimitMinutes: 40 });
    const { client } = await world.candidate('queued');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const row = await attemptRow(a.id);
    const jobs = await jobsFor(a.id);
    expect(jobs).toHaveLength(1);
    expect(row.auto_submit_job_id).toBe(jobs[0].id);
    expect(jobs[0].state).toBe('created');
    expect(Math.abs(new Date(jobs[0].start_after).getTime() - new Date(row.deadline_at).getTime())).toBeLessThan(1000);
  });

  it('lets the job queued at start submit the attempt when its deadline comes, keeping the answers given in time', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('out-of-time');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const item = a.items[0];
    expect((await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: item.itemId, optionIds: correctDisplayIds(world, item), seq: 1 })).status).toBe(200);
    // Bring the deadline (and the job queued for it) two seconds ahead instead of waiting 30 minutes.
    const [job] = await jobsFor(a.id);
    await db().execute(sql`update exam_attempts set deadline_at = now() + interval '2 seconds' where id = ${a.id}`);
    await db().execute(sql`update pgboss.job set start_after = now() + interval '2 seconds' where id = ${job.id}`);
    const row = await waitUntil('the deadline job to submit the attempt', async () => {
      const r = await attemptRow(a.id);
      return r.status === 'submitted' ? r : undefined;
    }, 20_000, 200);
    expect(row.submit_reason).toBe('time_up');
    expect(new Date(row.submitted_at!).getTime()).toBe(new Date(row.deadline_at).getTime());
    expect(row.correct_count).toBe(1);
    await waitUntil('the job to be completed', async () => (await jobsFor(a.id))[0].state === 'completed', 10_000, 200);
    const reread = (await client.get(`/api/v1/exam-attempts/${a.id}`)).body;
    expect(reread).toMatchObject({ status: 'submitted', submitReason: 'time_up', remainingSeconds: 0 });
    expect(reread.items[0].answer.optionIds).toEqual(correctDisplayIds(world, item));
    const late = await client.request('PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: a.items[1].itemId, optionIds: ['1'], seq: 2 });
    expect(late.status).toBe(409);
  });

  it('re-queues a job that runs before the deadline instead of submitting early', async () => {
    const exam = await world.createExam();
    const { client } = await world.candidate('too-early');
    const a = (await client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    await runAutoSubmit(server.runtime.ctx, { attemptId: a.id, orgId: world.org.orgId });
    const row = await attemptRow(a.id);
    expect(row.status).toBe('in_progress');
    const jobs = await jobsFor(a.id);
    expect(jobs).toHaveLength(2);
    expect(row.auto_submit_job_id).toBe(jobs[1].id);
    expect(Math.abs(new Date(jobs[1].start_after).getTime() - new Date(row.deadline_at).getTime())).toBeLessThan(1000);
  });

  it('sweeps: queues attempts left without a job and submits attempts long past their deadline', async () => {
    const exam = await world.createExam();
    const lost = await world.candidate('lost-job');
    const stale = await world.candidate('stale-attempt');
    const a = (await lost.client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    const b = (await stale.client.post(`/api/v1/exams/${exam.id}/attempts`)).body;
    // As after a crash between the start and queueing its job; and an attempt whose job never ran.
    await db().execute(sql`update exam_attempts set auto_submit_job_id = null where id = ${a.id}`);
    await db().execute(sql`update exam_attempts set deadline_at = now() - interval '5 minutes' where id = ${b.id}`);
    const done = await sweepAttempts(server.runtime.ctx);
    expect(done.queued).toBeGreaterThanOrEqual(1);
    expect(done.submitted).toBeGreaterThanOrEqual(1);
    const rowA = await attemptRow(a.id);
    expect(rowA.status).toBe('in_progress');
    expect(rowA.auto_submit_job_id).not.toBeNull();
    expect((await jobsFor(a.id)).map((j) => j.id)).toContain(rowA.auto_submit_job_id);
    expect(await attemptRow(b.id)).toMatchObject({ status: 'submitted', submit_reason: 'time_up' });
  });
});
