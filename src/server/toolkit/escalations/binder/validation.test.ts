import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { binderOrg, completeDraft, type BinderOrg } from './binder.fixtures.js';

let server: TestServer;
let org: BinderOrg;
let other: BinderOrg;
let draftId: string;

beforeAll(async () => {
  server = await startTestServer();
  org = await binderOrg(server, 'Riverside Health IT');
  other = await binderOrg(server, 'Harbour Logistics IT');
  draftId = (await completeDraft(org)).id;
});
afterAll(async () => server?.close());

type ErrorBody = { error: { code: string; message: string; fields: { path: string; message: string }[] } };
const fields = (body: ErrorBody) => body.error.fields.map((f) => `${f.path}: ${f.message}`);
const step = (offsetMinutes: number, title = `At ${offsetMinutes}`, notify: string[] = []) => ({ offsetMinutes, title, notify, expected: 'Confirm the plan.' });
const vendor = (id: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'vendor', name: `Vendor ${id}`, role: 'Carrier NOC', email: `${id}@vendor.example`, ...extra });

async function unchanged() {
  const now = await org.manager.get(`/api/v1/escalations/procedures/${draftId}`);
  expect(now.body.steps.map((s: { offsetMinutes: number }) => s.offsetMinutes)).toEqual([30, 60, 120]);
  expect(now.body.contacts).toHaveLength(5);
}

describe('procedure validation', () => {
  it('refuses a negative step offset, naming the field', async () => {
    const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { steps: [step(0), step(-5)] });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.steps.1.offsetMinutes: must be 0 or more minutes after the incident opens']);
    await unchanged();
  });

  it('refuses steps out of order or at the same time, naming each field', async () => {
    const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { steps: [step(30), step(120), step(60), step(60)] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_procedure');
    expect(fields(res.body)).toEqual([
      'body.steps.2.offsetMinutes: must be later than the step before it (2 h); steps run in time order',
      'body.steps.3.offsetMinutes: must be later than the step before it (1 h); steps run in time order',
    ]);
    expect(res.body.error.message).toContain('body.steps.2.offsetMinutes');
    await unchanged();
  });

  it('refuses fractional minutes and offsets beyond a week', async () => {
    const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { steps: [step(7.5), step(20000)] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.steps.0.offsetMinutes', 'body.steps.1.offsetMinutes']);
  });

  it('refuses a contact with no e-mail and no webhook', async () => {
    const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { steps: [], contacts: [vendor('ok'), { id: 'mute', kind: 'vendor', name: 'Silent Supplies Ltd', role: 'Supplier' }] });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.contacts.1: "Silent Supplies Ltd" has no way to be reached: give an e-mail address or a webhook URL']);
    await unchanged();
  });

  it('accepts a contact reached only by webhook, and refuses a webhook that is not http or https', async () => {
    const hookOnly = await org.manager.post('/api/v1/escalations/procedures', { situation: 'other', contacts: [{ kind: 'vendor', name: 'Ops chat', webhookUrl: 'https://chat.example.test/hooks/ops' }] });
    expect(hookOnly.status).toBe(201);
    expect(hookOnly.body.contacts[0]).toMatchObject({ webhookUrl: 'https://chat.example.test/hooks/ops', email: null });
    expect(hookOnly.body.contacts[0].id).toMatch(/^contact-[0-9a-f]{8}$/);
    for (const webhookUrl of ['ftp://files.example.test/hook', 'javascript:alert(1)', 'not a url', 'file:///etc/passwd']) {
      const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { steps: [], contacts: [vendor('hook', { webhookUrl })] });
      expect(res.status, webhookUrl).toBe(400);
      expect(fields(res.body), webhookUrl).toEqual(['body.contacts.0.webhookUrl: must be an http:// or https:// URL']);
    }
    await unchanged();
  });

  it('refuses a step that notifies a contact the procedure does not have', async () => {
    const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { steps: [step(30, 'Tell the carrier', ['carrier', 'ghost'])] });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.steps.0.notify.1: no contact with the id "ghost" in this procedure; add the contact first']);
    // Removing a contact that a step still tells is refused too, saying which step.
    const removal = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { contacts: [vendor('carrier')] });
    expect(removal.status).toBe(400);
    expect(fields(removal.body)).toContain('body.contacts: the contact "director" is still told at step 3 ("Escalate with the carrier, director informed"); take it out of that step too');
    await unchanged();
  });

  it('lets a step name a contact added in the same request', async () => {
    const res = await org.manager.post('/api/v1/escalations/procedures', { situation: 'phone-system', contacts: [vendor('voip')], steps: [step(15, 'Reroute numbers', ['voip'])] });
    expect(res.status).toBe(201);
    expect(res.body.steps[0].notify).toEqual(['voip']);
  });

  it('refuses duplicate contact ids, an unknown site point contact, and both kinds of site point person at once', async () => {
    const dupes = await org.manager.post('/api/v1/escalations/procedures', { situation: 'other', contacts: [vendor('a'), vendor('a')] });
    expect(fields(dupes.body)).toEqual(['body.contacts.1.id: another contact already has the id "a"']);
    const unknown = await org.manager.post('/api/v1/escalations/procedures', { situation: 'other', sitePointContactId: 'nobody' });
    expect(fields(unknown.body)).toEqual(['body.sitePointContactId: no contact with the id "nobody" in this procedure']);
    const both = await org.manager.post('/api/v1/escalations/procedures', { situation: 'other', contacts: [vendor('site')], sitePointContactId: 'site', sitePointPersonId: org.ids.siteLead });
    expect(both.status).toBe(400);
    expect(both.body.error.fields[0].path).toBe('body.sitePointContactId');
  });

  it('takes a named contact as site point person, and naming a person later replaces it', async () => {
    const created = await org.manager.post('/api/v1/escalations/procedures', { situation: 'weather-closure', contacts: [vendor('landlord', { kind: 'person', role: 'Building manager' })], sitePointContactId: 'landlord' });
    expect(created.body).toMatchObject({ sitePointContactId: 'landlord', sitePointPersonId: null });
    expect(created.body.missing.map((m: { path: string }) => m.path)).not.toContain('sitePointPersonId');
    const swapped = await org.manager.patch(`/api/v1/escalations/procedures/${created.body.id}`, { sitePointPersonId: org.ids.siteLead });
    expect(swapped.body).toMatchObject({ sitePointContactId: null, sitePointPersonId: org.ids.siteLead });
  });

  it("refuses people who are not active people of the organisation, another organisation's included", async () => {
    const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, {
      itPointPersonId: other.ids.expert,
      contacts: [{ id: 'x', kind: 'person', name: 'Outsider', personId: other.ids.manager }],
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.itPointPersonId: no such person in your organisation', 'body.contacts.0.personId: no such person in your organisation']);
    const area = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { supportAreaId: other.areas.wan });
    expect(fields(area.body)).toEqual(['body.supportAreaId: no such support area in your organisation']);
    await unchanged();
  });

  it('refuses unknown fields and a situation outside the list', async () => {
    const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { status: 'published', situation: 'alien-invasion' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body', 'body.situation']);
  });

  it('refuses a cadence under 5 minutes', async () => {
    const res = await org.manager.patch(`/api/v1/escalations/procedures/${draftId}`, { statusUpdateEveryMinutes: 0, repeatEveryMinutes: 2 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.repeatEveryMinutes', 'body.statusUpdateEveryMinutes']);
  });

  it('refuses a support area name that exists, whatever its case, and an area with proposals cannot be removed', async () => {
    const dupe = await org.admin.post('/api/v1/escalations/support-areas', { name: 'e-mail' });
    expect(dupe.status).toBe(409);
    expect(dupe.body.error.fields[0].path).toBe('body.name');
    const area = await org.admin.post('/api/v1/escalations/support-areas', { name: 'Key applications' });
    await org.admin.post(`/api/v1/escalations/support-areas/${area.body.id}/proposals`, { situation: 'critical-application' });
    const del = await org.admin.delete(`/api/v1/escalations/support-areas/${area.body.id}`);
    expect(del.status).toBe(409);
    const empty = await org.admin.post('/api/v1/escalations/support-areas', { name: 'Printers' });
    expect((await org.admin.delete(`/api/v1/escalations/support-areas/${empty.body.id}`)).status).toBe(204);
  });
});
