import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';

// The request route allows 5 calls a minute from one address: this file makes 3.
describe('older password reset links once the password has been set', () => {
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

  async function resetLinkFor(email: string): Promise<string> {
    expect((await server.client().post('/api/v1/auth/password-reset/request', { email })).status).toBe(202);
    const list = await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(email)}`);
    const message = await admin.get(`/api/v1/admin/outbox/${list.body.items[0].id}`);
    return /\/reset-password\?token=([\w-]+)/.exec(message.body.textBody)![1];
  }

  it('stop working after another reset link was used', async () => {
    const { email } = await org.addPerson('twice');
    const first = await resetLinkFor(email);
    const second = await resetLinkFor(email);
    expect(first).not.toBe(second);
    expect((await server.client().post('/api/v1/auth/password-reset/complete', { token: second, password: 'new-password-second' })).status).toBe(204);
    const old = await server.client().post('/api/v1/auth/password-reset/complete', { token: first, password: 'new-password-first!' });
    expect(old.status).toBe(410);
    await server.client().login(email, 'new-password-second');
  });

  it('stop working after the person changed their password while signed in', async () => {
    const { email } = await org.addPerson('changer');
    const link = await resetLinkFor(email);
    const me = server.client();
    await me.login(email, PASSWORD);
    expect((await me.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'changed-password-1' })).status).toBe(204);
    const old = await server.client().post('/api/v1/auth/password-reset/complete', { token: link, password: 'attacker-password-1' });
    expect(old.status).toBe(410);
    await server.client().login(email, 'changed-password-1');
  });
});
