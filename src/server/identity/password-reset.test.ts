import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';
import { hashSecret } from '../http/tokens.js';
import { passwordResets } from './schema.js';

// The request route allows 5 calls a minute from one address: this file makes exactly 5.
let server: TestServer;
let acme: TestOrg;
let admin: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

async function requestReset(email: string) {
  const res = await server.client().post('/api/v1/auth/password-reset/request', { email });
  expect(res.status).toBe(202);
  expect(res.body.message).toMatch(/If that address has an account/);
}

/** The reset link of the newest reset e-mail to `email`, read from the admin outbox API. */
async function linkFromOutbox(email: string): Promise<string> {
  const list = await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(email)}`);
  const newest = list.body.items.find((m: { kind: string }) => m.kind === 'password_reset');
  expect(newest, `a reset e-mail to ${email}`).toBeTruthy();
  const message = await admin.get(`/api/v1/admin/outbox/${newest.id}`);
  const token = new RegExp(`${server.url}/reset-password\\?token=([\\w-]+)`).exec(message.body.textBody)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

const outboxTotal = async () => (await admin.get('/api/v1/admin/outbox')).body.total as number;

describe('password reset', () => {
  it('answers 202 for an unknown or deactivated address without sending anything', async () => {
    const before = await outboxTotal();
    await requestReset('nobody@acme-it.test');
    const gone = await acme.addPerson('gone');
    await admin.patch(`/api/v1/people/${gone.id}`, { status: 'deactivated' });
    await requestReset(gone.email);
    expect(await outboxTotal()).toBe(before);
  });

  it('e-mails a link that works once, ends every session and clears a lockout', async () => {
    const p = await acme.addPerson('forgetter');
    const laptop = server.client();
    const phone = server.client();
    await laptop.login(p.email, PASSWORD);
    await phone.login(p.email, PASSWORD);
    for (let i = 0; i < 5; i++) await server.client().post('/api/v1/auth/login', { email: p.email, password: 'not-the-password' });
    expect((await server.client().post('/api/v1/auth/login', { email: p.email, password: PASSWORD })).status).toBe(423);

    await requestReset(p.email.toUpperCase());
    const token = await linkFromOutbox(p.email);
    const done = await server.client().post('/api/v1/auth/password-reset/complete', { token, password: 'a-fresh-password-1' });
    expect(done.status).toBe(204);

    expect((await laptop.get('/api/v1/me')).status).toBe(401);
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    expect((await server.client().post('/api/v1/auth/login', { email: p.email, password: PASSWORD })).status).toBe(401);
    await server.client().login(p.email, 'a-fresh-password-1');

    const again = await server.client().post('/api/v1/auth/password-reset/complete', { token, password: 'a-second-password-2' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('reset_used');
    await server.client().login(p.email, 'a-fresh-password-1');
  });

  it('refuses an expired link with 410 and keeps the old password', async () => {
    const p = await acme.addPerson('slowpoke');
    await requestReset(p.email);
    const token = await linkFromOutbox(p.email);
    await server.runtime.ctx.db.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResets.tokenHash, hashSecret(token)));
    const res = await server.client().post('/api/v1/auth/password-reset/complete', { token, password: 'too-late-password' });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('reset_expired');
    await server.client().login(p.email, PASSWORD);
  });

  it('answers an unknown link with 404 and a too-short password with a field error', async () => {
    const unknown = await server.client().post('/api/v1/auth/password-reset/complete', { token: 'never-issued-token', password: 'long-enough-password' });
    expect(unknown.status).toBe(404);
    const short = await server.client().post('/api/v1/auth/password-reset/complete', { token: 'never-issued-token', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields).toEqual([{ path: 'body.password', message: 'must be at least 10 characters' }]);
  });
});
