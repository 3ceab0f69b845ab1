import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { incidentSettings } from './schema.js';
import type { Tx } from './tx.js';

type Reader = Pick<Tx, 'select' | 'insert'>;

// The link key never changes once created, so every instance may keep it.
const linkKeys = new Map<string, Buffer>();

/** The organisation's incident settings row, created on first use. */
export async function ensureSettings(db: Reader, orgId: string) {
  return (await settingsRow(db, orgId)).row;
}

async function settingsRow(db: Reader, orgId: string) {
  const [existing] = await db.select().from(incidentSettings).where(eq(incidentSettings.orgId, orgId));
  if (existing) return { row: existing, created: false };
  await db.insert(incidentSettings).values({ orgId, linkKey: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select().from(incidentSettings).where(eq(incidentSettings.orgId, orgId));
  return { row, created: true };
}

/** The key that signs this organisation's acknowledgement links. */
export async function linkKeyOf(db: Reader, orgId: string): Promise<Buffer> {
  const cached = linkKeys.get(orgId);
  if (cached) return cached;
  const { row, created } = await settingsRow(db, orgId);
  const key = Buffer.from(row.linkKey, 'base64url');
  // A key created in this transaction may yet be rolled back; only a key read back is kept.
  if (!created) linkKeys.set(orgId, key);
  return key;
}

export function newInboundSecret(): string {
  return `mwhs_${randomBytes(24).toString('base64url')}`;
}
