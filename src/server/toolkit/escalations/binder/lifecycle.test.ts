import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { loadPublishedSnapshot } from './published.js';
import { binderOrg, completeDraft, connectivityContacts, publishedProcedure, type BinderOrg } from './binder.fixtures.js';

let server: TestServer;
let org: BinderOrg;
let other: BinderOrg;

beforeAll(async () => {
  server = await startTestServer();
  org = await binderOrg(server, 'Riverside Health IT');
  other = await binderOrg(server, 'Harbour Logistics IT');
});
afterAll(async () => server?.close());

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return `${(err as { status: number }).status} ${(err as Error).message}`;
  }
};

describe('procedure from a template', () => {
  it('pre-fills title, summary, steps at 30 min, 1 h and 2 h, hourly repeat and cadence, and ticks contacts by role', async () => {
    const created = await org.manager.post('/api/v1/escalations/procedures', { templateKey: 'site-connectivity', contacts: connectivityContacts(org) });
    expect(created.status).toBe(201);
    const p = created.body;
    expect(p).toMatchObject({ status: 'draft', situation: 'site-connectivity', templateKey: 'site-connectivity', repeatEveryMinutes: 60, statusUpdateEveryMinutes: 30, currentVersion: null, revision: 1 });
    expect(p.title).toBe('Remote site has lost its network connection');
    expect(p.steps.map((s: { offsetMinutes: number }) => s.offsetMinutes)).toEqual([30, 60, 120]);
    expect(p.steps[0].notify).toEqual(['site-manager', 'desk', 'carrier']);
    expect(p.steps[2].notify).toEqual(['it-manager', 'director', 'carrier']);
    // A person contact with no e-mail of its own is reached at the person's address.
    expect(p.contacts.find((c: { id: string }) => c.id === 'it-manager').email).toBe(org.emails.manager);
    // People are filled in afterwards; until then the procedure says what is missing.
    expect(p.services).toEqual(['WAN link', 'Site VPN']);
    expect(p.missing.map((m: { path: string }) => m.path)).toEqual(['expertPersonId', 'itPointPersonId', 'sitePointPersonId']);
    expect(p.allowedActions).not.toContain('review');

    const filled = await org.manager.patch(`/api/v1/escalations/procedures/${p.id}`, { expertPersonId: org.ids.expert, itPointPersonId: org.ids.expert, sitePointPersonId: org.ids.siteLead, sites: ['Riverside Clinic'] });
    expect(filled.status).toBe(200);
    expect(filled.body.missing).toEqual([]);
    expect(filled.body.expert).toMatchObject({ id: org.ids.expert, name: 'Wes Wan Expert' });
    expect(filled.body.revision).toBe(2);
    expect(filled.body.allowedActions).toEqual(expect.arrayContaining(['edit', 'submit', 'review', 'archive']));
  });

  it('without contacts leaves steps telling nobody, which blocks review until people are chosen', async () => {
    const created = await org.manager.post('/api/v1/escalations/procedures', { templateKey: 'email-outage', expertPersonId: org.ids.otherExpert, itPointPersonId: org.ids.otherExpert, sitePointPersonId: org.ids.siteLead, services: ['E-mail'] });
    expect(created.body.steps.every((s: { notify: string[] }) => s.notify.length === 0)).toBe(true);
    const review = await org.manager.post(`/api/v1/escalations/procedures/${created.body.id}/review`, {});
    expect(review.status).toBe(409);
    expect(review.body.error.code).toBe('incomplete');
    expect(review.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['contacts', 'steps.0.notify', 'steps.1.notify', 'steps.2.notify']);
  });

  it('starts blank from a situation and refuses a request naming neither situation nor template', async () => {
    const blank = await org.manager.post('/api/v1/escalations/procedures', { situation: 'other', title: 'Badge readers offline' });
    expect(blank.status).toBe(201);
    expect(blank.body).toMatchObject({ situation: 'other', steps: [], templateKey: null, repeatEveryMinutes: 60, statusUpdateEveryMinutes: 30 });
    const neither = await org.manager.post('/api/v1/escalations/procedures', { title: 'Nothing' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.fields[0].path).toBe('body.situation');
    const badTemplate = await org.manager.post('/api/v1/escalations/procedures', { templateKey: 'volcano' });
    expect(badTemplate.status).toBe(400);
  });
});

describe('draft, reviewed, published, with versions', () => {
  it('walks draft -> submitted -> reviewed -> published and freezes version 1 for incidents', async () => {
    const draft = await completeDraft(org);
    const submitted = await org.expert.post(`/api/v1/escalations/procedures/${draft.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.submittedAt).not.toBeNull();
    expect((await org.expert.post(`/api/v1/escalations/procedures/${draft.id}/submit`)).status).toBe(409);
    // Publishing skips no step: a draft must be reviewed first.
    const early = await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/publish`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/reviewed before publishing/);
    expect(await codeOf(loadPublishedSnapshot(server.runtime.ctx.db, org.orgId, draft.id))).toMatch(/^409 .*no published version/);

    const reviewed = await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/review`, { note: 'Clear and short.' });
    expect(reviewed.body).toMatchObject({ status: 'reviewed', reviewNote: 'Clear and short.', reviewedBy: { id: org.ids.manager } });
    const published = await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', currentVersion: 1, hasUnpublishedChanges: false, submittedAt: null });
    expect((await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/publish`)).status).toBe(409);

    const snapshot = await loadPublishedSnapshot(server.runtime.ctx.db, org.orgId, draft.id);
    expect(snapshot).toMatchObject({
      procedureId: draft.id,
      version: 1,
      title: 'Remote site has lost its network connection',
      situation: 'site-connectivity',
      expertPersonId: org.ids.expert,
      itPointPersonId: org.ids.expert,
      sitePointPersonId: org.ids.siteLead,
      sitePointContactId: null,
      sites: ['Riverside Clinic'],
      repeatEveryMinutes: 60,
      statusUpdateEveryMinutes: 30,
    });
    expect(snapshot.steps.map((s) => s.offsetMinutes)).toEqual([30, 60, 120]);
    expect(snapshot.contacts.map((c) => c.id)).toEqual(['it-manager', 'site-manager', 'desk', 'director', 'carrier']);
    const versions = await org.manager.get(`/api/v1/escalations/procedures/${draft.id}/versions`);
    expect(versions.body.items).toHaveLength(1);
    expect(versions.body.items[0]).toMatchObject({ version: 1, id: snapshot.versionId, publishedBy: { id: org.ids.manager }, reviewedBy: { id: org.ids.manager } });
  });

  it('editing a published procedure starts a new draft while version 1 stays in force, then publishes version 2', async () => {
    const p = await publishedProcedure(org);
    const edit = await org.expert.patch(`/api/v1/escalations/procedures/${p.id}`, { summary: 'The clinic line is down; use the 4G router in the comms cupboard first.' });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ status: 'draft', currentVersion: 1, hasUnpublishedChanges: true });
    const inForce = await loadPublishedSnapshot(server.runtime.ctx.db, org.orgId, p.id);
    expect(inForce.version).toBe(1);
    expect(inForce.summary).toMatch(/^A branch, clinic or warehouse/);
    const binder = await org.manager.get(`/api/v1/escalations/binder/${p.id}`);
    expect(binder.body).toMatchObject({ version: 1, newerDraftInProgress: true });

    await org.manager.post(`/api/v1/escalations/procedures/${p.id}/review`, {});
    const v2 = await org.manager.post(`/api/v1/escalations/procedures/${p.id}/publish`);
    expect(v2.body).toMatchObject({ status: 'published', currentVersion: 2, hasUnpublishedChanges: false });
    const now = await loadPublishedSnapshot(server.runtime.ctx.db, org.orgId, p.id);
    expect(now).toMatchObject({ version: 2, summary: 'The clinic line is down; use the 4G router in the comms cupboard first.' });
    // Version 1 is kept unchanged.
    const versions = await org.manager.get(`/api/v1/escalations/procedures/${p.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.body.items[1].snapshot.summary).toBe(inForce.summary);
    expect(versions.body.items[1].id).toBe(inForce.versionId);
  });

  it('editing a reviewed procedure sends it back to draft, and a return needs a note', async () => {
    const draft = await completeDraft(org);
    await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/review`, {});
    const tuned = await org.manager.patch(`/api/v1/escalations/procedures/${draft.id}`, { statusUpdateEveryMinutes: 20 });
    expect(tuned.body).toMatchObject({ status: 'draft', statusUpdateEveryMinutes: 20, reviewedAt: null });
    const noNote = await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/return`, {});
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.fields[0].path).toBe('body.note');
    const returned = await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/return`, { note: 'Add the backup 4G router to step 2.' });
    expect(returned.body).toMatchObject({ status: 'draft', submittedAt: null, reviewNote: 'Add the backup 4G router to step 2.' });
  });

  it('refuses an edit made from an old revision instead of overwriting', async () => {
    const draft = await completeDraft(org);
    expect((await org.expert.patch(`/api/v1/escalations/procedures/${draft.id}`, { revision: 1, title: 'Clinic line down' })).status).toBe(200);
    const stale = await org.manager.patch(`/api/v1/escalations/procedures/${draft.id}`, { revision: 1, title: 'Site offline' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');
    expect((await org.manager.get(`/api/v1/escalations/procedures/${draft.id}`)).body.title).toBe('Clinic line down');
  });

  it('archives: out of the binder, incidents refused with 409; restore brings the published version back', async () => {
    const p = await publishedProcedure(org);
    const archived = await org.manager.post(`/api/v1/escalations/procedures/${p.id}/archive`);
    expect(archived.body).toMatchObject({ status: 'archived', allowedActions: ['restore'] });
    expect(await codeOf(loadPublishedSnapshot(server.runtime.ctx.db, org.orgId, p.id))).toMatch(/^409 .*archived/);
    expect((await org.manager.get(`/api/v1/escalations/binder/${p.id}`)).status).toBe(404);
    expect((await org.manager.patch(`/api/v1/escalations/procedures/${p.id}`, { title: 'x' })).status).toBe(409);
    const list = await org.manager.get('/api/v1/escalations/procedures');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(p.id);
    const archivedList = await org.manager.get('/api/v1/escalations/procedures?status=archived');
    expect(archivedList.body.items.map((i: { id: string }) => i.id)).toContain(p.id);
    const restored = await org.manager.post(`/api/v1/escalations/procedures/${p.id}/restore`);
    expect(restored.body).toMatchObject({ status: 'published', currentVersion: 1 });
    expect((await loadPublishedSnapshot(server.runtime.ctx.db, org.orgId, p.id)).version).toBe(1);
  });

  it('publishes once when two managers press publish together', async () => {
    const draft = await completeDraft(org);
    await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/review`, {});
    const results = await Promise.all([org.manager.post(`/api/v1/escalations/procedures/${draft.id}/publish`), org.admin.post(`/api/v1/escalations/procedures/${draft.id}/publish`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const versions = await org.manager.get(`/api/v1/escalations/procedures/${draft.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it('describes every binder route in the OpenAPI document with its access rule', async () => {
    const doc = (await org.learner.get('/api/openapi.json')).body;
    expect(doc.paths['/api/v1/escalations/binder/{id}/pdf'].get['x-access']).toBe('signed-in');
    expect(doc.paths['/api/v1/escalations/procedures/{id}'].patch['x-access']).toBe('signed-in');
    expect(doc.paths['/api/v1/escalations/procedures/{id}/publish'].post['x-access']).toBe('escalations.binder.manage');
  });

  it('loadPublishedSnapshot answers 404 for another organisation, an unknown id or a malformed id', async () => {
    const p = await publishedProcedure(org);
    expect(await codeOf(loadPublishedSnapshot(server.runtime.ctx.db, other.orgId, p.id))).toMatch(/^404 /);
    expect(await codeOf(loadPublishedSnapshot(server.runtime.ctx.db, org.orgId, '00000000-0000-4000-8000-000000000000'))).toMatch(/^404 /);
    expect(await codeOf(loadPublishedSnapshot(server.runtime.ctx.db, org.orgId, 'not-an-id'))).toMatch(/^404 /);
  });

  it('audits every change with before and after', async () => {
    const p = await publishedProcedure(org);
    await org.expert.patch(`/api/v1/escalations/procedures/${p.id}`, { title: 'Clinic offline' });
    await org.manager.post(`/api/v1/escalations/procedures/${p.id}/archive`);
    const audit = await org.admin.get(`/api/v1/admin/audit?entityId=${p.id}&limit=50`);
    const actions = audit.body.items.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual(['escalation.procedure.create', 'escalation.procedure.review', 'escalation.procedure.publish', 'escalation.procedure.update', 'escalation.procedure.archive']);
    const update = audit.body.items.find((e: { action: string }) => e.action === 'escalation.procedure.update');
    expect(update).toMatchObject({ actorEmail: org.emails.expert, before: { title: 'Remote site has lost its network connection', status: 'published' }, after: { title: 'Clinic offline', status: 'draft' } });
    const publish = audit.body.items.find((e: { action: string }) => e.action === 'escalation.procedure.publish');
    expect(publish.after).toMatchObject({ status: 'published', currentVersion: 1, version: 1 });
  });
});
