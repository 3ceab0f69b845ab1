import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';

// PostgreSQL cannot store or compare text holding a NUL character, nor dates beyond its range.
describe('values the database cannot take are refused with a 400, not a 500', () => {
  let server: TestServer;
  let org: TestOrg;
  let admin: HttpClient;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createTestOrg(server);
    admin = server.client();
    await admin.login(org.admin.email, PASSWORD);
  });
  afterAll(async () => server?.close());

  it('refuses a NUL character in sign-in and password reset, before anyone is signed in', async () => {
    const login = await server.client().post('/api/v1/auth/login', { email: 'a\u0000@acme-it.test', password: 'whatever-it-is' });
    expect(login.status).toBe(400);
    expect(login.body.error.code).toBe('bad_request');
    expect(login.body.error.message).toMatch(/NUL/);
    const reset = await server.client().post('/api/v1/auth/password-reset/request', { email: 'a\u0000@acme-it.test' });
    expect(reset.status).toBe(400);
  });

  it('refuses a NUL character in a search, a name, a team and an audit filter, and keeps the stored name', async () => {
    expect((await admin.get('/api/v1/people?q=%00')).status).toBe(400);
    expect((await admin.patch('/api/v1/me', { name: 'Acme\u0000Admin' })).status).toBe(400);
    expect((await admin.get('/api/v1/me')).body.name).toBe('Acme IT Admin');
    expect((await admin.post('/api/v1/teams', { name: 'Ops\u0000' })).status).toBe(400);
    expect((await admin.get('/api/v1/admin/audit?action=%00')).status).toBe(400);
  });

  it('refuses a NUL character inside an imported CSV and imports nothing', async () => {
    const res = await admin.post('/api/v1/people/import/commit', { csv: 'email,name\nzed@acme-it.test,Zed\u0000\n' });
    expect(res.status).toBe(400);
    expect((await admin.get('/api/v1/people?q=zed')).body.total).toBe(0);
  });

  it('refuses an audit date outside the range the database stores', async () => {
    const res = await admin.get('/api/v1/admin/audit?from=-200000-01-01T00:00:00Z');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });
});
