import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';

let server: TestServer;
let admin: HttpClient;
/** Every GET route whose OpenAPI description takes a `limit` query parameter. */
let pagedPaths: string[];

beforeAll(async () => {
  server = await startTestServer();
  const acme = await createTestOrg(server, 'Acme IT');
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
  const doc = (await admin.get('/api/openapi.json')).body as { paths: Record<string, { get?: { parameters?: { in: string; name: string }[] } }> };
  pagedPaths = Object.entries(doc.paths)
    .filter(([, ops]) => ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'limit'))
    .map(([path]) => path);
});
afterAll(async () => server?.close());

describe('pagination bounds', () => {
  it('finds the paged lists in the OpenAPI document', () => {
    expect(pagedPaths).toEqual(expect.arrayContaining(['/api/v1/people', '/api/v1/teams', '/api/v1/tokens', '/api/v1/invitations', '/api/v1/admin/audit', '/api/v1/admin/outbox']));
    expect(pagedPaths.every((p) => !p.includes('{'))).toBe(true);
  });

  it('refuses a limit outside 1..200 or a negative offset with the query field to fix', async () => {
    const failures: string[] = [];
    for (const path of pagedPaths) {
      for (const [query, field] of [
        ['limit=0', 'querystring.limit'],
        ['limit=500', 'querystring.limit'],
        ['limit=ten', 'querystring.limit'],
        ['limit=2.5', 'querystring.limit'],
        ['offset=-1', 'querystring.offset'],
      ]) {
        const res = await admin.get(`${path}?${query}`);
        const fields = res.body?.error?.fields?.map((f: { path: string }) => f.path);
        if (res.status !== 400 || JSON.stringify(fields) !== JSON.stringify([field])) {
          failures.push(`${path}?${query}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
      const edge = await admin.get(`${path}?limit=200&offset=0`);
      if (edge.status !== 200 || edge.body.limit !== 200) failures.push(`${path}?limit=200: ${edge.status}`);
      const fallback = await admin.get(path);
      if (fallback.body.limit !== 50 || fallback.body.offset !== 0) failures.push(`${path}: default paging ${fallback.body.limit}/${fallback.body.offset}`);
    }
    expect(failures).toEqual([]);
  });
});
