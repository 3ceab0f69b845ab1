import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { binderOrg, completeDraft, publishedProcedure, type BinderOrg } from './binder.fixtures.js';

let server: TestServer;
let org: BinderOrg;
let other: BinderOrg;

beforeAll(async () => {
  server = await startTestServer();
  org = await binderOrg(server, 'Riverside Health IT');
  other = await binderOrg(server, 'Harbour Logistics IT');
});
afterAll(async () => server?.close());

async function mailTo(email: string) {
  const list = await org.admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(email)}`);
  return Promise.all(list.body.items.map(async (m: { id: string }) => (await org.admin.get(`/api/v1/admin/outbox/${m.id}`)).body));
}

describe('sharing a published procedure with affected managers', () => {
  it('e-mails the version in force once per person and version, through the outbox', async () => {
    const p = await publishedProcedure(org);
    const first = await org.manager.post(`/api/v1/escalations/procedures/${p.id}/share`, { personIds: [org.ids.report, org.ids.learner], message: 'Please read before the clinic opening.' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);
    expect(first.body.sent.map((s: { id: string }) => s.id).sort()).toEqual([org.ids.report, org.ids.learner].sort());
    expect(first.body.alreadyShared).toEqual([]);

    const [mail] = await mailTo(org.emails.report);
    expect(mail.subject).toBe('Escalation procedure: Remote site has lost its network connection');
    expect(mail.kind).toBe('escalation_procedure_share');
    expect(mail.textBody).toContain('Mara Manager shared an escalation procedure with you');
    expect(mail.textBody).toContain('Please read before the clinic opening.');
    expect(mail.textBody).toContain('Owning Expert: Wes Wan Expert');
    expect(mail.textBody).toContain('Site point person: Sia Site Lead');
    expect(mail.textBody).toContain('- 30 min: Carrier ticket open, site told. Told: Sia Site Lead, Service Desk, Northline Telecom NOC.');
    expect(mail.textBody).toContain('- Then every 1 h until resolved: repeat the last step.');
    expect(mail.textBody).toContain('Status updates go out every 30 min');
    expect(mail.textBody).toContain(`/toolkit/escalations/binder/${p.id}`);

    const again = await org.manager.post(`/api/v1/escalations/procedures/${p.id}/share`, { personIds: [org.ids.report, org.ids.siteLead] });
    expect(again.body.sent.map((s: { id: string }) => s.id)).toEqual([org.ids.siteLead]);
    expect(again.body.alreadyShared.map((s: { id: string }) => s.id)).toEqual([org.ids.report]);
    expect(await mailTo(org.emails.report)).toHaveLength(1);

    // A new version can be shared again with the same person.
    await org.manager.patch(`/api/v1/escalations/procedures/${p.id}`, { title: 'Clinic network down' });
    await org.manager.post(`/api/v1/escalations/procedures/${p.id}/review`, {});
    await org.manager.post(`/api/v1/escalations/procedures/${p.id}/publish`);
    const v2 = await org.manager.post(`/api/v1/escalations/procedures/${p.id}/share`, { personIds: [org.ids.report] });
    expect(v2.body).toMatchObject({ version: 2, alreadyShared: [] });
    const subjects = (await mailTo(org.emails.report)).map((m: { subject: string }) => m.subject).sort();
    expect(subjects).toEqual(['Escalation procedure: Clinic network down', 'Escalation procedure: Remote site has lost its network connection']);

    const versions = await org.manager.get(`/api/v1/escalations/procedures/${p.id}/versions`);
    expect(versions.body.items.map((v: { version: number; sharedWith: { id: string }[] }) => [v.version, v.sharedWith.map((s) => s.id).sort()])).toEqual([
      [2, [org.ids.report]],
      [1, [org.ids.report, org.ids.learner, org.ids.siteLead].sort()],
    ]);
    const audit = await org.admin.get(`/api/v1/admin/audit?entityId=${p.id}&action=escalation.procedure.share`);
    expect(audit.body.items).toHaveLength(3);
    expect(audit.body.items.at(-1).after).toEqual({ version: 1, personIds: [org.ids.report, org.ids.learner] });
  });

  it('refuses to share a procedure never published, and people outside the organisation', async () => {
    const before = (await mailTo(org.emails.report)).length;
    const draft = await completeDraft(org);
    const unpublished = await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/share`, { personIds: [org.ids.report] });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.error.message).toMatch(/publish it first/);
    const p = await publishedProcedure(org);
    const outsider = await org.manager.post(`/api/v1/escalations/procedures/${p.id}/share`, { personIds: [org.ids.report, other.ids.manager] });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.fields).toEqual([{ path: 'body.personIds.1', message: 'no such person in your organisation' }]);
    const none = await org.manager.post(`/api/v1/escalations/procedures/${p.id}/share`, { personIds: [] });
    expect(none.status).toBe(400);
    // Nothing was sent for the refused requests.
    expect(await mailTo(org.emails.report)).toHaveLength(before);
  });
});
