import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { createTestOrg, PASSWORD } from '../../../../../test/support/fixtures.js';
import type { HttpClient } from '../../../../../test/support/http.js';
import { binderOrg, completeDraft, publishedProcedure, type BinderOrg } from './binder.fixtures.js';

let server: TestServer;
let org: BinderOrg;
let other: BinderOrg;
let ids: { draft: string; published: string; proposal: string; acceptedProposal: string; area: string };

beforeAll(async () => {
  server = await startTestServer();
  org = await binderOrg(server, 'Riverside Health IT');
  other = await binderOrg(server, 'Harbour Logistics IT');
  const draft = await completeDraft(org);
  const published = await publishedProcedure(org);
  const proposal = await org.expert.post(`/api/v1/escalations/support-areas/${org.areas.wan}/proposals`, { situation: 'site-connectivity', title: 'Warehouse link down' });
  const accepted = await org.expert.post(`/api/v1/escalations/support-areas/${org.areas.wan}/proposals`, { situation: 'phone-system' });
  await org.manager.post(`/api/v1/escalations/proposals/${accepted.body.id}/decision`, { decision: 'accepted' });
  ids = { draft: draft.id, published: published.id, proposal: proposal.body.id, acceptedProposal: accepted.body.id, area: org.areas.wan };
});
afterAll(async () => server?.close());

type Call = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown };
const send = (client: HttpClient, c: Call) => client.request(c.method, `/api/v1${c.path}`, c.body);

/** Routes only people managers and admins may call, each with a body that would otherwise be accepted. */
function managerOnly(): Call[] {
  return [
    { method: 'POST', path: '/escalations/support-areas', body: { name: 'Refused area' } },
    { method: 'PATCH', path: `/escalations/support-areas/${ids.area}`, body: { description: 'Carrier circuits' } },
    { method: 'DELETE', path: `/escalations/support-areas/${ids.area}` },
    { method: 'POST', path: `/escalations/proposals/${ids.proposal}/decision`, body: { decision: 'accepted' } },
    { method: 'POST', path: '/escalations/procedures', body: { templateKey: 'phone-system' } },
    { method: 'POST', path: `/escalations/procedures/${ids.draft}/review`, body: {} },
    { method: 'POST', path: `/escalations/procedures/${ids.draft}/return`, body: { note: 'More detail' } },
    { method: 'POST', path: `/escalations/procedures/${ids.draft}/publish` },
    { method: 'POST', path: `/escalations/procedures/${ids.draft}/archive` },
    { method: 'POST', path: `/escalations/procedures/${ids.draft}/restore` },
    { method: 'POST', path: `/escalations/procedures/${ids.published}/share`, body: { personIds: [org.ids.report] } },
    { method: 'GET', path: '/escalations/binder' },
  ];
}

/** Routes any signed-in person may call, where the record decides (owning Expert or manager). */
function ownerOrManager(): Call[] {
  return [
    { method: 'GET', path: `/escalations/procedures/${ids.draft}` },
    { method: 'PATCH', path: `/escalations/procedures/${ids.draft}`, body: { summary: 'Clinic line down: check the router first.' } },
    { method: 'POST', path: `/escalations/procedures/${ids.draft}/submit` },
    { method: 'POST', path: `/escalations/support-areas/${ids.area}/proposals`, body: { situation: 'internet-intranet' } },
    { method: 'POST', path: `/escalations/proposals/${ids.acceptedProposal}/procedure`, body: {} },
  ];
}

/** One published procedure: managers, the people it names and the people it was shared with read it; others get 404. */
function namedOrShared(): Call[] {
  return [
    { method: 'GET', path: `/escalations/binder/${ids.published}` },
    { method: 'GET', path: `/escalations/binder/${ids.published}/pdf` },
  ];
}

describe('binder access', () => {
  it('refuses every manager route to a learner and to an Expert without reports, with 403 and nothing changed', async () => {
    for (const client of [org.learner, org.expert]) {
      for (const c of managerOnly()) {
        const res = await send(client, c);
        expect(res.status, `${c.method} ${c.path}`).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    }
    const draft = await org.manager.get(`/api/v1/escalations/procedures/${ids.draft}`);
    expect(draft.body).toMatchObject({ status: 'draft', summary: expect.stringMatching(/^A branch/) });
    expect((await org.manager.get('/api/v1/escalations/support-areas')).body.items.map((a: { name: string }) => a.name)).toEqual(['E-mail', 'WAN/telecom']);
  });

  it('refuses the owner-or-manager routes to people who neither own the record nor manage, with 403', async () => {
    for (const client of [org.learner, org.otherExpert]) {
      for (const c of ownerOrManager()) {
        const res = await send(client, c);
        expect(res.status, `${c.method} ${c.path}`).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    }
  });

  it("answers 404 for another organisation's ids on every route, even to that organisation's admin and manager", async () => {
    for (const client of [other.admin, other.manager]) {
      for (const c of [...managerOnly(), ...ownerOrManager(), ...namedOrShared()].filter((c) => /[0-9a-f]{8}-/.test(c.path))) {
        const res = await send(client, c);
        expect(res.status, `${c.method} ${c.path}`).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
    }
    // Their own binder does not show ours.
    expect((await other.admin.get('/api/v1/escalations/binder')).body.items).toEqual([]);
    expect((await other.admin.get('/api/v1/escalations/procedures')).body.items).toEqual([]);
    expect((await other.admin.get('/api/v1/escalations/proposals')).body.items).toEqual([]);
  });

  it('answers 401 to anonymous callers', async () => {
    const anonymous = server.client();
    for (const c of [...managerOnly(), ...ownerOrManager(), ...namedOrShared(), { method: 'GET' as const, path: '/escalations/binder/progress' }, { method: 'GET' as const, path: '/escalations/templates' }]) {
      expect((await send(anonymous, c)).status, `${c.method} ${c.path}`).toBe(401);
    }
  });

  it('lets the owning Expert read, edit and submit their draft, propose for their area and start an accepted proposal', async () => {
    const read = await org.expert.get(`/api/v1/escalations/procedures/${ids.draft}`);
    expect(read.status).toBe(200);
    expect(read.body.allowedActions).toEqual(['edit', 'submit']);
    expect((await org.expert.patch(`/api/v1/escalations/procedures/${ids.draft}`, { sites: ['Riverside Clinic', 'Hillside Lab'] })).status).toBe(200);
    expect((await org.expert.post(`/api/v1/escalations/procedures/${ids.draft}/submit`)).status).toBe(200);
    expect((await org.expert.post(`/api/v1/escalations/support-areas/${ids.area}/proposals`, { situation: 'internet-intranet' })).status).toBe(201);
    const started = await org.expert.post(`/api/v1/escalations/proposals/${ids.acceptedProposal}/procedure`, {});
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ expertPersonId: org.ids.expert, supportAreaId: ids.area, proposalId: ids.acceptedProposal, templateKey: 'phone-system', status: 'draft' });
    // The Expert's own lists hold their procedures and their area's proposals only.
    const mine = await org.expert.get('/api/v1/escalations/procedures');
    expect(mine.body.items.every((p: { expert: { id: string } }) => p.expert.id === org.ids.expert)).toBe(true);
    expect((await org.otherExpert.get('/api/v1/escalations/procedures')).body.items).toEqual([]);
    expect((await org.otherExpert.get('/api/v1/escalations/proposals')).body.items).toEqual([]);
    expect((await org.learner.get('/api/v1/escalations/proposals')).body.total).toBe(0);
    expect((await org.expert.get('/api/v1/escalations/proposals')).body.total).toBe(3);
  });

  it('does not let an Expert hand their procedure to someone else or move it to another area', async () => {
    const handOver = await org.expert.patch(`/api/v1/escalations/procedures/${ids.draft}`, { expertPersonId: org.ids.otherExpert });
    expect(handOver.status).toBe(403);
    const move = await org.expert.patch(`/api/v1/escalations/procedures/${ids.draft}`, { supportAreaId: org.areas.email });
    expect(move.status).toBe(403);
    // Sending the same values back is not a change of ownership.
    expect((await org.expert.patch(`/api/v1/escalations/procedures/${ids.draft}`, { expertPersonId: org.ids.expert, supportAreaId: ids.area })).status).toBe(200);
  });

  it('grants managing rights to people managers through their reports: gone when the last report leaves, also for API tokens', async () => {
    const acme = await createTestOrg(server, 'Cedar Valley IT');
    const lead = await acme.addPerson('lena-lead', ['learner']);
    const report = await acme.addPerson('ravi-report', ['learner'], lead.id);
    const admin = server.client();
    await admin.login(acme.admin.email, PASSWORD);
    const leadClient = server.client();
    await leadClient.login(lead.email, PASSWORD);
    const token = await leadClient.post('/api/v1/tokens', { name: 'binder script' });
    const viaToken = server.client();
    viaToken.bearer = token.body.token;

    expect((await leadClient.get('/api/v1/escalations/binder')).status).toBe(200);
    expect((await viaToken.get('/api/v1/escalations/binder/progress')).status).toBe(200);
    expect((await leadClient.get('/api/v1/me')).body.permissions).toEqual(expect.arrayContaining(['escalations.binder.manage', 'escalations.binder.read']));

    expect((await admin.patch(`/api/v1/people/${report.id}`, { status: 'deactivated' })).status).toBe(200);
    expect((await leadClient.get('/api/v1/escalations/binder')).status).toBe(403);
    expect((await viaToken.get('/api/v1/escalations/binder/progress')).status).toBe(403);
    expect((await leadClient.get('/api/v1/me')).body.permissions).not.toContain('escalations.binder.read');
  });

  it('lets an admin without reports manage and read the binder', async () => {
    expect((await org.admin.get('/api/v1/escalations/binder')).status).toBe(200);
    expect((await org.admin.post('/api/v1/escalations/procedures', { templateKey: 'critical-server' })).status).toBe(201);
  });

  it('lets the people a published procedure names read it, its history to its Expert only; others get 404', async () => {
    for (const c of namedOrShared()) {
      expect((await send(org.expert, c)).status, `expert ${c.path}`).toBe(200);
      const refused = await send(org.learner, c);
      expect(refused.status, `learner ${c.path}`).toBe(404);
      expect(refused.body.error.code).toBe('not_found');
      expect((await send(org.otherExpert, c)).status, `other expert ${c.path}`).toBe(404);
    }
    const history = await org.expert.get(`/api/v1/escalations/procedures/${ids.published}/versions`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((v: { version: number }) => v.version)).toEqual([1]);
    for (const client of [org.learner, org.otherExpert]) {
      expect((await client.get(`/api/v1/escalations/procedures/${ids.published}/versions`)).status).toBe(404);
    }
    // The whole binder stays with managers and admins.
    expect((await org.expert.get('/api/v1/escalations/binder')).status).toBe(403);
  });

  it('opens a shared procedure to its recipient, so the link in the e-mail works for them', async () => {
    const path = `/api/v1/escalations/binder/${ids.published}`;
    expect((await org.learner.get(path)).status).toBe(404);
    const shared = await org.manager.post(`/api/v1/escalations/procedures/${ids.published}/share`, { personIds: [org.ids.learner] });
    expect(shared.status).toBe(200);
    const read = await org.learner.get(path);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ procedureId: ids.published, version: 1 });
    expect((await org.learner.get(`${path}/pdf`)).status).toBe(200);
    expect((await org.learner.get('/api/v1/escalations/binder')).status).toBe(403);
  });

  it('shows the build progress to Experts with only the waiting items that involve them; others get 403', async () => {
    const all = await org.manager.get('/api/v1/escalations/binder/progress');
    expect(all.status).toBe(200);
    const mine = await org.expert.get('/api/v1/escalations/binder/progress');
    expect(mine.status).toBe(200);
    expect(mine.body.steps).toEqual(all.body.steps);
    expect(mine.body.waiting.length).toBeGreaterThan(0);
    for (const w of mine.body.waiting) expect([w.on.personId, w.waiting.personId]).toContain(org.ids.expert);
    expect(all.body.waiting.length).toBeGreaterThan(mine.body.waiting.length);
    const refused = await org.learner.get('/api/v1/escalations/binder/progress');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Experts/);
  });
});
