import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';
import { apiTokens } from './schema.js';

let server: TestServer;
let acme: TestOrg;
let owner: HttpClient;
let ownerId: string;

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  const p = await acme.addPerson('scripter', ['learner', 'author']);
  ownerId = p.id;
  owner = server.client();
  await owner.login(p.email, PASSWORD);
});
afterAll(async () => server?.close());

function bearer(token: string) {
  const c = server.client();
  c.bearer = token;
  return c;
}

describe('API tokens', () => {
  it('shows a new token once, and the token signs API calls in as its owner', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'CI export', expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^mwt_/);
    expect(created.body.prefix).toBe(created.body.token.slice(0, 10));
    expect(new Date(created.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const list = await owner.get('/api/v1/tokens');
    const listed = list.body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(listed).toMatchObject({ name: 'CI export', prefix: created.body.prefix, revokedAt: null, lastUsedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const me = await bearer(created.body.token).get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(ownerId);
    expect(me.body.roles).toEqual(['learner', 'author']);
    const used = (await owner.get('/api/v1/tokens')).body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('stops a revoked token at once with 401', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'short-lived' });
    const script = bearer(created.body.token);
    expect((await script.get('/api/v1/me')).status).toBe(200);
    expect((await owner.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    const res = await script.get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
    const listed = (await owner.get('/api/v1/tokens')).body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(listed.revokedAt).not.toBeNull();
  });

  it('refuses an expired token with 401', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'expiring', expiresInDays: 1 });
    await server.runtime.ctx.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, created.body.id));
    const res = await bearer(created.body.token).get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
    expect((await bearer('mwt_made-up-token-value').get('/api/v1/me')).status).toBe(401);
    expect((await bearer('not-even-our-format').get('/api/v1/people')).status).toBe(401);
  });

  it('does not let a token mint more tokens', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'no-minting' });
    const before = (await owner.get('/api/v1/tokens')).body.total;
    const res = await bearer(created.body.token).post('/api/v1/tokens', { name: 'child token' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/session/);
    expect((await owner.get('/api/v1/tokens')).body.total).toBe(before);
  });

  it('lists only your own tokens, and another person\'s token id is not found', async () => {
    const mine = await owner.post('/api/v1/tokens', { name: 'mine' });
    const other = await acme.addPerson('neighbour');
    const neighbour = server.client();
    await neighbour.login(other.email, PASSWORD);
    const theirs = await neighbour.post('/api/v1/tokens', { name: 'theirs' });

    const list = await neighbour.get('/api/v1/tokens');
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(['theirs']);
    expect(list.body.total).toBe(1);
    const admin = server.client();
    await admin.login(acme.admin.email, PASSWORD);
    expect((await admin.get('/api/v1/tokens')).body.total).toBe(0);

    const steal = await neighbour.delete(`/api/v1/tokens/${mine.body.id}`);
    expect(steal.status).toBe(404);
    expect((await admin.delete(`/api/v1/tokens/${mine.body.id}`)).status).toBe(404);
    expect((await bearer(mine.body.token).get('/api/v1/me')).status).toBe(200);
    expect((await neighbour.delete(`/api/v1/tokens/${theirs.body.id}`)).status).toBe(204);
  });

  it('explains bad token input', async () => {
    const noName = await owner.post('/api/v1/tokens', { name: '  ' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.name']);
    const tooLong = await owner.post('/api/v1/tokens', { name: 'x', expiresInDays: 5000 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.expiresInDays']);
    expect((await owner.delete('/api/v1/tokens/not-a-uuid')).status).toBe(400);
  });
});
