import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../access/policy.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../../audit/service.js';
import { tips } from '../../content/schema.js';
import { tipDeliveries, tipSubscriptions } from '../schema.js';
import { maskEmail, personFromToken } from './unsubscribe-token.js';
import { stageForLevel, STAGE_TITLES } from '../stages.js';
import { chooseTip, weekOf } from './weekly.js';
import { people } from '../../identity/schema.js';

type Tx = Pick<Db, 'select' | 'insert' | 'update'>;

export async function isSubscribed(tx: Pick<Db, 'select'>, personId: string): Promise<boolean> {
  const [row] = await tx.select({ subscribed: tipSubscriptions.subscribed }).from(tipSubscriptions).where(eq(tipSubscriptions.personId, personId));
  return row ? row.subscribed : true;
}

async function setSubscribed(tx: Tx, orgId: string, personId: string, subscribed: boolean): Promise<boolean> {
  const before = await isSubscribed(tx, personId);
  await tx
    .insert(tipSubscriptions)
    .values({ personId, orgId, subscribed })
    .onConflictDoUpdate({ target: tipSubscriptions.personId, set: { subscribed, updatedAt: new Date() } });
  return before;
}

export async function subscriptionView(ctx: AppContext, actor: Actor) {
  const [me] = await ctx.db.select({ careerLevel: people.careerLevel }).from(people).where(eq(people.id, actor.personId));
  const stage = stageForLevel(me?.careerLevel ?? 'individual_contributor');
  return { subscribed: await isSubscribed(ctx.db, actor.personId), stage, stageTitle: STAGE_TITLES[stage] };
}

/** Subscribing again (or unsubscribing) from the profile. */
export async function updateSubscription(ctx: AppContext, actor: Actor, subscribed: boolean) {
  await ctx.db.transaction(async (tx) => {
    const before = await setSubscribed(tx, actor.orgId, actor.personId, subscribed);
    if (before !== subscribed) {
      await recordAudit(tx, actor, { action: subscribed ? 'tips.subscribe' : 'tips.unsubscribe', entityType: 'tip_subscription', entityId: actor.personId, before: { subscribed: before }, after: { subscribed } });
    }
  });
  return subscriptionView(ctx, actor);
}

const invalidLink = () => new AppError(404, 'invalid_unsubscribe_link', 'This unsubscribe link is not valid. Copy the whole link from the e-mail, or sign in and change it in your profile.');

/** What the public unsubscribe page shows before the person confirms. */
export async function lookupUnsubscribe(ctx: AppContext, token: string) {
  const person = await personFromToken(ctx.db, token);
  if (!person) throw invalidLink();
  return { email: maskEmail(person.email), organisationName: person.organisationName, subscribed: await isSubscribed(ctx.db, person.id) };
}

/** Unsubscribes the person a signed link names; no sign-in needed, and doing it twice is harmless. */
export async function unsubscribeWithToken(ctx: AppContext, token: string) {
  const person = await personFromToken(ctx.db, token);
  if (!person) throw invalidLink();
  await ctx.db.transaction(async (tx) => {
    const before = await setSubscribed(tx, person.orgId, person.id, false);
    if (before) {
      await recordAudit(tx, null, { orgId: person.orgId, action: 'tips.unsubscribe', entityType: 'tip_subscription', entityId: person.id, before: { subscribed: true }, after: { subscribed: false, via: 'e-mail link' } });
    }
  });
  return { email: maskEmail(person.email), organisationName: person.organisationName, subscribed: false };
}

/**
 * The tip last sent to the caller (what the dashboard shows this week). Before the first one (a new
 * installation, someone who just joined) it is the tip the next run would send, shown without
 * recording a delivery: `delivered` is false and `sentAt` null.
 */
export async function currentTip(ctx: AppContext, actor: Actor) {
  const [row] = await ctx.db
    .select({ tipKey: tips.tipKey, stage: tips.stage, title: tips.title, bodyMarkdown: tips.bodyMarkdown, weekOf: tipDeliveries.weekOf, sentAt: tipDeliveries.sentAt })
    .from(tipDeliveries)
    .innerJoin(tips, eq(tips.id, tipDeliveries.tipId))
    .where(and(eq(tipDeliveries.personId, actor.personId), eq(tipDeliveries.orgId, actor.orgId)))
    .orderBy(desc(tipDeliveries.weekOf))
    .limit(1);
  const subscribed = await isSubscribed(ctx.db, actor.personId);
  if (row) return { tip: row, delivered: true, subscribed };
  const [me] = await ctx.db.select({ careerLevel: people.careerLevel }).from(people).where(eq(people.id, actor.personId));
  const next = await chooseTip(ctx, actor.orgId, actor.personId, stageForLevel(me.careerLevel));
  if (!next) return { tip: null, delivered: false, subscribed };
  return { tip: { tipKey: next.tipKey, stage: next.stage, title: next.title, bodyMarkdown: next.bodyMarkdown, weekOf: weekOf(new Date()), sentAt: null }, delivered: false, subscribed };
}
