import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, personByEmail, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';

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

describe('reporting lines under concurrent changes', () => {
  it('never ends with a loop when two admins make each person the other one\'s manager at once', async () => {
    for (let round = 0; round < 15; round++) {
      const a = await acme.addPerson(`race-a-${round}`);
      const b = await acme.addPerson(`race-b-${round}`);
      const [ab, ba] = await Promise.all([
        admin.patch(`/api/v1/people/${a.id}`, { managerId: b.id }),
        admin.patch(`/api/v1/people/${b.id}`, { managerId: a.id }),
      ]);
      expect([ab.status, ba.status].sort(), `round ${round}`).toEqual([200, 400]);
      const [ra, rb] = [await personByEmail(server, a.email), await personByEmail(server, b.email)];
      expect(ra.managerId === b.id && rb.managerId === a.id, `round ${round} made a loop`).toBe(false);
    }
  });
});
