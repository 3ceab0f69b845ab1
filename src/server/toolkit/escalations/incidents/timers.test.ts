import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../../../test/support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../../../../test/support/smtp.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../../../test/support/webhook-receiver.js';
import { personContact, testSnapshot, vendorContact } from '../../../../../test/support/incidents.js';
import { waitUntil } from '../../../../../test/support/wait.js';
import { onPostgres } from '../../../../../test/support/database.js';
import type { Actor } from '../../../access/policy.js';
import { actingAs } from './facts.js';
import { fireTimer, NotDueYet } from './fire.js';
import { openIncident } from './service.js';
import { incidentNotifications, incidentTimeline, incidentTimers } from './schema.js';
import { TIMER_QUEUE, timerId } from './timers.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';

/*
 * Escalation timers on a real database (PGlite here, PostgreSQL with TEST_DATABASE_URL), a real SMTP
 * server and a real HTTP webhook receiver. One escalation minute lasts MINUTE_MS here, so a step
 * "2 minutes" after opening fires after 2 seconds.
 */
const MINUTE_MS = 1000;
// Generous on a shared 2-core machine; the multi-instance test and the benchmark measure lateness properly.
const MAX_LATENESS_MS = onPostgres() ? 3000 : 5000;

let smtp: SmtpSink;
let hooks: WebhookReceiver;
let server: TestServer;
let org: TestOrg;
let admin: Actor;
let point: { id: string; email: string };
let expert: { id: string; email: string };

beforeAll(async () => {
  smtp = await startSmtpSink();
  hooks = await startWebhookReceiver();
  server = await startTestServer({ smtpUrl: smtp.url, escalationMinuteMs: MINUTE_MS });
  org = await createTestOrg(server, 'Timer Works');
  point = await org.addPerson('pat-point');
  expert = await org.addPerson('erin-expert');
  admin = { personId: org.admin.id, orgId: org.orgId, email: org.admin.email, name: 'Timer Works Admin', roles: ['org_admin', 'learner'], via: 'session' };
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
  await hooks?.close();
});

const ctx = () => server.runtime.ctx;
const timersOf = (incidentId: string) => ctx().db.select().from(incidentTimers).where(eq(incidentTimers.incidentId, incidentId)).orderBy(incidentTimers.dueAt);
const stepEvents = (incidentId: string) =>
  ctx().db.select().from(incidentTimeline).where(and(eq(incidentTimeline.incidentId, incidentId), eq(incidentTimeline.kind, 'step'))).orderBy(incidentTimeline.id);
const mailsTo = (address: string, subjectPart: string) => smtp.messages.filter((m) => m.to.includes(address) && m.subject.includes(subjectPart));

async function jobStates(ids: string[]): Promise<Record<string, string>> {
  const { rows } = await ctx().database.executeSql(`select id::text as id, state::text as state from pgboss.job where name = $1 and id = any($2::uuid[])`, [TIMER_QUEUE, ids]);
  return Object.fromEntries(rows.map((r) => [r.id as string, r.state as string]));
}

function open(snapshot: ProcedureSnapshot, title: string) {
  return openIncident(ctx(), actingAs(admin), org.orgId, { snapshot, title, source: 'app' });
}

describe('escalation timers', () => {
  it('fire every step at its time, never early, and tell each contact once by e-mail, webhook and in-app', async () => {
    const vendorMail = 'noc@mailvendor.test';
    const snapshot = testSnapshot({
      people: { itPoint: point.id, expert: expert.id },
      contacts: [vendorContact('vendor', 'Mail Vendor NOC', { email: vendorMail, webhookUrl: `${hooks.url}/hooks/vendor` }), personContact('pat', point, 'Pat Point')],
      steps: [
        { offsetMinutes: 0, notify: ['pat'], title: 'Point person checks the mail gateway' },
        { offsetMinutes: 1, notify: ['vendor'], title: 'Call the mail vendor' },
        { offsetMinutes: 2, notify: ['vendor', 'pat'], title: 'Escalate to vendor engineering' },
        { offsetMinutes: 3, notify: ['vendor'], title: 'Vendor management is told' },
      ],
      repeatEveryMinutes: null,
      statusUpdateEveryMinutes: 600,
    });
    const incident = await open(snapshot, 'Mail stopped at head office');
    const fired = await waitUntil('all four steps to fire', async () => {
      const t = (await timersOf(incident.id)).filter((x) => x.kind === 'step');
      return t.length === 4 && t.every((x) => x.state === 'fired') && t;
    }, 30_000);
    const opened = incident.openedAt.getTime();
    for (const [i, t] of fired.entries()) {
      expect(t.key).toBe(`step:${i + 1}`);
      expect(t.dueAt.getTime()).toBe(opened + snapshot.steps[i].offsetMinutes * MINUTE_MS);
      const lateness = t.firedAt!.getTime() - t.dueAt.getTime();
      expect(lateness, `${t.key} fired ${lateness} ms after it was due`).toBeGreaterThanOrEqual(0);
      expect(lateness, `${t.key} fired ${lateness} ms after it was due`).toBeLessThan(MAX_LATENESS_MS);
    }
    const events = await stepEvents(incident.id);
    expect(events.map((e) => e.title)).toEqual([
      'Step 1 of 4: Point person checks the mail gateway',
      'Step 2 of 4: Call the mail vendor',
      'Step 3 of 4: Escalate to vendor engineering',
      'Step 4 of 4: Vendor management is told',
    ]);

    // E-mail: the vendor at steps 2-4, Pat at steps 1 and 3, each once.
    await smtp.waitFor(vendorMail, 3);
    await smtp.waitFor(point.email, 3); // "opened" + steps 1 and 3
    await hooks.waitFor('/hooks/vendor', 3);
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up
    for (const n of [2, 3, 4]) expect(mailsTo(vendorMail, `Step ${n} of 4`)).toHaveLength(1);
    for (const n of [1, 3]) expect(mailsTo(point.email, `Step ${n} of 4`)).toHaveLength(1);
    expect(mailsTo(point.email, 'Opened: Mail stopped at head office')).toHaveLength(1);
    expect(mailsTo(expert.email, 'Opened: Mail stopped at head office')).toHaveLength(1);
    const vendorHooks = hooks.received.filter((h) => h.path === '/hooks/vendor');
    expect(vendorHooks).toHaveLength(3);
    expect(vendorHooks.map((h) => h.body.text.split('\n')[0])).toEqual([
      '[Incident] Mail stopped at head office: Step 2 of 4: Call the mail vendor',
      '[Incident] Mail stopped at head office: Step 3 of 4: Escalate to vendor engineering',
      '[Incident] Mail stopped at head office: Step 4 of 4: Vendor management is told',
    ]);
    expect(new Set(vendorHooks.map((h) => h.headers['idempotency-key'])).size).toBe(3);
    // The e-mail carries the recipient's own acknowledgement link and the incident link.
    const [step2] = mailsTo(vendorMail, 'Step 2 of 4');
    expect(step2.text).toContain(`${server.url}/acknowledge?incident=${incident.id}&r=c%3Avendor&t=`);
    expect(step2.text).toContain(`${server.url}/incidents/${incident.id}`);
    expect(step2.raw).toMatch(/^Message-ID: <outbox-[0-9a-f-]{36}@milewide\.local>/im);
    // The ledger: one row per (event, recipient, channel), every key distinct.
    const ledger = await ctx().db.select().from(incidentNotifications).where(eq(incidentNotifications.incidentId, incident.id));
    expect(new Set(ledger.map((l) => l.idempotencyKey)).size).toBe(ledger.length);
    // opened: Pat and Erin (e-mail + in-app) = 4; steps: 1 Pat (2), 2 vendor (2), 3 vendor (2) + Pat (2), 4 vendor (2).
    expect(ledger).toHaveLength(4 + 2 + 2 + 4 + 2);
  });

  it('resolve cancels every pending step, repeat and reminder with its job, and nothing fires after', async () => {
    const snapshot = testSnapshot({
      people: { itPoint: point.id },
      contacts: [vendorContact('vendor', 'Phone Vendor', { email: 'support@phonevendor.test' })],
      steps: [
        { offsetMinutes: 0, notify: ['vendor'] },
        { offsetMinutes: 1, notify: ['vendor'] },
        { offsetMinutes: 4, notify: ['vendor'] },
      ],
      repeatEveryMinutes: 1,
      statusUpdateEveryMinutes: 2,
    });
    const incident = await open(snapshot, 'Phones down at the warehouse');
    await waitUntil('step 2 to fire', async () => (await timersOf(incident.id)).find((t) => t.key === 'step:2')?.state === 'fired', 20_000);
    const pendingBefore = (await timersOf(incident.id)).filter((t) => t.state === 'pending');
    expect(pendingBefore.map((t) => t.key).sort()).toEqual(expect.arrayContaining(['step:3']));

    const http = server.client();
    await http.login(point.email, PASSWORD);
    const res = await http.post(`/api/v1/incidents/${incident.id}/resolve`, { resolution: 'Carrier fixed the trunk line.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.incident.state).toBe('resolved');
    const afterResolve = await timersOf(incident.id);
    const cancelled = afterResolve.filter((t) => t.state === 'cancelled');
    expect(afterResolve.filter((t) => t.state === 'pending')).toEqual([]);
    expect(cancelled.map((t) => t.key)).toEqual(expect.arrayContaining(['step:3']));
    expect(res.body.cancelledTimers).toBe(cancelled.length);
    // Their pg-boss jobs are cancelled too, in the same transaction.
    const states = await jobStates(cancelled.map((t) => t.id));
    expect(Object.values(states)).toEqual(cancelled.map(() => 'cancelled'));

    const stepMails = () => smtp.messages.filter((m) => m.to.includes('support@phonevendor.test') && /Step \d/.test(m.subject)).length;
    await smtp.waitFor('support@phonevendor.test', 3); // steps 1, 2 and "resolved"
    const mailsAtResolve = stepMails();
    const eventsAtResolve = (await stepEvents(incident.id)).length;
    // Wait past step 3's due time (4 minutes = 4 s after opening) and a repeat.
    const step3Due = incident.openedAt.getTime() + 4 * MINUTE_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, step3Due - Date.now()) + 2500));
    expect((await stepEvents(incident.id)).length).toBe(eventsAtResolve);
    expect(stepMails()).toBe(mailsAtResolve);
    expect((await timersOf(incident.id)).filter((t) => t.kind === 'step' && t.state === 'fired').map((t) => t.key).sort()).toEqual(['step:1', 'step:2']);
    expect(smtp.messages.filter((m) => m.subject === '[Incident] Resolved: Phones down at the warehouse')).toHaveLength(1);
  });

  it('a timer job delivered several times, or fired by two workers at once, sends once; an early delivery fires nothing', async () => {
    const snapshot = testSnapshot({
      people: { itPoint: point.id },
      contacts: [vendorContact('isp', 'Internet Provider', { email: 'noc@isp.test', webhookUrl: `${hooks.url}/hooks/isp` })],
      steps: [{ offsetMinutes: 2, notify: ['isp'], title: 'Open a ticket with the provider' }],
      repeatEveryMinutes: null,
      statusUpdateEveryMinutes: 600,
    });
    const incident = await open(snapshot, 'Branch office offline');
    const id = timerId(incident.id, 'step:1');
    // The same job arriving again under other ids (a retried or duplicated delivery), before and at the due time.
    const [timer] = (await timersOf(incident.id)).filter((t) => t.key === 'step:1');
    const extra = await Promise.all([0, 1, 2].map(() => ctx().jobs.send(TIMER_QUEUE, { incidentId: incident.id, key: 'step:1' }, { startAfter: timer.dueAt })));
    // Scheduling the same job id again is a no-op.
    expect(await ctx().jobs.send(TIMER_QUEUE, { incidentId: incident.id, key: 'step:1' }, { id, startAfter: timer.dueAt })).toBeNull();
    // Delivered early: refused, nothing written.
    await expect(fireTimer(ctx(), incident.id, 'step:1')).rejects.toBeInstanceOf(NotDueYet);
    expect(await stepEvents(incident.id)).toHaveLength(0);

    await waitUntil('the step to fire', async () => (await timersOf(incident.id)).find((t) => t.key === 'step:1')?.state === 'fired', 20_000);
    await waitUntil('every copy of the job to finish', async () => Object.values(await jobStates([id, ...(extra as string[])])).every((s) => s === 'completed'), 20_000);
    // And two more deliveries racing each other now.
    expect(await Promise.all([fireTimer(ctx(), incident.id, 'step:1'), fireTimer(ctx(), incident.id, 'step:1')])).toEqual(['done-already', 'done-already']);
    await smtp.waitFor('noc@isp.test');
    await hooks.waitFor('/hooks/isp');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stepEvents(incident.id)).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.to.includes('noc@isp.test'))).toHaveLength(1);
    expect(hooks.received.filter((h) => h.path === '/hooks/isp')).toHaveLength(1);
  });

  it('of two firings racing for one due timer whose job was lost, exactly one fires', async () => {
    const snapshot = testSnapshot({
      people: { itPoint: point.id },
      contacts: [vendorContact('dc', 'Data Centre', { email: 'ops@datacentre.test' })],
      steps: [{ offsetMinutes: 1, notify: ['dc'] }],
      repeatEveryMinutes: null,
      statusUpdateEveryMinutes: 600,
    });
    const incident = await open(snapshot, 'Rack power alarm');
    const id = timerId(incident.id, 'step:1');
    await ctx().jobs.cancel(TIMER_QUEUE, [id]);
    await new Promise((r) => setTimeout(r, MINUTE_MS + 200));
    const results = await Promise.all([0, 1, 2].map(() => fireTimer(ctx(), incident.id, 'step:1')));
    expect(results.sort()).toEqual(['done-already', 'done-already', 'fired']);
    await smtp.waitFor('ops@datacentre.test');
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.filter((m) => m.to.includes('ops@datacentre.test'))).toHaveLength(1);
  });

  it('repeats the last step on its cadence, each repeat scheduled once', async () => {
    const snapshot = testSnapshot({
      people: { itPoint: point.id },
      contacts: [vendorContact('ops', 'Ops channel', { webhookUrl: `${hooks.url}/hooks/ops` })],
      steps: [{ offsetMinutes: 0, notify: ['ops'], title: 'Tell the ops channel' }],
      repeatEveryMinutes: 1,
      statusUpdateEveryMinutes: 600,
    });
    const incident = await open(snapshot, 'Intranet unreachable');
    await waitUntil('three repeats to fire', async () => (await timersOf(incident.id)).filter((t) => t.kind === 'repeat' && t.state === 'fired').length >= 3, 20_000);
    const timers = await timersOf(incident.id);
    const repeats = timers.filter((t) => t.kind === 'repeat');
    for (const t of repeats) {
      const k = Number(t.key.split(':')[1]);
      expect(t.dueAt.getTime()).toBe(incident.openedAt.getTime() + k * MINUTE_MS);
      if (t.state === 'fired') expect(t.firedAt!.getTime()).toBeGreaterThanOrEqual(t.dueAt.getTime());
    }
    // Exactly one job per repeat occurrence.
    const { rows } = await ctx().database.executeSql(`select data->>'key' as key, count(*)::int as n from pgboss.job where name = $1 and data->>'incidentId' = $2 group by 1`, [TIMER_QUEUE, incident.id]);
    for (const r of rows) expect(r.n, String(r.key)).toBe(1);
    const http = server.client();
    await http.login(org.admin.email, PASSWORD);
    expect((await http.post(`/api/v1/incidents/${incident.id}/resolve`, {})).status).toBe(200);
    const texts = hooks.received.filter((h) => h.path === '/hooks/ops').map((h) => h.body.text.split('\n')[0]);
    expect(texts[0]).toBe('[Incident] Intranet unreachable: Step 1 of 1: Tell the ops channel');
    expect(texts[1]).toBe('[Incident] Intranet unreachable: Step 1 repeated: Tell the ops channel');
  });

  it('reminds the point person when a status update is due and again when it is late; an update restarts the cadence', async () => {
    const snapshot = testSnapshot({
      people: { itPoint: point.id, expert: expert.id },
      contacts: [vendorContact('mgr', 'Site manager', { email: 'site.manager@branch.test' })],
      steps: [{ offsetMinutes: 60, notify: ['mgr'] }],
      repeatEveryMinutes: null,
      statusUpdateEveryMinutes: 2, // due 2 s after opening, late 1 s after that
    });
    const incident = await open(snapshot, 'Warehouse scanners offline');
    const opened = incident.openedAt.getTime();
    await waitUntil('the late reminder', async () => (await timersOf(incident.id)).find((t) => t.key === 'status_late:0')?.state === 'fired', 20_000);
    let timers = await timersOf(incident.id);
    const due0 = timers.find((t) => t.key === 'status_due:0')!;
    const late0 = timers.find((t) => t.key === 'status_late:0')!;
    expect(due0.dueAt.getTime()).toBe(opened + 2 * MINUTE_MS);
    expect(late0.dueAt.getTime()).toBe(opened + 3 * MINUTE_MS);
    expect(due0.firedAt!.getTime()).toBeGreaterThanOrEqual(due0.dueAt.getTime());
    // Nobody posted: the next update is due one cadence after the missed one.
    expect(timers.find((t) => t.key === 'status_due:1')!.dueAt.getTime()).toBe(opened + 4 * MINUTE_MS);
    await waitUntil('the "update due" reminder to the point person', async () => smtp.messages.some((m) => m.to.includes(point.email) && m.subject === '[Incident] A status update is due: Warehouse scanners offline'));
    await waitUntil('late reminders to the point person and the Expert', async () =>
      [point.email, expert.email].every((a) => smtp.messages.some((m) => m.to.includes(a) && m.subject === '[Incident] Status update is late: Warehouse scanners offline')),
    );

    const http = server.client();
    await http.login(point.email, PASSWORD);
    // Late stays late, even once the next reminder is scheduled, until someone posts.
    const late = (await http.get(`/api/v1/incidents/${incident.id}`)).body.statusUpdate;
    expect(late.state).toBe('late');
    expect(new Date(late.dueAt).getTime()).toBe(due0.dueAt.getTime());
    expect(new Date(late.lateAt).getTime()).toBe(late0.dueAt.getTime());
    const posted = await http.post(`/api/v1/incidents/${incident.id}/status-updates`, { message: 'Scanners reboot in progress; next update in two minutes.' });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    timers = await timersOf(incident.id);
    const current = timers.filter((t) => t.kind.startsWith('status') && t.state === 'pending');
    expect(current).toHaveLength(2);
    const generation = Number(current[0].key.split(':')[1]);
    const updateAt = new Date(posted.body.incident.lastStatusUpdateAt).getTime();
    expect(current.find((t) => t.kind === 'status_due')!.dueAt.getTime()).toBe(updateAt + 2 * MINUTE_MS);
    expect(posted.body.incident.statusUpdate).toEqual({ state: 'upcoming', dueAt: new Date(updateAt + 2 * MINUTE_MS).toISOString(), lateAt: new Date(updateAt + 3 * MINUTE_MS).toISOString() });
    expect(timers.filter((t) => t.kind.startsWith('status') && Number(t.key.split(':')[1]) < generation && t.state === 'pending')).toEqual([]);
    // The update reached the stakeholders (not its author).
    const [update] = await smtp.waitFor('site.manager@branch.test');
    expect(update.subject).toBe('[Incident] Status update: Warehouse scanners offline');
    expect(update.text).toContain('Scanners reboot in progress');
    await smtp.waitFor(expert.email, 3);
    expect(smtp.messages.some((m) => m.to.includes(point.email) && m.subject.startsWith('[Incident] Status update:'))).toBe(false);
    expect((await http.post(`/api/v1/incidents/${incident.id}/resolve`, {})).status).toBe(200);
    const states = await jobStates(current.map((t) => t.id));
    expect(Object.values(states)).toEqual(['cancelled', 'cancelled']);
  });

  it('treats a site point person who is a contact as a lead: told at opening and reminded about updates', async () => {
    const site = 'practice.manager@clinic.test';
    const snapshot = {
      ...testSnapshot({
        people: { expert: expert.id },
        contacts: [vendorContact('site', 'Practice manager', { kind: 'person', email: site })],
        steps: [{ offsetMinutes: 60, notify: ['site'] }],
        repeatEveryMinutes: null,
        statusUpdateEveryMinutes: 1, // due 1 s after opening, late 1 s later
      }),
      sitePointContactId: 'site',
    };
    const incident = await open(snapshot, 'Clinic fridge alarm offline');
    const opened = await waitUntil('the opening e-mail to the practice manager', async () => smtp.messages.find((m) => m.to.includes(site) && m.subject === '[Incident] Opened: Clinic fridge alarm offline'));
    expect(opened.text).toContain('&r=c%3Asite&t=');
    expect(opened.text).toContain('You receive this as Site point person on the procedure');
    await waitUntil('the due reminder to the practice manager', async () => smtp.messages.some((m) => m.to.includes(site) && m.subject === '[Incident] A status update is due: Clinic fridge alarm offline'));
    await waitUntil('late reminders to the practice manager and the Expert', async () =>
      [site, expert.email].every((a) => smtp.messages.some((m) => m.to.includes(a) && m.subject === '[Incident] Status update is late: Clinic fridge alarm offline')),
    );
    const http = server.client();
    await http.login(org.admin.email, PASSWORD);
    const detail = (await http.get(`/api/v1/incidents/${incident.id}`)).body;
    expect(detail.people.sitePointContact).toEqual({ id: 'site', name: 'Practice manager' });
    expect(detail.snapshot.sitePointContactId).toBe('site');
    expect((await http.post(`/api/v1/incidents/${incident.id}/resolve`, {})).status).toBe(200);
  });
});
