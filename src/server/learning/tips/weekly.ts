import { and, asc, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { writeEmail } from '../../notify/outbox.js';
import { people } from '../../identity/schema.js';
import { tips } from '../../content/schema.js';
import { tipDeliveries, tipSubscriptions } from '../schema.js';
import { stageForLevel, STAGE_TITLES } from '../stages.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/** The Monday (UTC) of the week a moment falls in: the key that makes a week's tip happen once. */
export function weekOf(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * The next tip for a person: among the current tips of their stage, one they have been sent the
 * fewest times (then in pack order). So no tip repeats until every tip of the stage has been sent.
 */
export async function chooseTip(ctx: Pick<AppContext, 'db'>, orgId: string, personId: string, stage: string) {
  const times = sql<number>`count(${tipDeliveries.id})::int`;
  const [tip] = await ctx.db
    .select({ id: tips.id, tipKey: tips.tipKey, stage: tips.stage, title: tips.title, bodyMarkdown: tips.bodyMarkdown, times })
    .from(tips)
    .leftJoin(tipDeliveries, and(eq(tipDeliveries.tipId, tips.id), eq(tipDeliveries.personId, personId)))
    .where(and(eq(tips.orgId, orgId), eq(tips.stage, stage), isNull(tips.retiredAt)))
    .groupBy(tips.id)
    .orderBy(asc(times), asc(tips.sourcePath), asc(tips.position), asc(tips.tipKey))
    .limit(1);
  return tip;
}

/**
 * Sends this week's tip to every subscribed, active person who can sign in. Safe to run any number
 * of times in a week: the (person, week) key lets each person get one tip per week.
 */
export async function sendWeeklyTips(ctx: AppContext, now = new Date()): Promise<number> {
  const week = weekOf(now);
  const recipients = await ctx.db
    .select({ id: people.id, orgId: people.orgId, name: people.name, email: people.email, careerLevel: people.careerLevel })
    .from(people)
    .leftJoin(tipSubscriptions, eq(tipSubscriptions.personId, people.id))
    .leftJoin(tipDeliveries, and(eq(tipDeliveries.personId, people.id), eq(tipDeliveries.weekOf, week)))
    .where(and(eq(people.status, 'active'), isNotNull(people.passwordHash), or(isNull(tipSubscriptions.personId), eq(tipSubscriptions.subscribed, true)), isNull(tipDeliveries.id)))
    .orderBy(people.orgId, people.id);
  let sent = 0;
  for (const person of recipients) {
    const stage = stageForLevel(person.careerLevel);
    const tip = await chooseTip(ctx, person.orgId, person.id, stage);
    if (!tip) continue;
    const emailId = await ctx.db.transaction(async (tx) => {
      const [delivery] = await tx
        .insert(tipDeliveries)
        .values({ orgId: person.orgId, personId: person.id, tipId: tip.id, stage, weekOf: week })
        .onConflictDoNothing()
        .returning({ id: tipDeliveries.id });
      if (!delivery) return null;
      const token = await unsubscribeToken(tx, person.orgId, person.id);
      const id = await writeEmail(tx, {
        orgId: person.orgId,
        to: person.email,
        kind: 'weekly_tip',
        subject: `Tip of the week: ${tip.title}`,
        text: [
          `Hello ${person.name},`,
          '',
          `This week's tip for ${STAGE_TITLES[stage]}:`,
          '',
          tip.title,
          '',
          tip.bodyMarkdown.trim(),
          '',
          `More in your library: ${ctx.config.publicUrl}/learn`,
          '',
          '--',
          'You get one short tip a week from Milewide. To stop them, open this link (no sign-in needed):',
          `${ctx.config.publicUrl}/tips/unsubscribe?token=${token}`,
          'You can subscribe again from your profile.',
        ].join('\n'),
      });
      await tx.update(tipDeliveries).set({ outboxId: id }).where(eq(tipDeliveries.id, delivery.id));
      return id;
    });
    if (emailId) {
      sent++;
      await ctx.email.deliver([emailId]);
    }
  }
  return sent;
}
