import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { auditLog } from './schema.js';

type Tx = Pick<Db, 'insert'>;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  orgId?: string;
}

const SECRET_KEYS = new Set(['passwordHash', 'tokenHash', 'password', 'token']);

/** Drops secrets and turns dates into strings so the stored before/after is safe to show. */
export function auditable(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return JSON.parse(
    JSON.stringify(value, (key, v) => (SECRET_KEYS.has(key) ? undefined : v)),
  );
}

function row(actor: Actor | null, entry: AuditEntry) {
  return {
    orgId: entry.orgId ?? actor?.orgId ?? null,
    actorId: actor?.personId ?? null,
    actorEmail: actor?.email ?? 'system',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: auditable(entry.before),
    after: auditable(entry.after),
  };
}

/** Writes one audit record; call it inside the same transaction as the change. */
export async function recordAudit(tx: Tx, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(row(actor, entry));
}

/** Writes many audit records in one statement, for bulk changes such as an import. */
export async function recordAudits(tx: Tx, actor: Actor | null, entries: AuditEntry[]): Promise<void> {
  if (entries.length) await tx.insert(auditLog).values(entries.map((e) => row(actor, e)));
}
