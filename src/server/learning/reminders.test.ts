import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import { seedLearningContent, TEST_PATH } from '../../../test/support/learning-content.js';
import { waitUntil } from '../../../test/support/wait.js';
import type { HttpClient } from '../../../test/support/http.js';
import { LEARNING_TICK_QUEUE } from './jobs.js';
import { learningReminders, pathEnrolments } from './schema.js';
import { reminderDue } from './paths/reminders.js';

let smtp: SmtpSink;
let server: TestServer;
let acme: TestOrg;
let admin: HttpClient;
let manager: HttpClient;
let rae: HttpClient;
let cole: HttpClient;
const ids = {} as Record<'rae' | 'cole', string>;

const PATH = TEST_PATH.pathKey;
const day = (offset: number, from = new Date()) => new Date(from.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

async function signIn(email: string) {
  const c = server.client();
  await c.login(email, PASSWORD);
  return c;
}

/** Queues a reminder sweep through the real job engine, as the hourly tick does, and waits until the job has finished. */
async function runSweep(asOf?: Date) {
  const jobs = server.runtime.ctx.jobs;
  const id = await jobs.send(LEARNING_TICK_QUEUE, { task: 'reminders', ...(asOf ? { asOf: asOf.toISOString() } : {}) });
  expect(id).toBeTruthy();
  await waitUntil(`sweep job ${id} to finish`, async () => {
    const job = await jobs.boss.getJobById(LEARNING_TICK_QUEUE, id!);
    if (job?.state === 'failed') throw new Error(`the sweep failed: ${JSON.stringify(job.output)}`);
    return job?.state === 'completed';
  }, 30_000);
}

const mailsTo = (address: string, subject: RegExp) => smtp.messages.filter((m) => m.to.includes(address) && subject.test(m.subject));

beforeAll(async () => {
  smtp = await startSmtpSink();
  server = await startTestServer({ smtpUrl: smtp.url });
  acme = await createTestOrg(server, 'Acme IT');
  await seedLearningContent(server.runtime.ctx.db, acme.orgId);
  admin = await signIn(acme.admin.email);
  const mgr = await acme.addPerson('mia-manager');
  const p1 = await acme.addPerson('rae-report', ['learner'], mgr.id);
  const p2 = await acme.addPerson('cole-colleague', ['learner'], mgr.id);
  Object.assign(ids, { rae: p1.id, cole: p2.id });
  manager = await signIn(mgr.email);
  rae = await signIn(p1.email);
  cole = await signIn(p2.email);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

describe('when reminders are due', () => {
  it('reminds N days before the due date, then the day after it and weekly while overdue', () => {
    expect(reminderDue('2026-03-10', '2026-03-06', 3)).toBeNull();
    expect(reminderDue('2026-03-10', '2026-03-07', 3)).toEqual({ kind: 'due_soon', forDate: '2026-03-10' });
    expect(reminderDue('2026-03-10', '2026-03-10', 3)).toEqual({ kind: 'due_soon', forDate: '2026-03-10' });
    expect(reminderDue('2026-03-10', '2026-03-11', 3)).toEqual({ kind: 'overdue', forDate: '2026-03-11' });
    expect(reminderDue('2026-03-10', '2026-03-17', 3)).toEqual({ kind: 'overdue', forDate: '2026-03-11' });
    expect(reminderDue('2026-03-10', '2026-03-18', 3)).toEqual({ kind: 'overdue', forDate: '2026-03-18' });
    expect(reminderDue('2026-03-10', '2026-04-30', 0)).toEqual({ kind: 'overdue', forDate: '2026-04-29' });
  });
});

describe('reminder settings', () => {
  it('defaults to 3 days, lets admins change it with an audit record, and refuses silly values', async () => {
    expect((await admin.get('/api/v1/learn/admin/settings')).body.reminderDaysBefore).toBe(3);
    const bad = await admin.patch('/api/v1/learn/admin/settings', { reminderDaysBefore: 45 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/at most 30 days/);
    expect((await manager.patch('/api/v1/learn/admin/settings', { reminderDaysBefore: 5 })).status).toBe(403);
    const changed = await admin.patch('/api/v1/learn/admin/settings', { reminderDaysBefore: 2 });
    expect(changed.body.reminderDaysBefore).toBe(2);
    const audit = await admin.get('/api/v1/admin/audit?action=learning.settings.update');
    expect(audit.body.items[0]).toMatchObject({ before: { reminderDaysBefore: 3 }, after: { reminderDaysBefore: 2 } });
  });
});

describe('reminders through the job engine', () => {
  let raeEnrolment: string;
  let due: string;

  it('e-mails a due-soon reminder once and shows it on the dashboard', async () => {
    due = day(2);
    const assigned = await manager.post('/api/v1/learn/assignments', { personId: ids.rae, pathKey: PATH, dueDate: due });
    expect(assigned.status).toBe(201);
    raeEnrolment = assigned.body.id;
    await runSweep();
    await waitUntil('the due-soon e-mail', async () => mailsTo('rae-report@acme-it.test', /^Due in 2 days/).length === 1);
    const [mail] = mailsTo('rae-report@acme-it.test', /^Due in 2 days/);
    expect(mail.subject).toBe('Due in 2 days: New manager essentials');
    expect(mail.text).toContain(`is due on ${due}, in 2 days. You have completed 0 of 3 lessons.`);
    expect(mail.text).toContain('Next lesson: Delegating outcomes, not tasks');
    expect(mail.text).toContain(`${server.url}/learn/paths/${PATH}`);
    const dashboard = await rae.get('/api/v1/learn/reminders');
    expect(dashboard.body.items).toEqual([expect.objectContaining({ kind: 'due_soon', overdue: false, dueDate: due, pathKey: PATH, enrolmentId: raeEnrolment })]);
    expect((await cole.get('/api/v1/learn/reminders')).body.items).toEqual([]);
  });

  it('sends nothing twice however many sweeps run, even at the same moment', async () => {
    await Promise.all([runSweep(), runSweep(), runSweep()]);
    // Give a wrongly duplicated message time to reach the sink before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo('rae-report@acme-it.test', /^Due/)).toHaveLength(1);
    const rows = await server.runtime.ctx.db.select().from(learningReminders).where(eq(learningReminders.enrolmentId, raeEnrolment));
    expect(rows).toHaveLength(1);
  });

  it('reminds the day after the due date, then once a week while the path stays open', async () => {
    const dueAt = new Date(`${due}T12:00:00Z`);
    await runSweep(new Date(dueAt.getTime() + 1 * 86_400_000));
    await waitUntil('the first overdue e-mail', async () => mailsTo('rae-report@acme-it.test', /^Overdue/).length === 1);
    expect(mailsTo('rae-report@acme-it.test', /^Overdue/)[0].subject).toBe(`Overdue: New manager essentials (due ${due})`);
    await runSweep(new Date(dueAt.getTime() + 4 * 86_400_000));
    await runSweep(new Date(dueAt.getTime() + 7 * 86_400_000));
    await runSweep(new Date(dueAt.getTime() + 8 * 86_400_000));
    await waitUntil('the weekly overdue e-mail', async () => mailsTo('rae-report@acme-it.test', /^Overdue/).length === 2);
    await new Promise((r) => setTimeout(r, 1000));
    expect(mailsTo('rae-report@acme-it.test', /^Overdue/)).toHaveLength(2);
    const dashboard = await rae.get('/api/v1/learn/reminders');
    expect(dashboard.body.items).toHaveLength(1);
    expect(dashboard.body.items[0]).toMatchObject({ kind: 'overdue', overdue: true });
    const [enrolment] = (await rae.get('/api/v1/learn/my/enrolments')).body.items;
    expect(enrolment.overdue).toBe(false); // not overdue yet in real time: the sweeps above ran "in the future"
  });

  it('lets the learner dismiss a reminder from the dashboard', async () => {
    const [item] = (await rae.get('/api/v1/learn/reminders')).body.items;
    expect((await cole.post(`/api/v1/learn/reminders/${item.id}/dismiss`)).status).toBe(404);
    expect((await rae.post(`/api/v1/learn/reminders/${item.id}/dismiss`)).status).toBe(204);
    expect((await rae.post(`/api/v1/learn/reminders/${item.id}/dismiss`)).status).toBe(204);
    const left = (await rae.get('/api/v1/learn/reminders')).body.items;
    expect(left.map((r: { id: string }) => r.id)).not.toContain(item.id);
  });

  it('skips completed and withdrawn enrolments', async () => {
    const assigned = await manager.post('/api/v1/learn/assignments', { personId: ids.cole, pathKey: PATH, dueDate: day(1) });
    expect(assigned.status).toBe(201);
    for (const key of ['n04-delegation', 'b09-capacity-and-commitments', 'b16-downtime-and-escalation']) {
      expect((await cole.post(`/api/v1/learn/lessons/${key}/complete`)).status).toBe(200);
    }
    expect((await cole.get(`/api/v1/learn/enrolments/${assigned.body.id}`)).body.status).toBe('completed');
    expect((await manager.post(`/api/v1/learn/enrolments/${raeEnrolment}/withdraw`)).status).toBe(200);
    const before = smtp.messages.length;
    await runSweep(new Date(Date.now() + 30 * 86_400_000));
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.slice(before).filter((m) => /^(Due|Overdue)/.test(m.subject))).toEqual([]);
    const coleReminders = await server.runtime.ctx.db.select().from(learningReminders).where(eq(learningReminders.personId, ids.cole));
    expect(coleReminders).toEqual([]);
    expect((await rae.get('/api/v1/learn/reminders')).body.items).toEqual([]);
    const [withdrawn] = await server.runtime.ctx.db.select().from(pathEnrolments).where(eq(pathEnrolments.id, raeEnrolment));
    expect(withdrawn.withdrawnAt).not.toBeNull();
  });
});
