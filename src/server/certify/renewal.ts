import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { AppContext } from '../context.js';
import type { Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import { conflict, notFound } from '../http/errors.js';
import { issueCredential, type CredentialRow } from './issue.js';
import { ceHoursSince } from './learn-adapter.js';
import { enrolments, programs } from './program-schema.js';
import { credentials } from './schema.js';

/**
 * Renewal: before expiry, a holder with the program's continuing-education hours since the
 * credential's validFrom gets a new credential with a new validity. The old one is marked
 * superseded but stays valid until its own validUntil (it is not revoked).
 */
export async function renewCredential(ctx: AppContext, actor: Actor, credentialId: string, now = new Date()): Promise<CredentialRow> {
  const [old] = await ctx.db.select().from(credentials).where(and(eq(credentials.id, credentialId), eq(credentials.orgId, actor.orgId)));
  if (!old || old.personId !== actor.personId) throw notFound('Credential');
  if (!old.programId) throw conflict('Only program credentials can be renewed');
  if (old.revokedAt) throw conflict('A revoked credential cannot be renewed');
  if (old.supersededBy) throw conflict('This credential was already renewed');
  if (old.validUntil <= now) throw conflict('This credential has expired; earn the certification again to get a new one');
  const [program] = await ctx.db.select().from(programs).where(eq(programs.id, old.programId));
  const hours = await ceHoursSince(ctx.db, actor.orgId, actor.personId, old.validFrom, now);
  if (hours === null) throw conflict('Continuing-education hours are not available on this installation yet, so renewal is not possible');
  if (hours < program.renewalCeHours) throw conflict(`Renewal needs ${program.renewalCeHours} continuing-education hours since ${old.validFrom.toISOString().slice(0, 10)}; you have ${hours}`);
  const fresh = await issueCredential(ctx, actor, {
    orgId: actor.orgId,
    personId: actor.personId,
    programId: program.id,
    achievement: { key: program.programKey, name: program.name, description: program.description, criteriaNarrative: program.criteriaNarrative },
    validityDays: program.validityDays,
    validFrom: now,
  });
  await ctx.db.transaction(async (tx) => {
    await tx.update(credentials).set({ supersededBy: fresh.id }).where(eq(credentials.id, old.id));
    await tx.update(enrolments).set({ credentialId: fresh.id }).where(and(eq(enrolments.programId, program.id), eq(enrolments.personId, actor.personId)));
    await recordAudit(tx, actor, { action: 'certify.credential.renew', entityType: 'credential', entityId: old.id, after: { supersededBy: fresh.id, ceHours: hours } });
  });
  return fresh;
}

export const renewalSchema = z.object({ ceHoursEarned: z.number().nullable(), ceHoursNeeded: z.number(), eligible: z.boolean(), reason: z.string() });

/** Whether a credential can be renewed now, and the continuing-education hours behind the answer (null: not a program credential). */
export async function renewalStatus(db: Db, row: CredentialRow, now = new Date()): Promise<z.infer<typeof renewalSchema> | null> {
  if (!row.programId) return null;
  const [program] = await db.select({ renewalCeHours: programs.renewalCeHours }).from(programs).where(eq(programs.id, row.programId));
  if (!program) return null;
  const needed = program.renewalCeHours;
  const earned = await ceHoursSince(db, row.orgId, row.personId, row.validFrom, now);
  const base = { ceHoursEarned: earned, ceHoursNeeded: needed };
  if (row.revokedAt) return { ...base, eligible: false, reason: 'Revoked credentials cannot be renewed.' };
  if (row.supersededBy) return { ...base, eligible: false, reason: 'Already renewed: see the newer credential.' };
  if (row.validUntil <= now) return { ...base, eligible: false, reason: 'Expired: earn the certification again to get a new one.' };
  if (earned === null) return { ...base, eligible: false, reason: 'Continuing-education hours are not available on this installation.' };
  if (earned < needed) return { ...base, eligible: false, reason: `${Math.max(0, Math.round((needed - earned) * 100) / 100)} more hours of continuing education (completed lessons) needed to renew.` };
  return { ...base, eligible: true, reason: 'You have the hours: renew to get a new credential with a new validity.' };
}
