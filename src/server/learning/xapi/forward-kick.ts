import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { lrsSettings } from '../schema.js';

export const LRS_FORWARD_QUEUE = 'learn.lrs.forward';

/**
 * After a learning event commits: if the organisation forwards to an LRS, queue a forwarding run a
 * few seconds out (debounced per organisation). A failure here only delays forwarding until the
 * minute sweep; the event itself is already stored.
 */
export async function afterLearningEvent(ctx: AppContext, orgId: string): Promise<void> {
  try {
    const [settings] = await ctx.db.select({ enabled: lrsSettings.enabled, nextAttemptAt: lrsSettings.nextAttemptAt }).from(lrsSettings).where(eq(lrsSettings.orgId, orgId));
    // During an outage the scheduled retry (with its backoff) carries on; new events wait for it.
    if (!settings?.enabled || (settings.nextAttemptAt && settings.nextAttemptAt > new Date())) return;
    await ctx.jobs.send(LRS_FORWARD_QUEUE, { orgId }, { singletonKey: orgId, singletonSeconds: 5, singletonNextSlot: true });
  } catch (err) {
    ctx.log.warn({ err, orgId }, 'could not queue LRS forwarding; the next sweep picks it up');
  }
}
