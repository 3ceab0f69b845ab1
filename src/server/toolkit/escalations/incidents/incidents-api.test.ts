import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { createTestOrg, PASSWORD } from '../../../../../test/support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../../../../test/support/smtp.js';
import type { HttpClient } from '../../../../../test/support/http.js';
import { waitUntil } from '../../../../../test/support/wait.js';
import { binderOrg, publishedProcedure, type BinderOrg } from '../binder/binder.fixtures.js';

/*
 * The incident API over real HTTP, opened from a procedure published through the binder's own
 * routes. Escalation minutes are real minutes here, so no step fires while these tests run.
 */
let smtp: SmtpSink;
let server: TestServer;
let org: BinderOrg;
let procedureId: string;
let siteLead: HttpClient;

beforeAll(async () => {
  smtp = await startSmtpSink();
  server = await startTestServer({ smtpUrl: smtp.url });
  org = await binderOrg(server, 'Incident Api IT');
  procedureId = (await publishedProcedure(org)).id;
  siteLead = server.client();
  await siteLead.login(org.emails.siteLead, PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const put = (client: HttpClient, path: string, body: unknown) => client.request('PUT', path, body);

/** The one message to `address` with this subject, once it has arrived. */
const mailWith = (address: string, subject: string) =>
  waitUntil(`"${subject}" to ${address}`, async () => smtp.messages.find((m) => m.to.includes(address) && m.subject === subject));

async function openOne(client: HttpClient = org.manager, title = 'Riverside Clinic offline') {
  const res = await client.post('/api/v1/incidents', { procedureId, title, details: 'No traffic on the clinic router since 09:10.' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; state: string; snapshot: { steps: { offsetMinutes: number }[]; version: number }; timers: { key: string; dueAt: string; state: string }[] };
}

describe('opening an incident from a published procedure', () => {
  it('stores the published version, schedules a timer per step plus the status reminders, and records who opened it', async () => {
    const incident = await openOne();
    expect(incident.state).toBe('open');
    expect(incident.snapshot.version).toBe(1);
    const offsets = incident.snapshot.steps.map((s) => s.offsetMinutes);
    expect(offsets).toEqual([30, 60, 120]);
    const stepTimers = incident.timers.filter((t) => t.key.startsWith('step:'));
    expect(stepTimers.map((t) => t.state)).toEqual(['pending', 'pending', 'pending']);
    const detail = await org.manager.get(`/api/v1/incidents/${incident.id}`);
    const opened = new Date(detail.body.openedAt).getTime();
    expect(stepTimers.map((t) => (new Date(t.dueAt).getTime() - opened) / 60_000)).toEqual(offsets);
    expect(detail.body.nextStatusUpdateDueAt).not.toBeNull();
    const timeline = await org.manager.get(`/api/v1/incidents/${incident.id}/timeline`);
    expect(timeline.body.items.map((e: { kind: string }) => e.kind)).toEqual(['opened']);
    expect(timeline.body.items[0].title).toBe('Opened by Mara Manager');
    // The Expert / IT point person (Wes) and the site point person (Sia) hear at once, with an ack link.
    const mail = await mailWith(org.emails.expert, '[Incident] Opened: Riverside Clinic offline');
    expect(mail.text).toMatch(/\/acknowledge\?incident=[0-9a-f-]{36}&r=p%3A[0-9a-f-]{36}&t=[\w-]{43}/);
    const audit = await org.admin.get('/api/v1/admin/audit?entityType=incident');
    expect(audit.body.items.some((a: { action: string; entityId: string }) => a.action === 'incident.open' && a.entityId === incident.id)).toBe(true);
  });

  it('names the leads, says where the status-update cadence stands, and lists what each person may open from', async () => {
    const incident = await openOne(org.manager, 'Clinic scanners offline');
    const detail = (await org.manager.get(`/api/v1/incidents/${incident.id}`)).body;
    expect(detail.people).toEqual({
      expert: { id: org.ids.expert, name: 'Wes Wan Expert' },
      itPointPerson: { id: org.ids.expert, name: 'Wes Wan Expert' },
      sitePointPerson: { id: org.ids.siteLead, name: 'Sia Site Lead' },
      sitePointContact: null,
    });
    expect(detail.statusUpdate.state).toBe('upcoming');
    expect(new Date(detail.statusUpdate.dueAt).getTime() - new Date(detail.openedAt).getTime()).toBe(30 * 60_000);
    expect(new Date(detail.statusUpdate.lateAt).getTime() - new Date(detail.openedAt).getTime()).toBe(40 * 60_000);
    // The site lead is on the procedure but cannot browse the binder: the incident API lists it for them.
    const forSite = await siteLead.get('/api/v1/incidents/openable-procedures');
    expect(forSite.body.items).toEqual([expect.objectContaining({ procedureId, situation: 'site-connectivity', version: 1 })]);
    expect((await org.learner.get('/api/v1/incidents/openable-procedures')).body.items).toEqual([]);
    // Search and filter the list.
    const found = await org.manager.get(`/api/v1/incidents?q=${encodeURIComponent('scanners off')}&procedureId=${procedureId}`);
    expect(found.body.items.map((i: { title: string }) => i.title)).toEqual(['Clinic scanners offline']);
    expect((await org.manager.get('/api/v1/incidents?q=100%25')).body.total).toBe(0);
  });

  it('refuses an unknown or unpublished procedure and a body with unknown fields, with a message', async () => {
    const missing = await org.manager.post('/api/v1/incidents', { procedureId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Escalation procedure was not found');
    const bad = await org.manager.post('/api/v1/incidents', { procedureId: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0]).toMatchObject({ path: 'body.procedureId', message: 'must be a procedure id (UUID)' });
    const extra = await org.manager.post('/api/v1/incidents', { procedureId, steps: [] });
    expect(extra.status).toBe(400);
  });
});

describe('who may see and act on an incident', () => {
  it("lets the procedure's people, managers and admins see it; others get 404, another organisation too", async () => {
    const incident = await openOne(org.admin, 'Clinic link flapping');
    for (const client of [org.admin, org.manager, org.expert, siteLead]) expect((await client.get(`/api/v1/incidents/${incident.id}`)).status).toBe(200);
    for (const client of [org.learner, org.otherExpert]) {
      const res = await client.get(`/api/v1/incidents/${incident.id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('Incident was not found');
      expect((await client.get(`/api/v1/incidents/${incident.id}/timeline`)).status).toBe(404);
      expect((await client.post(`/api/v1/incidents/${incident.id}/acknowledge`)).status).toBe(404);
      const list = await client.get('/api/v1/incidents');
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(incident.id);
    }
    // A learner not on the procedure cannot open incidents from it.
    const refused = await org.learner.post('/api/v1/incidents', { procedureId });
    expect(refused.status).toBe(403);
    const other = await createTestOrg(server, 'Elsewhere IT');
    const outsider = server.client();
    await outsider.login(other.admin.email, PASSWORD);
    expect((await outsider.get(`/api/v1/incidents/${incident.id}`)).status).toBe(404);
    expect((await outsider.post(`/api/v1/incidents/${incident.id}/resolve`, {})).status).toBe(404);
    expect((await outsider.post('/api/v1/incidents', { procedureId })).status).toBe(404);
    expect((await server.client().get(`/api/v1/incidents/${incident.id}`)).status).toBe(401);
  });

  it('lets a contact acknowledge but not post updates, resolve or review (403 with a reason)', async () => {
    const res = await org.admin.post('/api/v1/incidents/ad-hoc', {
      title: 'Payroll server disk full',
      itPointPersonId: org.ids.expert,
      contacts: [{ id: 'lee', name: 'Lee Learner', personId: org.ids.learner }],
      steps: [{ offsetMinutes: 30, title: 'Tell Lee', notify: ['lee'] }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id;
    const seen = await org.learner.get(`/api/v1/incidents/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.can).toEqual({ acknowledge: true, postUpdate: false, resolve: false, review: false });
    for (const [path, body] of [
      ['status-updates', { message: 'Still broken' }],
      ['resolve', {}],
    ] as const) {
      const denied = await org.learner.post(`/api/v1/incidents/${id}/${path}`, body);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toMatch(/^Only the incident's Expert and point people, people managers and admins may/);
    }
    expect((await org.learner.post(`/api/v1/incidents/${id}/acknowledge`)).status).toBe(200);
    // Ad-hoc incidents are for managers and admins.
    expect((await org.learner.post('/api/v1/incidents/ad-hoc', { title: 'x', contacts: [], steps: [] })).status).toBe(403);
  });
});

describe('acknowledge, update, resolve', () => {
  it('acknowledges once (again answers the first acknowledgement), resolves once, and answers 409 afterwards', async () => {
    const incident = await openOne(org.expert, 'Clinic VPN down');
    const first = await org.expert.post(`/api/v1/incidents/${incident.id}/acknowledge`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ alreadyAcknowledged: false, incident: { state: 'acknowledged', acknowledgedByName: 'Wes Wan Expert' } });
    const again = await org.manager.post(`/api/v1/incidents/${incident.id}/acknowledge`);
    expect(again.body).toMatchObject({ alreadyAcknowledged: true, incident: { acknowledgedByName: 'Wes Wan Expert' } });

    const update = await org.expert.post(`/api/v1/incidents/${incident.id}/status-updates`, { message: 'Carrier engineer on site at 11:00.' });
    expect(update.status).toBe(201);
    await mailWith(org.emails.manager, '[Incident] Status update: Clinic VPN down');
    expect(smtp.messages.filter((m) => m.to.includes(org.emails.manager) && m.subject === '[Incident] Status update: Clinic VPN down')).toHaveLength(1);
    expect((await org.expert.post(`/api/v1/incidents/${incident.id}/status-updates`, { message: '   ' })).status).toBe(400);

    const resolved = await org.expert.post(`/api/v1/incidents/${incident.id}/resolve`, { resolution: 'Carrier replaced the line card.' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.incident.timers.filter((t: { state: string }) => t.state === 'pending')).toEqual([]);
    for (const [path, body, word] of [
      ['acknowledge', undefined, 'acknowledge'],
      ['status-updates', { message: 'Late news' }, 'update'],
      ['resolve', {}, 'resolve'],
    ] as const) {
      const res = await org.manager.post(`/api/v1/incidents/${incident.id}/${path}`, body);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(new RegExp(`^This incident was resolved at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by Wes Wan Expert; there is nothing left to ${word}\\.$`));
    }
    const kinds = (await org.manager.get(`/api/v1/incidents/${incident.id}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['opened', 'acknowledged', 'status_update', 'resolved']);
  });

  it('acknowledges from the signed link in the e-mail without signing in, idempotently; a changed link is refused; resolved answers 409', async () => {
    const incident = await openOne(org.manager, 'Clinic phones dead');
    const mail = await mailWith(org.emails.siteLead, '[Incident] Opened: Clinic phones dead');
    const link = new URL(/(http\S+\/acknowledge\?\S+)/.exec(mail.text)![1]);
    const q = Object.fromEntries(link.searchParams);
    expect(q.incident).toBe(incident.id);
    const anonymous = server.client();
    const lookup = await anonymous.get(`/api/v1/incident-acknowledgements?${link.searchParams}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ title: 'Clinic phones dead', state: 'open', recipientName: 'Sia Site Lead' });
    const ack = await anonymous.post('/api/v1/incident-acknowledgements', q);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ state: 'acknowledged', acknowledgedByName: 'Sia Site Lead', alreadyAcknowledged: false });
    expect((await anonymous.post('/api/v1/incident-acknowledgements', q)).body.alreadyAcknowledged).toBe(true);
    const timeline = (await org.manager.get(`/api/v1/incidents/${incident.id}/timeline`)).body.items;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'acknowledged')).toHaveLength(1);
    expect(timeline.at(-1)).toMatchObject({ title: 'Acknowledged by Sia Site Lead', body: 'From the link in their e-mail.' });

    for (const tampered of [
      { ...q, t: q.t.slice(0, -2) + (q.t.endsWith('AA') ? 'BB' : 'AA') },
      { ...q, r: `p:${org.ids.learner}` },
      { ...q, incident: (await openOne(org.manager, 'Another incident')).id },
      { ...q, incident: 'not-a-uuid' },
    ]) {
      const res = await anonymous.post('/api/v1/incident-acknowledgements', tampered);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('This acknowledgement link was not found');
    }
    expect((await org.manager.post(`/api/v1/incidents/${incident.id}/resolve`, {})).status).toBe(200);
    const late = await anonymous.post('/api/v1/incident-acknowledgements', q);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/^This incident was resolved at .* by Mara Manager; there is nothing left to acknowledge\.$/);
  });
});

describe('ad-hoc steps', () => {
  const base = { title: 'Unplanned outage', contacts: [{ id: 'v', name: 'Vendor', email: 'v@vendor.test' }] };
  it.each([
    ['a negative offset', [{ offsetMinutes: -5, title: 'Before it started', notify: ['v'] }], 'body.steps.0.offsetMinutes', /must be 0 or more minutes after the incident opens \(got -5\)/],
    [
      'offsets out of order',
      [
        { offsetMinutes: 60, title: 'Later', notify: ['v'] },
        { offsetMinutes: 30, title: 'Earlier', notify: ['v'] },
      ],
      'body.steps.1.offsetMinutes',
      /step 2 at 30 min must come after step 1 at 60 min: offsets must increase/,
    ],
    ['a step that tells nobody', [{ offsetMinutes: 0, title: 'Nobody', notify: [] }], 'body.steps.0.notify', /name at least one contact/],
    ['an unknown contact', [{ offsetMinutes: 0, title: 'Ghost', notify: ['ghost'] }], 'body.steps.0.notify.0', /no contact has the id "ghost"/],
    ['no steps at all', [], 'body.steps', /add at least one step/],
  ])('refuses %s with a 400 that says what to fix, and schedules nothing', async (_what, steps, path, message) => {
    const before = (await org.admin.get('/api/v1/incidents')).body.total;
    const res = await org.admin.post('/api/v1/incidents/ad-hoc', { ...base, steps });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(res.body.error.message).toMatch(message);
    expect((await org.admin.get('/api/v1/incidents')).body.total).toBe(before);
  });

  it('refuses a contact with no channel, a non-http webhook and fractional minutes', async () => {
    const noChannel = await org.admin.post('/api/v1/incidents/ad-hoc', { title: 'x', contacts: [{ id: 'q', name: 'Quiet Vendor' }], steps: [{ offsetMinutes: 0, title: 's', notify: ['q'] }] });
    expect(noChannel.status).toBe(400);
    expect(noChannel.body.error.fields).toContainEqual({ path: 'body.contacts.0', message: expect.stringMatching(/the contact "Quiet Vendor" has no way to be reached/) });
    const ftp = await org.admin.post('/api/v1/incidents/ad-hoc', { title: 'x', contacts: [{ id: 'q', name: 'Q', webhookUrl: 'ftp://chat.test/x' }], steps: [{ offsetMinutes: 0, title: 's', notify: ['q'] }] });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.fields).toContainEqual({ path: 'body.contacts.0.webhookUrl', message: 'must be an http:// or https:// URL without a user name or password' });
    const fraction = await org.admin.post('/api/v1/incidents/ad-hoc', { ...base, steps: [{ offsetMinutes: 1.5, title: 's', notify: ['v'] }] });
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.fields[0]).toMatchObject({ path: 'body.steps.0.offsetMinutes', message: 'must be whole minutes' });
    const stranger = await org.admin.post('/api/v1/incidents/ad-hoc', { ...base, itPointPersonId: '00000000-0000-4000-8000-000000000000', steps: [{ offsetMinutes: 0, title: 's', notify: ['v'] }] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toMatch(/not people in your organisation/);
  });
});

describe('post-incident review', () => {
  it('is written after resolution; the server computes the downtime cost as hours × people × cost per hour', async () => {
    const incident = await openOne(org.expert, 'Clinic EHR unreachable');
    const early = await put(org.expert, `/api/v1/incidents/${incident.id}/review`, { peopleAffected: 40, costPerHour: 55 });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/^Resolve the incident before writing its review/);
    await org.expert.post(`/api/v1/incidents/${incident.id}/resolve`, { resolution: 'Restored from the standby link.' });
    const body = {
      cause: 'Carrier maintenance without notice.',
      wentWell: 'Site manager switched to paper records within 10 minutes.',
      toImprove: 'Ask the carrier for maintenance notices.',
      actions: [
        { title: 'Get the carrier maintenance calendar', ownerPersonId: org.ids.expert, dueDate: '2026-12-31' },
        { title: 'Test the standby link monthly', ownerName: 'Network team' },
      ],
      hoursDown: 2.5,
      peopleAffected: 40,
      costPerHour: 55,
      currency: 'EUR',
    };
    const saved = await put(org.expert, `/api/v1/incidents/${incident.id}/review`, body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ exists: true, hoursDown: 2.5, peopleAffected: 40, costPerHour: 55, downtimeCost: 5500, costFormula: '2.5 h × 40 people × 55.00 EUR/h = 5,500.00 EUR' });
    expect(saved.body.actions[0]).toEqual({ title: 'Get the carrier maintenance calendar', ownerPersonId: org.ids.expert, ownerName: 'Wes Wan Expert', dueDate: '2026-12-31' });
    expect(saved.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'resolved', 'review']);
    // Without an override, hours down are opening to resolution.
    const measured = await put(org.expert, `/api/v1/incidents/${incident.id}/review`, { ...body, hoursDown: null });
    expect(measured.body.hoursDown).toBe(measured.body.hoursDownMeasured);
    expect(measured.body.downtimeCost).toBe(Math.round(measured.body.hoursDownMeasured * 40 * 55 * 100) / 100);
    // Managers and admins read it; a learner outside the procedure does not.
    expect((await org.admin.get(`/api/v1/incidents/${incident.id}/review`)).body.cause).toBe('Carrier maintenance without notice.');
    expect((await org.learner.get(`/api/v1/incidents/${incident.id}/review`)).status).toBe(404);
  });

  it('refuses negative figures and owners from outside the organisation', async () => {
    const incident = await openOne(org.expert, 'Clinic printer queue stuck');
    await org.expert.post(`/api/v1/incidents/${incident.id}/resolve`, {});
    const negative = await put(org.expert, `/api/v1/incidents/${incident.id}/review`, { peopleAffected: -1, costPerHour: -3 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.fields).toEqual(expect.arrayContaining([{ path: 'body.peopleAffected', message: 'cannot be negative' }, { path: 'body.costPerHour', message: 'cannot be negative' }]));
    const stranger = await put(org.expert, `/api/v1/incidents/${incident.id}/review`, { peopleAffected: 1, costPerHour: 1, actions: [{ title: 'x', ownerPersonId: '00000000-0000-4000-8000-000000000000' }] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.fields).toEqual([{ path: 'body.actions.0.ownerPersonId', message: 'is not a person in your organisation' }]);
    const noOwner = await put(org.expert, `/api/v1/incidents/${incident.id}/review`, { peopleAffected: 1, costPerHour: 1, actions: [{ title: 'x' }] });
    expect(noOwner.status).toBe(400);
  });
});
