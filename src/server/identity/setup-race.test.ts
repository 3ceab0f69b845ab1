import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { organisations } from '../org/schema.js';

describe('first-run setup', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('creates exactly one organisation when several setup requests arrive at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        server.client().post('/api/v1/setup', { organisationName: `Race ${i}`, name: `Racer ${i}`, email: `racer${i}@race.test`, password: 'correct-horse-battery' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const [row] = await server.runtime.ctx.db.select({ n: count() }).from(organisations);
    expect(Number(row.n)).toBe(1);
  });
});
