import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, personByEmail, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';

let server: TestServer;
let acme: TestOrg;
let globex: TestOrg;
let admin: HttpClient;
let globexAdmin: HttpClient;
let teams: { desk: string; infra: string; globexOps: string };

const paths = (res: { body: { error: { fields: { path: string }[] } } }) => res.body.error.fields.map((f) => f.path);

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  globex = await createTestOrg(server, 'Globex IT');
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
  globexAdmin = server.client();
  await globexAdmin.login(globex.admin.email, PASSWORD);
  const desk = await admin.post('/api/v1/teams', { name: 'Service Desk' });
  const infra = await admin.post('/api/v1/teams', { name: 'Infrastructure' });
  const globexOps = await globexAdmin.post('/api/v1/teams', { name: 'Operations' });
  teams = { desk: desk.body.id, infra: infra.body.id, globexOps: globexOps.body.id };
});
afterAll(async () => server?.close());

describe('people directory', () => {
  const deskPeople = ['Ada Lovelace', 'Alan Turing', 'Barbara Liskov', 'Edsger Dijkstra', 'Grace Hopper'];

  beforeAll(async () => {
    for (const name of deskPeople) {
      const email = `${name.split(' ')[0].toLowerCase()}@acme-it.test`;
      const res = await admin.post('/api/v1/people', { email, name, teamId: teams.desk, jobRole: 'Service desk analyst' });
      expect(res.status).toBe(201);
    }
    const res = await admin.post('/api/v1/people', { email: 'ken@acme-it.test', name: 'Ken Thompson', teamId: teams.infra, jobRole: 'Unix engineer' });
    expect(res.status).toBe(201);
    const other = await globexAdmin.post('/api/v1/people', { email: 'ada@globex-it.test', name: 'Ada Globex', teamId: teams.globexOps });
    expect(other.status).toBe(201);
  });

  it('finds people by name, e-mail or job role with q', async () => {
    const byName = await admin.get('/api/v1/people?q=ada');
    expect(byName.status).toBe(200);
    expect(byName.body.items.map((p: { name: string }) => p.name)).toEqual(['Ada Lovelace']);
    const byEmail = await admin.get('/api/v1/people?q=ken@acme');
    expect(byEmail.body.items.map((p: { name: string }) => p.name)).toEqual(['Ken Thompson']);
    const byRole = await admin.get('/api/v1/people?q=unix%20eng');
    expect(byRole.body.total).toBe(1);
    // LIKE wildcards are matched literally, not as patterns.
    const wildcard = await admin.get('/api/v1/people?q=%25');
    expect(wildcard.body.total).toBe(0);
  });

  it('filters by team and reports totals that do not depend on the page', async () => {
    const first = await admin.get(`/api/v1/people?teamId=${teams.desk}&limit=2&offset=0`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: deskPeople.length, limit: 2, offset: 0 });
    expect(first.body.items).toHaveLength(2);
    const seen: string[] = [];
    for (let offset = 0; offset < deskPeople.length; offset += 2) {
      const page = await admin.get(`/api/v1/people?teamId=${teams.desk}&limit=2&offset=${offset}`);
      expect(page.body.total).toBe(deskPeople.length);
      seen.push(...page.body.items.map((p: { name: string }) => p.name));
    }
    expect(seen).toEqual(deskPeople);
    const beyond = await admin.get(`/api/v1/people?teamId=${teams.desk}&limit=2&offset=10`);
    expect(beyond.body).toMatchObject({ items: [], total: deskPeople.length });
    expect(first.body.items.every((p: { teamName: string }) => p.teamName === 'Service Desk')).toBe(true);
  });

  it('never shows another organisation\'s people', async () => {
    const all = await admin.get('/api/v1/people?limit=200');
    expect(all.body.items.some((p: { email: string }) => p.email.endsWith('@globex-it.test'))).toBe(false);
    expect((await admin.get('/api/v1/people?q=globex')).body.total).toBe(0);
    expect((await admin.get(`/api/v1/people?teamId=${teams.globexOps}`)).body.total).toBe(0);
    const theirs = await personByEmail(server, 'ada@globex-it.test');
    const res = await admin.get(`/api/v1/people/${theirs.id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const globexView = await globexAdmin.get('/api/v1/people?limit=200');
    expect(globexView.body.items.map((p: { email: string }) => p.email).sort()).toEqual(['ada@globex-it.test', globex.admin.email]);
  });
});

describe('person detail', () => {
  it('shows direct reports and their count', async () => {
    const boss = await admin.post('/api/v1/people', { email: 'boss@acme-it.test', name: 'Boss Person' });
    const r1 = await admin.post('/api/v1/people', { email: 'r1@acme-it.test', name: 'Report One', managerId: boss.body.id });
    await admin.post('/api/v1/people', { email: 'r2@acme-it.test', name: 'Report Two', managerId: boss.body.id });
    expect(r1.body.managerName).toBe('Boss Person');
    const learner = server.client();
    const me = await acme.addPerson('detail-reader');
    await learner.login(me.email, PASSWORD);
    const detail = await learner.get(`/api/v1/people/${boss.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.directReports.map((p: { name: string }) => p.name)).toEqual(['Report One', 'Report Two']);
    expect(detail.body.createdAt).toEqual(expect.any(String));
    const reports = await learner.get(`/api/v1/people?managerId=${boss.body.id}`);
    expect(reports.body.total).toBe(2);
    expect((await learner.get('/api/v1/people/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const bad = await learner.get('/api/v1/people/not-an-id');
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['params.id']);
  });
});

describe('adding and changing people', () => {
  it('creates a person who has no sign-in until invited', async () => {
    const res = await admin.post('/api/v1/people', { email: 'New.Hire@Acme-IT.test', name: ' New Hire ', teamId: teams.infra, roles: ['learner', 'mentor'], careerLevel: 'tech_lead' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'new.hire@acme-it.test', name: 'New Hire', teamName: 'Infrastructure', status: 'invited', roles: ['learner', 'mentor'], directReports: [] });
    const login = await server.client().post('/api/v1/auth/login', { email: 'new.hire@acme-it.test', password: PASSWORD });
    expect(login.status).toBe(401);
    const dupe = await admin.post('/api/v1/people', { email: 'new.hire@acme-it.test', name: 'Again' });
    expect(dupe.status).toBe(409);
    expect(paths(dupe)).toEqual(['body.email']);
  });

  it('refuses a team or manager from another organisation with field errors', async () => {
    const globexPerson = await personByEmail(server, 'ada@globex-it.test');
    const res = await admin.post('/api/v1/people', { email: 'crossref@acme-it.test', name: 'Cross Ref', teamId: teams.globexOps, managerId: globexPerson.id });
    expect(res.status).toBe(400);
    expect(paths(res).sort()).toEqual(['body.managerId', 'body.teamId']);
    expect(await personByEmail(server, 'crossref@acme-it.test')).toBeUndefined();

    const target = await personByEmail(server, 'ken@acme-it.test');
    const patch = await admin.patch(`/api/v1/people/${target.id}`, { teamId: teams.globexOps });
    expect(patch.status).toBe(400);
    expect(paths(patch)).toEqual(['body.teamId']);
    const patchMgr = await admin.patch(`/api/v1/people/${target.id}`, { managerId: globexPerson.id });
    expect(patchMgr.status).toBe(400);
    expect(paths(patchMgr)).toEqual(['body.managerId']);
    expect((await personByEmail(server, 'ken@acme-it.test')).teamId).toBe(teams.infra);
  });

  it('refuses a reporting loop, directly or further up the line', async () => {
    const top = await admin.post('/api/v1/people', { email: 'top@acme-it.test', name: 'Top' });
    const mid = await admin.post('/api/v1/people', { email: 'mid@acme-it.test', name: 'Mid', managerId: top.body.id });
    const low = await admin.post('/api/v1/people', { email: 'low@acme-it.test', name: 'Low', managerId: mid.body.id });
    for (const managerId of [top.body.id, mid.body.id, low.body.id]) {
      const res = await admin.patch(`/api/v1/people/${top.body.id}`, { managerId });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['body.managerId']);
      expect(res.body.error.message).toMatch(/loop/);
    }
    expect((await admin.get(`/api/v1/people/${top.body.id}`)).body.managerId).toBeNull();
    const moved = await admin.patch(`/api/v1/people/${low.body.id}`, { managerId: top.body.id, jobRole: 'Network engineer' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ managerName: 'Top', jobRole: 'Network engineer' });
    const cleared = await admin.patch(`/api/v1/people/${low.body.id}`, { managerId: null });
    expect(cleared.body.managerId).toBeNull();
  });

  it('refuses to let an admin deactivate themselves or drop their own admin role', async () => {
    const self = await admin.patch(`/api/v1/people/${acme.admin.id}`, { status: 'deactivated' });
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe('self_lockout');
    const demote = await admin.patch(`/api/v1/people/${acme.admin.id}`, { roles: ['learner'] });
    expect(demote.status).toBe(400);
    expect((await admin.get('/api/v1/me')).body.roles).toContain('org_admin');
  });

  it('rejects unknown fields and bad values with the field to fix', async () => {
    const target = await personByEmail(server, 'ken@acme-it.test');
    const res = await admin.patch(`/api/v1/people/${target.id}`, { careerLevel: 'emperor', passwordHash: 'x' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(['body.careerLevel']));
    expect(res.body.error.message).toMatch(/passwordHash/);
    const noRoles = await admin.patch(`/api/v1/people/${target.id}`, { roles: [] });
    expect(noRoles.status).toBe(400);
    expect(paths(noRoles)).toEqual(['body.roles']);
  });
});

describe('deactivation', () => {
  it('ends the person\'s sessions and tokens, refuses sign-in, and reactivation restores it', async () => {
    const p = await acme.addPerson('leaver');
    const laptop = server.client();
    await laptop.login(p.email, PASSWORD);
    const token = await laptop.post('/api/v1/tokens', { name: 'script' });
    expect(token.status).toBe(201);
    const script = server.client();
    script.bearer = token.body.token;
    expect((await script.get('/api/v1/me')).status).toBe(200);

    const off = await admin.patch(`/api/v1/people/${p.id}`, { status: 'deactivated' });
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('deactivated');
    expect((await laptop.get('/api/v1/me')).status).toBe(401);
    expect((await script.get('/api/v1/me')).status).toBe(401);
    const login = await server.client().post('/api/v1/auth/login', { email: p.email, password: PASSWORD });
    expect(login.status).toBe(401);

    const on = await admin.patch(`/api/v1/people/${p.id}`, { status: 'active' });
    expect(on.body.status).toBe('active');
    expect((await server.client().post('/api/v1/auth/login', { email: p.email, password: PASSWORD })).status).toBe(200);
  });

  it('drops a deactivated report from the manager\'s direct reports and from the count alike', async () => {
    const lead = await admin.post('/api/v1/people', { email: 'lead@acme-it.test', name: 'Lead' });
    const stays = await admin.post('/api/v1/people', { email: 'stays@acme-it.test', name: 'Stays', managerId: lead.body.id });
    const leaves = await admin.post('/api/v1/people', { email: 'leaves@acme-it.test', name: 'Leaves', managerId: lead.body.id });
    expect((await admin.patch(`/api/v1/people/${leaves.body.id}`, { status: 'deactivated' })).status).toBe(200);
    const detail = await admin.get(`/api/v1/people/${lead.body.id}`);
    expect(detail.body.directReportCount).toBe(1);
    expect(detail.body.directReports.map((p: { id: string }) => p.id)).toEqual([stays.body.id]);
  });
});
