import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import { organisations } from '../org/schema.js';
import { KeyVault } from './key-vault.js';
import { issuerUrls, type IssuerUrls } from './issuer-identity.js';

const vaults = new WeakMap<AppContext, KeyVault>();

/** The key vault of this server (one per app context). */
export function vaultOf(ctx: AppContext): KeyVault {
  let vault = vaults.get(ctx);
  if (!vault) vaults.set(ctx, (vault = KeyVault.fromEnvironment(ctx.config.dataDir)));
  return vault;
}

export interface Issuer extends IssuerUrls {
  orgId: string;
  slug: string;
  name: string;
  /** The organisation's web address in the Profile: the issuer profile URL (we know no other). */
  url: string;
}

export async function issuerForOrg(db: Pick<Db, 'select'>, publicUrl: string, orgId: string): Promise<Issuer | null> {
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  return org ? toIssuer(publicUrl, org) : null;
}

export async function issuerBySlug(db: Pick<Db, 'select'>, publicUrl: string, slug: string): Promise<Issuer | null> {
  const [org] = await db.select().from(organisations).where(eq(organisations.slug, slug));
  return org ? toIssuer(publicUrl, org) : null;
}

function toIssuer(publicUrl: string, org: { id: string; slug: string; name: string }): Issuer {
  const urls = issuerUrls(publicUrl, org.slug);
  return { ...urls, orgId: org.id, slug: org.slug, name: org.name, url: urls.profileUrl };
}
