import { and, asc, desc, eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import type { KeyVault } from './key-vault.js';
import { issuerKeys } from './schema.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type IssuerKeyRow = typeof issuerKeys.$inferSelect;

async function newKeyMaterial(vault: KeyVault) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = (await exportJWK(publicKey)) as Record<string, string>;
  const privateJwk = await exportJWK(privateKey);
  return { publicJwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x }, privateJwkEncrypted: vault.seal(JSON.stringify(privateJwk)) };
}

/** The organisation's active signing key, created (as `key-1`) on first use. */
export async function ensureActiveKey(db: Db, vault: KeyVault, orgId: string): Promise<IssuerKeyRow> {
  const [active] = await db.select().from(issuerKeys).where(and(eq(issuerKeys.orgId, orgId), eq(issuerKeys.status, 'active')));
  if (active) return active;
  const material = await newKeyMaterial(vault);
  // Two first issues at once: the unique (org, key name) lets one insert win; both read it back.
  await db.insert(issuerKeys).values({ orgId, keyName: 'key-1', status: 'active', ...material }).onConflictDoNothing();
  const [row] = await db.select().from(issuerKeys).where(and(eq(issuerKeys.orgId, orgId), eq(issuerKeys.status, 'active')));
  if (!row) throw new Error('No active issuer key after creating one');
  return row;
}

/** Retires the active key (it stays published) and makes a new active one. */
export async function rotateKey(db: Db, vault: KeyVault, actor: Actor): Promise<IssuerKeyRow> {
  await ensureActiveKey(db, vault, actor.orgId);
  const material = await newKeyMaterial(vault);
  return db.transaction(async (tx: Tx) => {
    const [current] = await tx.select().from(issuerKeys).where(and(eq(issuerKeys.orgId, actor.orgId), eq(issuerKeys.status, 'active'))).for('update');
    const [latest] = await tx.select({ keyName: issuerKeys.keyName }).from(issuerKeys).where(eq(issuerKeys.orgId, actor.orgId)).orderBy(desc(issuerKeys.createdAt)).limit(1);
    const nextNo = Math.max(...[latest?.keyName, current?.keyName].map((k) => Number(k?.replace('key-', '') ?? 0))) + 1;
    if (current) await tx.update(issuerKeys).set({ status: 'retired', retiredAt: new Date() }).where(eq(issuerKeys.id, current.id));
    const [created] = await tx.insert(issuerKeys).values({ orgId: actor.orgId, keyName: `key-${nextNo}`, status: 'active', ...material }).returning();
    await recordAudit(tx, actor, { action: 'certify.key.rotate', entityType: 'issuer_key', entityId: created.id, before: current ? { keyName: current.keyName } : null, after: { keyName: created.keyName, publicJwk: created.publicJwk } });
    return created;
  });
}

/** Every key of the organisation, oldest first: all of them stay published for verification. */
export async function publishedKeys(db: Pick<Db, 'select'>, orgId: string): Promise<IssuerKeyRow[]> {
  return db.select().from(issuerKeys).where(eq(issuerKeys.orgId, orgId)).orderBy(asc(issuerKeys.createdAt));
}

export async function privateKeyOf(vault: KeyVault, row: IssuerKeyRow) {
  return importJWK(JSON.parse(vault.open(row.privateJwkEncrypted)) as JWK, 'EdDSA');
}
