import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, personByEmail, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';

describe('sign-in lockout under concurrent attempts', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    server = await startTestServer({ loginMaxFailures: 5 });
    org = await createTestOrg(server);
  });
  afterAll(async () => server?.close());

  it('counts every failed attempt sent at once, so a burst of guesses still locks the account', async () => {
    const email = (await org.addPerson('target')).email;
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => server.client().post('/api/v1/auth/login', { email, password: `wrong-guess-${i}` })),
    );
    expect(guesses.every((r) => r.status === 401 || r.status === 423)).toBe(true);
    const [stored] = [await personByEmail(server, email)];
    expect(stored.lockedUntil, 'twelve failures against a limit of five must lock').not.toBeNull();
    const right = await server.client().post('/api/v1/auth/login', { email, password: PASSWORD });
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('account_locked');
  });
});
