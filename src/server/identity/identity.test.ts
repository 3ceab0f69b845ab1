import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';

let server: TestServer;
let org: TestOrg;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('first-run setup', () => {
  it('reports setup needed, creates the organisation and admin, then refuses a second setup', async () => {
    const c = server.client();
    expect((await c.get('/api/v1/setup')).body).toEqual({ needed: true });
    const res = await c.post('/api/v1/setup', { organisationName: 'Globex IT', name: 'Grace Admin', email: 'Grace@Globex.test', password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.email).toBe('grace@globex.test');
    expect(res.body.roles).toContain('org_admin');
    expect(res.body.permissions).toContain('people.manage');
    expect(c.hasSession()).toBe(true);
    expect((await c.get('/api/v1/me')).body.organisationName).toBe('Globex IT');
    expect((await c.get('/api/v1/setup')).body).toEqual({ needed: false });
    // The new organisation starts with the default curriculum and the default exam item banks.
    const banks = (await c.get('/api/v1/item-banks')).body.items as { bankKey: string; counts: { published: number } }[];
    expect(Object.fromEntries(banks.map((b) => [b.bankKey, b.counts.published >= (b.bankKey === 'professional' ? 150 : 100)]))).toEqual({ executive: true, professional: true });
    expect((await c.get('/api/v1/learn/paths')).body.items.length).toBeGreaterThanOrEqual(5);
    // Items are tagged with the competencies of the organisation's own framework, by name.
    const negotiation = (await c.get('/api/v1/item-competencies')).body.items.find((x: { id: string }) => x.id === 'negotiation');
    expect(negotiation).toMatchObject({ stage: 'leading-leaders', name: expect.stringMatching(/^Negotiat/) });
    const again = await server.client().post('/api/v1/setup', { organisationName: 'Evil', name: 'X', email: 'x@evil.test', password: PASSWORD });
    expect(again.status).toBe(409);
    org = await createTestOrg(server, 'Acme IT');
  });
});

describe('sign-in', () => {
  it('signs in, reads /me and signs out', async () => {
    const c = server.client();
    await c.login(org.admin.email, PASSWORD);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('rejects a wrong password with 401 and a message, and locks after repeated failures', async () => {
    const p = await org.addPerson('locky');
    const c = server.client();
    for (let i = 0; i < 4; i++) {
      const res = await c.post('/api/v1/auth/login', { email: p.email, password: 'wrong-password-x' });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/wrong/);
    }
    const fifth = await c.post('/api/v1/auth/login', { email: p.email, password: 'wrong-password-x' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.message).toMatch(/Try again in 15 minutes/);
    // Even the right password is refused while locked.
    expect((await c.post('/api/v1/auth/login', { email: p.email, password: PASSWORD })).status).toBe(423);
  });

  it('signs out everywhere: every session of the person ends', async () => {
    const p = await org.addPerson('roamer');
    const laptop = server.client();
    const phone = server.client();
    await laptop.login(p.email, PASSWORD);
    await phone.login(p.email, PASSWORD);
    expect((await laptop.post('/api/v1/auth/logout-everywhere')).status).toBe(204);
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/me')).status).toBe(401);
  });
});

describe('bad input', () => {
  it('answers malformed JSON, unknown fields and oversized bodies with 4xx and a message', async () => {
    const c = server.client();
    const malformed = await c.request('POST', '/api/v1/auth/login', '{"email": ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const unknown = await c.post('/api/v1/auth/login', { email: 'a@b.test', password: 'x', admin: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/admin/);
    const huge = await c.post('/api/v1/auth/login', { email: 'a@b.test', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const missing = await c.post('/api/v1/setup', { organisationName: 'X' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['body.name', 'body.email', 'body.password']));
  });
});

describe('password change', () => {
  it('keeps the current session and ends every other one', async () => {
    const p = await org.addPerson('changer');
    const here = server.client();
    const elsewhere = server.client();
    await here.login(p.email, PASSWORD);
    await elsewhere.login(p.email, PASSWORD);
    const wrong = await here.post('/api/v1/me/password', { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].path).toBe('body.currentPassword');
    expect((await here.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' })).status).toBe(204);
    expect((await here.get('/api/v1/me')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).status).toBe(401);
    await server.client().login(p.email, 'a-brand-new-password');
  });

  it('records a lockout in the audit log as done by the system, not by the locked person', async () => {
    const p = await org.addPerson('lockaudit');
    const c = server.client();
    for (let i = 0; i < 5; i++) await c.post('/api/v1/auth/login', { email: p.email, password: 'wrong-password-x' });
    const admin = server.client();
    await admin.login(org.admin.email, PASSWORD);
    const audit = await admin.get(`/api/v1/admin/audit?action=person.lock&entityId=${p.id}`);
    expect(audit.body.total).toBe(1);
    expect(audit.body.items[0]).toMatchObject({ actorId: null, actorEmail: 'system' });
  });
});
