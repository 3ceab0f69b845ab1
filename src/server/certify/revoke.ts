import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { assertSameOrg, type Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import { conflict } from '../http/errors.js';
import { credentials } from './schema.js';
import { setStatusBit } from './status-list.js';

/** Sets the credential's revocation bit and records why; verification then answers "revoked". */
export async function revokeCredential(db: Db, actor: Actor, credentialId: string, reason: string) {
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(credentials).where(eq(credentials.id, credentialId)).for('update');
    const row = assertSameOrg(actor, found, 'Credential');
    if (row.revokedAt) throw conflict(`This credential was already revoked on ${row.revokedAt.toISOString().slice(0, 10)}`);
    await setStatusBit(tx, row.orgId, row.statusIndex);
    const [updated] = await tx.update(credentials).set({ revokedAt: new Date(), revokedReason: reason }).where(and(eq(credentials.id, row.id), eq(credentials.orgId, actor.orgId))).returning();
    await recordAudit(tx, actor, { action: 'certify.credential.revoke', entityType: 'credential', entityId: row.id, before: { revokedAt: null }, after: { revokedAt: updated.revokedAt, reason, statusIndex: row.statusIndex } });
    return updated;
  });
}
