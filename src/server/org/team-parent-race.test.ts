import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';

let server: TestServer;
let admin: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  const acme = await createTestOrg(server, 'Acme IT');
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

describe('team hierarchy under concurrent changes', () => {
  it('never ends with a loop when two admins put each team inside the other at once', async () => {
    for (let round = 0; round < 15; round++) {
      const a = (await admin.post('/api/v1/teams', { name: `Race A ${round}` })).body;
      const b = (await admin.post('/api/v1/teams', { name: `Race B ${round}` })).body;
      const [ab, ba] = await Promise.all([
        admin.patch(`/api/v1/teams/${a.id}`, { parentTeamId: b.id }),
        admin.patch(`/api/v1/teams/${b.id}`, { parentTeamId: a.id }),
      ]);
      expect([ab.status, ba.status].sort(), `round ${round}`).toEqual([200, 400]);
      const [ra, rb] = [(await admin.get(`/api/v1/teams/${a.id}`)).body, (await admin.get(`/api/v1/teams/${b.id}`)).body];
      expect(ra.parentTeamId === b.id && rb.parentTeamId === a.id, `round ${round} made a loop`).toBe(false);
    }
  });
});
