import { eq } from 'drizzle-orm';
import type { TestServer } from './server.js';
import { createOrganisation } from '../../src/server/identity/service.js';
import { hashPassword } from '../../src/server/identity/passwords.js';
import { people } from '../../src/server/identity/schema.js';
import type { Role } from '../../src/shared/roles.js';

export const PASSWORD = 'correct-horse-battery';

export interface TestOrg {
  orgId: string;
  admin: { id: string; email: string };
  /** Adds a person who can sign in, with the given roles and optional manager. */
  addPerson(key: string, roles?: Role[], managerId?: string | null): Promise<{ id: string; email: string }>;
}

/** Creates an organisation with an administrator through the same service the setup screen uses. */
export async function createTestOrg(server: TestServer, name = 'Acme IT'): Promise<TestOrg> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const ctx = server.runtime.ctx;
  const adminEmail = `admin@${slug}.test`;
  const { org, admin } = await createOrganisation(ctx, { organisationName: name, name: `${name} Admin`, email: adminEmail, password: PASSWORD });
  const passwordHash = await hashPassword(PASSWORD);
  return {
    orgId: org.id,
    admin: { id: admin.id, email: adminEmail },
    async addPerson(key, roles = ['learner'], managerId = null) {
      const email = `${key}@${slug}.test`;
      const [row] = await ctx.db
        .insert(people)
        .values({ orgId: org.id, email, name: key.replace(/(^|-)(\w)/g, (_m, _s, c: string) => ` ${c.toUpperCase()}`).trim(), roles, managerId, passwordHash })
        .returning();
      return { id: row.id, email };
    },
  };
}

export async function personByEmail(server: TestServer, email: string) {
  const [row] = await server.runtime.ctx.db.select().from(people).where(eq(people.email, email));
  return row;
}
