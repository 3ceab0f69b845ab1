import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';

interface Entry {
  id: number;
  at: string;
  actorId: string | null;
  actorEmail: string;
  action: string;
  entityType: string;
  entityId: string;
  before: any;
  after: any;
}

let server: TestServer;
let acme: TestOrg;
let globex: TestOrg;
let admin: HttpClient;
/** Every secret the changes below handle; none may reach the audit log. */
const secrets: string[] = [];
const ids: Record<string, string> = {};
let windowStart: string;
let windowEnd: string;

async function audit(query = ''): Promise<{ items: Entry[]; total: number }> {
  const res = await admin.get(`/api/v1/admin/audit?limit=200${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function outboxToken(email: string, pattern: RegExp): Promise<string> {
  const list = await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(email)}`);
  const message = await admin.get(`/api/v1/admin/outbox/${list.body.items[0].id}`);
  return pattern.exec(message.body.textBody)![1];
}

const tick = () => new Promise((r) => setTimeout(r, 20));

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  globex = await createTestOrg(server, 'Globex IT');
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);

  // The people and team changes happen inside a time window the from/to filters are tested on.
  await tick();
  windowStart = new Date().toISOString();
  await tick();
  const team = await admin.post('/api/v1/teams', { name: 'Audit Desk' });
  ids.team = team.body.id;
  await admin.patch(`/api/v1/teams/${ids.team}`, { description: 'Audited' });
  const person = await admin.post('/api/v1/people', { email: 'audited@acme-it.test', name: 'Audited Person', teamId: ids.team });
  ids.person = person.body.id;
  await admin.patch(`/api/v1/people/${ids.person}`, { jobRole: 'Storage engineer' });
  await admin.patch(`/api/v1/people/${ids.person}`, { status: 'deactivated' });
  await admin.delete(`/api/v1/teams/${ids.team}`);
  await tick();
  windowEnd = new Date().toISOString();
  await tick();

  const inv = await admin.post('/api/v1/invitations', { email: 'joiner@acme-it.test', name: 'Joiner' });
  ids.invitation = inv.body.id;
  const inviteToken = await outboxToken('joiner@acme-it.test', /invite\?token=([\w-]+)/);
  secrets.push(inviteToken);
  const joiner = server.client();
  const joinerPassword = 'joiner-secret-password';
  secrets.push(joinerPassword);
  const accepted = await joiner.post('/api/v1/invitations/accept', { token: inviteToken, password: joinerPassword });
  ids.joiner = accepted.body.id;
  const revoked = await admin.post('/api/v1/invitations', { email: 'never@acme-it.test', name: 'Never' });
  ids.revokedInvitation = revoked.body.id;
  await admin.post(`/api/v1/invitations/${ids.revokedInvitation}/revoke`);

  const token = await joiner.post('/api/v1/tokens', { name: 'audit script' });
  ids.token = token.body.id;
  secrets.push(token.body.token);
  await joiner.delete(`/api/v1/tokens/${ids.token}`);
  const newPassword = 'joiner-changed-password';
  secrets.push(newPassword);
  await joiner.post('/api/v1/me/password', { currentPassword: joinerPassword, newPassword });

  await server.client().post('/api/v1/auth/password-reset/request', { email: 'joiner@acme-it.test' });
  const resetToken = await outboxToken('joiner@acme-it.test', /reset-password\?token=([\w-]+)/);
  secrets.push(resetToken);
  const resetPassword = 'joiner-reset-password';
  secrets.push(resetPassword);
  expect((await server.client().post('/api/v1/auth/password-reset/complete', { token: resetToken, password: resetPassword })).status).toBe(204);

  // Another organisation's change must not show up in Acme's log.
  const other = server.client();
  await other.login(globex.admin.email, PASSWORD);
  await other.post('/api/v1/teams', { name: 'Globex Secret Team' });
});
afterAll(async () => server?.close());

function only(entries: Entry[], action: string, entityId: string): Entry {
  const found = entries.filter((e) => e.action === action && e.entityId === entityId);
  expect(found, `${action} on ${entityId}`).toHaveLength(1);
  return found[0];
}

describe('audit log', () => {
  it('records each change with the actor and what it was before and after', async () => {
    const { items } = await audit();
    const byAdmin = { actorId: acme.admin.id, actorEmail: acme.admin.email };

    expect(only(items, 'team.create', ids.team)).toMatchObject({ ...byAdmin, entityType: 'team', before: null, after: { name: 'Audit Desk' } });
    expect(only(items, 'team.update', ids.team)).toMatchObject({ ...byAdmin, before: { description: '' }, after: { description: 'Audited' } });
    expect(only(items, 'team.delete', ids.team)).toMatchObject({ ...byAdmin, before: { name: 'Audit Desk', description: 'Audited' }, after: null });

    expect(only(items, 'person.create', ids.person)).toMatchObject({ ...byAdmin, entityType: 'person', after: { email: 'audited@acme-it.test', teamId: ids.team } });
    const updates = items.filter((e) => e.action === 'person.update' && e.entityId === ids.person);
    expect(updates.map((e) => [e.before, e.after])).toEqual(
      expect.arrayContaining([
        [{ jobRole: '' }, { jobRole: 'Storage engineer' }],
        [{ status: 'active' }, { status: 'deactivated' }],
      ]),
    );

    expect(only(items, 'invitation.create', ids.invitation)).toMatchObject({ ...byAdmin, entityType: 'invitation', after: { email: 'joiner@acme-it.test' } });
    expect(only(items, 'invitation.accept', ids.invitation)).toMatchObject({ actorId: ids.joiner, actorEmail: 'joiner@acme-it.test' });
    expect(only(items, 'invitation.revoke', ids.revokedInvitation)).toMatchObject({ ...byAdmin, before: { status: 'pending' }, after: { status: 'revoked' } });

    const joinerActor = { actorId: ids.joiner, actorEmail: 'joiner@acme-it.test' };
    expect(only(items, 'api_token.create', ids.token)).toMatchObject({ ...joinerActor, entityType: 'api_token', after: { name: 'audit script' } });
    expect(only(items, 'api_token.revoke', ids.token)).toMatchObject({ ...joinerActor, before: { name: 'audit script' } });
    expect(only(items, 'person.password_change', ids.joiner)).toMatchObject(joinerActor);
    // Nobody is signed in when a reset link is used: the system is the actor.
    expect(only(items, 'person.password_reset', ids.joiner)).toMatchObject({ actorId: null, actorEmail: 'system' });
  });

  it('keeps secrets out of before and after', async () => {
    const { items } = await audit();
    expect(items.length).toBeGreaterThan(15);
    const stored = JSON.stringify(items);
    for (const key of ['passwordHash', 'tokenHash', '"password"', '"token"', '$argon2']) expect(stored, key).not.toContain(key);
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it('shows only the caller\'s organisation', async () => {
    const { items } = await audit();
    expect(items.some((e) => e.actorEmail === globex.admin.email)).toBe(false);
    expect(JSON.stringify(items)).not.toContain('Globex Secret Team');
  });

  it('filters by action, entity type and time', async () => {
    const byAction = await audit('&action=person.update');
    expect(byAction.total).toBeGreaterThanOrEqual(2);
    expect(byAction.items.every((e) => e.action === 'person.update')).toBe(true);

    const byType = await audit('&entityType=team');
    expect(byType.items.map((e) => e.action).sort()).toEqual(['team.create', 'team.delete', 'team.update']);
    expect(byType.total).toBe(3);

    const byEntity = await audit(`&entityId=${ids.token}&actorId=${ids.joiner}`);
    expect(byEntity.items.map((e) => e.action).sort()).toEqual(['api_token.create', 'api_token.revoke']);

    const inWindow = await audit(`&from=${encodeURIComponent(windowStart)}&to=${encodeURIComponent(windowEnd)}`);
    expect(inWindow.items.map((e) => e.action).sort()).toEqual(['person.create', 'person.update', 'person.update', 'team.create', 'team.delete', 'team.update']);
    const after = await audit(`&from=${encodeURIComponent(windowEnd)}`);
    expect(after.items.some((e) => e.entityType === 'team')).toBe(false);
    expect(after.items.some((e) => e.action === 'invitation.create')).toBe(true);
    const before = await audit(`&to=${encodeURIComponent(windowStart)}`);
    expect(before.items.map((e) => e.action).sort()).toEqual(['organisation.create', 'person.create']);

    const bad = await admin.get('/api/v1/admin/audit?from=last-tuesday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: 'querystring.from', message: expect.stringMatching(/must be a date or date-time such as 2026-03-31/) }]);
  });

  it('pages newest first with a stable total', async () => {
    const all = await audit();
    const first = await admin.get('/api/v1/admin/audit?limit=3&offset=0');
    const second = await admin.get('/api/v1/admin/audit?limit=3&offset=3');
    expect(first.body.total).toBe(all.total);
    expect([...first.body.items, ...second.body.items].map((e: Entry) => e.id)).toEqual(all.items.slice(0, 6).map((e) => e.id));
    const times = all.items.map((e) => new Date(e.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('is refused to everyone but an org admin', async () => {
    for (const roles of [['learner'], ['author'], ['mentor']] as const) {
      const p = await acme.addPerson(`reader-${roles[0]}`, [...roles]);
      const c = server.client();
      await c.login(p.email, PASSWORD);
      const res = await c.get('/api/v1/admin/audit');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await server.client().get('/api/v1/admin/audit')).status).toBe(401);
  });
});
