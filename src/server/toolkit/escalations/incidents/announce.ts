import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../context.js';
import { EMAIL_QUEUE } from '../../../notify/outbox.js';
import { outbox } from '../../../notify/schema.js';
import { webhookDeliveries } from '../../../notify/webhook-schema.js';
import { WEBHOOK_QUEUE } from '../../../notify/webhook-delivery.js';
import { maskWebhookUrl } from '../../../notify/webhook-routes.js';
import { writeInApp } from '../../../notify/in-app.js';
import { ackUrl } from './ack-links.js';
import { chatText, emailText, incidentLink, type Announcement, type Channel, type IncidentFacts } from './messages.js';
import type { Recipient } from './recipients.js';
import { incidentNotifications } from './schema.js';
import { linkKeyOf } from './settings.js';
import { jobDbOf, type Tx } from './tx.js';

export interface Notified {
  name: string;
  channels: Channel[];
}

type Services = Pick<AppContext, 'config' | 'jobs'>;

export interface AnnouncementItem {
  incident: IncidentFacts & { orgId: string };
  timelineId: number;
  recipients: Recipient[];
  a: Announcement;
}

/**
 * Tells each recipient on every channel they have, inside the caller's transaction (the one that
 * writes the timeline event). Each (incident, event, recipient, channel) gets one ledger row under a
 * unique idempotency key; only rows new to the ledger get a delivery row and a delivery job, so
 * running this twice for the same event sends nothing twice. Many announcements (a batch of timers)
 * are written with one statement per table.
 */
export async function announceAll(tx: Tx, ctx: Services, items: AnnouncementItem[]): Promise<number> {
  type Entry = { item: AnnouncementItem; r: Recipient; channel: Channel; deliveryId: string; key: string; address: string };
  const entries: Entry[] = [];
  for (const item of items) {
    for (const r of item.recipients) {
      for (const channel of channelsOf(r, item.a)) {
        const address = channel === 'email' ? r.email! : channel === 'webhook' ? maskWebhookUrl(r.webhookUrl!) : '';
        entries.push({ item, r, channel, address, deliveryId: randomUUID(), key: `${item.incident.id}/${item.a.eventKey}/${r.key}/${channel}` });
      }
    }
  }
  if (!entries.length) return 0;
  const fresh = await tx
    .insert(incidentNotifications)
    .values(
      entries.map((e) => ({
        orgId: e.item.incident.orgId,
        incidentId: e.item.incident.id,
        timelineId: e.item.timelineId,
        idempotencyKey: e.key,
        channel: e.channel,
        recipientKey: e.r.key,
        recipientName: e.r.name,
        address: e.address,
        deliveryId: e.deliveryId,
      })),
    )
    .onConflictDoNothing()
    .returning({ key: incidentNotifications.idempotencyKey });
  const isFresh = new Set(fresh.map((f) => f.key));
  const todo = entries.filter((e) => isFresh.has(e.key));

  const emails = todo.filter((e) => e.channel === 'email');
  if (emails.length) {
    const rows = [];
    for (const e of emails) {
      const { incident, a } = e.item;
      const key = a.ackLink ? await linkKeyOf(tx, incident.orgId) : null;
      const links = { incident: incidentLink(ctx.config.publicUrl, incident.id), ack: key ? ackUrl(ctx.config.publicUrl, key, incident.id, e.r.key) : null };
      rows.push({ id: e.deliveryId, orgId: incident.orgId, toAddress: e.r.email!.toLowerCase(), subject: a.subject, textBody: emailText(a, incident, e.r, links), kind: a.kind });
    }
    await tx.insert(outbox).values(rows);
  }
  const hooks = todo.filter((e) => e.channel === 'webhook');
  if (hooks.length) {
    await tx.insert(webhookDeliveries).values(
      hooks.map((e) => {
        const { incident, a } = e.item;
        const link = incidentLink(ctx.config.publicUrl, incident.id);
        return {
          id: e.deliveryId,
          orgId: incident.orgId,
          url: e.r.webhookUrl!,
          kind: a.kind,
          payload: { text: chatText(a, link), milewide: { event: a.kind, incidentId: incident.id, incidentTitle: incident.title, url: link, deliveryId: e.deliveryId } },
        };
      }),
    );
  }
  await writeInApp(
    tx,
    todo
      .filter((e) => e.channel === 'in_app')
      .map((e) => ({ id: e.deliveryId, orgId: e.item.incident.orgId, personId: e.r.personId!, kind: e.item.a.kind, title: e.item.a.subject.replace(/^\[Incident\] /, ''), body: e.item.a.lines.join('\n'), link: `/incidents/${e.item.incident.id}` })),
  );
  await ctx.jobs.insertInTransaction(jobDbOf(tx), [
    ...emails.map((e) => ({ name: EMAIL_QUEUE, data: { id: e.deliveryId } })),
    ...hooks.map((e) => ({ name: WEBHOOK_QUEUE, data: { id: e.deliveryId } })),
  ]);
  return todo.length;
}

export function announce(tx: Tx, ctx: Services, incident: IncidentFacts & { orgId: string }, timelineId: number, recipients: Recipient[], a: Announcement): Promise<number> {
  return announceAll(tx, ctx, [{ incident, timelineId, recipients, a }]);
}

function channelsOf(r: Recipient, a: Announcement): Channel[] {
  const out: Channel[] = [];
  if (a.channels.includes('email') && r.email) out.push('email');
  if (a.channels.includes('webhook') && r.webhookUrl) out.push('webhook');
  if (a.channels.includes('in_app') && r.personId) out.push('in_app');
  return out;
}

/** Who an announcement reaches and how, for the timeline entry written before it goes out. */
export function summarize(recipients: Recipient[], a: Announcement): Notified[] {
  return recipients.map((r) => ({ name: r.name, channels: channelsOf(r, a) })).filter((n) => n.channels.length > 0);
}
