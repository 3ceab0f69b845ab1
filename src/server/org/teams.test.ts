import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, personByEmail, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';

let server: TestServer;
let acme: TestOrg;
let admin: HttpClient;
let globexAdmin: HttpClient;

const paths = (res: { body: { error: { fields: { path: string }[] } } }) => res.body.error.fields.map((f) => f.path);

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  const globex = await createTestOrg(server, 'Globex IT');
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
  globexAdmin = server.client();
  await globexAdmin.login(globex.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

describe('teams', () => {
  it('creates, reads, renames and lists teams', async () => {
    const created = await admin.post('/api/v1/teams', { name: '  Service Desk ', description: 'First-line support' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Service Desk', description: 'First-line support', parentTeamId: null, memberCount: 0 });
    const one = await admin.get(`/api/v1/teams/${created.body.id}`);
    expect(one.body).toEqual(created.body);
    const renamed = await admin.patch(`/api/v1/teams/${created.body.id}`, { name: 'Help Desk' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Help Desk', description: 'First-line support' });
    const list = await admin.get('/api/v1/teams');
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain('Help Desk');
    expect(list.body.total).toBe(list.body.items.length);
  });

  it('refuses a duplicate name with 409 on create and on rename', async () => {
    const a = await admin.post('/api/v1/teams', { name: 'Networks' });
    await admin.post('/api/v1/teams', { name: 'Security' });
    const dupe = await admin.post('/api/v1/teams', { name: 'Networks' });
    expect(dupe.status).toBe(409);
    expect(paths(dupe)).toEqual(['body.name']);
    const rename = await admin.patch(`/api/v1/teams/${a.body.id}`, { name: 'Security' });
    expect(rename.status).toBe(409);
    expect((await admin.get(`/api/v1/teams/${a.body.id}`)).body.name).toBe('Networks');
    // Keeping its own name is not a clash, and another organisation may use the same name.
    expect((await admin.patch(`/api/v1/teams/${a.body.id}`, { name: 'Networks', description: 'LAN and WAN' })).status).toBe(200);
    expect((await globexAdmin.post('/api/v1/teams', { name: 'Networks' })).status).toBe(201);
  });

  it('refuses a parent that would make a loop, or that belongs to another organisation', async () => {
    const top = await admin.post('/api/v1/teams', { name: 'Operations' });
    const mid = await admin.post('/api/v1/teams', { name: 'Platform', parentTeamId: top.body.id });
    const low = await admin.post('/api/v1/teams', { name: 'Storage', parentTeamId: mid.body.id });
    expect(low.body.parentTeamId).toBe(mid.body.id);
    for (const parentTeamId of [top.body.id, mid.body.id, low.body.id]) {
      const res = await admin.patch(`/api/v1/teams/${top.body.id}`, { parentTeamId });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['body.parentTeamId']);
    }
    expect((await admin.get(`/api/v1/teams/${top.body.id}`)).body.parentTeamId).toBeNull();
    const theirs = await globexAdmin.post('/api/v1/teams', { name: 'Globex Ops' });
    const foreign = await admin.post('/api/v1/teams', { name: 'Foreign child', parentTeamId: theirs.body.id });
    expect(foreign.status).toBe(400);
    expect(paths(foreign)).toEqual(['body.parentTeamId']);
    const moveLow = await admin.patch(`/api/v1/teams/${low.body.id}`, { parentTeamId: top.body.id });
    expect(moveLow.body.parentTeamId).toBe(top.body.id);
  });

  it('deletes a team while its members keep their accounts, and child teams lose only their parent', async () => {
    const team = await admin.post('/api/v1/teams', { name: 'Legacy Apps' });
    const child = await admin.post('/api/v1/teams', { name: 'Legacy Mainframe', parentTeamId: team.body.id });
    const member = await acme.addPerson('legacy-dev');
    expect((await admin.patch(`/api/v1/people/${member.id}`, { teamId: team.body.id })).status).toBe(200);
    expect((await admin.get(`/api/v1/teams/${team.body.id}`)).body.memberCount).toBe(1);

    expect((await admin.delete(`/api/v1/teams/${team.body.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/teams/${team.body.id}`)).status).toBe(404);
    expect((await admin.delete(`/api/v1/teams/${team.body.id}`)).status).toBe(404);
    const person = await admin.get(`/api/v1/people/${member.id}`);
    expect(person.body).toMatchObject({ teamId: null, teamName: null, status: 'active' });
    expect((await admin.get(`/api/v1/teams/${child.body.id}`)).body).toMatchObject({ name: 'Legacy Mainframe', parentTeamId: null });
    const c = server.client();
    expect((await c.post('/api/v1/auth/login', { email: member.email, password: PASSWORD })).status).toBe(200);
  });

  it('hides teams of another organisation as not found', async () => {
    const ours = await admin.post('/api/v1/teams', { name: 'Private Team' });
    expect((await globexAdmin.get(`/api/v1/teams/${ours.body.id}`)).status).toBe(404);
    expect((await globexAdmin.patch(`/api/v1/teams/${ours.body.id}`, { name: 'Taken over' })).status).toBe(404);
    expect((await globexAdmin.delete(`/api/v1/teams/${ours.body.id}`)).status).toBe(404);
    const theirList = await globexAdmin.get('/api/v1/teams?limit=200');
    expect(theirList.body.items.some((t: { id: string }) => t.id === ours.body.id)).toBe(false);
    expect((await admin.get(`/api/v1/teams/${ours.body.id}`)).body.name).toBe('Private Team');
  });

  it('explains bad team input', async () => {
    const empty = await admin.post('/api/v1/teams', { name: '   ' });
    expect(empty.status).toBe(400);
    expect(paths(empty)).toEqual(['body.name']);
    const unknown = await admin.post('/api/v1/teams', { name: 'X Team', orgId: acme.orgId });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/orgId/);
  });
});

describe('org chart', () => {
  it('shows the active people of the caller\'s organisation with their managers, filterable by team', async () => {
    const team = await admin.post('/api/v1/teams', { name: 'Chart Team' });
    const head = await admin.post('/api/v1/people', { email: 'chart-head@acme-it.test', name: 'Chart Head', teamId: team.body.id, jobRole: 'IT manager' });
    const report = await admin.post('/api/v1/people', { email: 'chart-report@acme-it.test', name: 'Chart Report', teamId: team.body.id, managerId: head.body.id });
    const gone = await admin.post('/api/v1/people', { email: 'chart-gone@acme-it.test', name: 'Chart Gone', teamId: team.body.id });
    await admin.patch(`/api/v1/people/${gone.body.id}`, { status: 'deactivated' });

    const learner = server.client();
    const me = await acme.addPerson('chart-reader');
    await learner.login(me.email, PASSWORD);
    const chart = await learner.get('/api/v1/org-chart');
    expect(chart.status).toBe(200);
    const byId = new Map(chart.body.items.map((n: { id: string }) => [n.id, n]));
    expect(byId.get(report.body.id)).toMatchObject({ name: 'Chart Report', managerId: head.body.id, teamName: 'Chart Team' });
    expect(byId.get(head.body.id)).toMatchObject({ jobRole: 'IT manager', managerId: null });
    expect(byId.has(gone.body.id)).toBe(false);
    expect(byId.has(acme.admin.id)).toBe(true);
    const globexAdminRow = await personByEmail(server, 'admin@globex-it.test');
    expect(byId.has(globexAdminRow.id)).toBe(false);

    const filtered = await learner.get(`/api/v1/org-chart?teamId=${team.body.id}`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.items.map((n: { name: string }) => n.name)).toEqual(['Chart Head', 'Chart Report']);
    const bad = await learner.get('/api/v1/org-chart?teamId=nope');
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['querystring.teamId']);
  });
});
