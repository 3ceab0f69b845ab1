import { eq } from 'drizzle-orm';
import type { TestServer } from '../support/server.js';
import { organisations } from '../../src/server/org/schema.js';
import { issueCredential } from '../../src/server/certify/issue.js';

export interface CertifyWalkIds {
  orgSlug: string;
  /** Per caller: a credential they hold (for reading) and one for revoking; outsiders get A admin's. */
  credentialIds: Record<string, string>;
  revokeIds: Record<string, string>;
}

const achievement = { key: 'walk', name: 'Walk Certificate', description: 'Issued for the authorisation walk.', criteriaNarrative: 'None: a fixture.' };

/** Credentials of organisation A for the authorisation walk. */
export async function createCertifyWalkFixtures(server: TestServer, orgId: string, holders: Record<string, string | undefined>): Promise<CertifyWalkIds> {
  const ctx = server.runtime.ctx;
  const [org] = await ctx.db.select().from(organisations).where(eq(organisations.id, orgId));
  const credentialIds: Record<string, string> = {};
  const revokeIds: Record<string, string> = {};
  for (const [who, personId] of Object.entries(holders)) {
    if (!personId) continue;
    credentialIds[who] = (await issueCredential(ctx, null, { orgId, personId, achievement })).id;
    revokeIds[who] = (await issueCredential(ctx, null, { orgId, personId, achievement })).id;
  }
  for (const outsider of ['anonymous', 'otherAdmin']) {
    credentialIds[outsider] = credentialIds.admin;
    revokeIds[outsider] = revokeIds.admin;
  }
  return { orgSlug: org.slug, credentialIds, revokeIds };
}
