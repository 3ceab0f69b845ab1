import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import { learningSettings } from './schema.js';

type Tx = Pick<Db, 'select' | 'insert'>;

/** The organisation's learning settings, created with defaults (and a fresh signing key) on first use. */
export async function loadLearningSettings(tx: Tx, orgId: string) {
  await tx.insert(learningSettings).values({ orgId, tipsSigningKey: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await tx.select().from(learningSettings).where(eq(learningSettings.orgId, orgId));
  return row;
}

export function settingsView(row: typeof learningSettings.$inferSelect) {
  return { reminderDaysBefore: row.reminderDaysBefore, updatedAt: row.updatedAt };
}

export async function getSettings(ctx: AppContext, actor: Actor) {
  return settingsView(await loadLearningSettings(ctx.db, actor.orgId));
}

export async function updateSettings(ctx: AppContext, actor: Actor, patch: { reminderDaysBefore?: number }) {
  return ctx.db.transaction(async (tx) => {
    const before = await loadLearningSettings(tx, actor.orgId);
    if (patch.reminderDaysBefore === undefined || patch.reminderDaysBefore === before.reminderDaysBefore) return settingsView(before);
    const [after] = await tx.update(learningSettings).set({ reminderDaysBefore: patch.reminderDaysBefore, updatedAt: new Date() }).where(eq(learningSettings.orgId, actor.orgId)).returning();
    await recordAudit(tx, actor, { action: 'learning.settings.update', entityType: 'learning_settings', entityId: actor.orgId, before: { reminderDaysBefore: before.reminderDaysBefore }, after: { reminderDaysBefore: after.reminderDaysBefore } });
    return settingsView(after);
  });
}
