import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, arrayContains, eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { people } from '../identity/schema.js';

describe('two administrators removing each other at the same moment', () => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createTestOrg(server);
  });
  afterAll(async () => server?.close());

  it('leave the organisation with an administrator', async () => {
    const other = await org.addPerson('second-admin', ['org_admin', 'learner']);
    const first = server.client();
    await first.login(org.admin.email, PASSWORD);
    const second = server.client();
    await second.login(other.email, PASSWORD);
    const [a, b] = await Promise.all([
      first.patch(`/api/v1/people/${other.id}`, { roles: ['learner'] }),
      second.patch(`/api/v1/people/${org.admin.id}`, { roles: ['learner'] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 403]);
    const admins = await server.runtime.ctx.db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.orgId, org.orgId), eq(people.status, 'active'), arrayContains(people.roles, ['org_admin'])));
    expect(admins).toHaveLength(1);
  });
});
