import { pgTable, uuid, text, timestamp, integer, jsonb, index } from 'drizzle-orm/pg-core';
import { organisations } from '../org/schema.js';

/**
 * Every outgoing webhook (chat tools' incoming webhooks) is written here first, inside the
 * transaction of the change that caused it, then delivered by a durable job that claims the row
 * before sending: the same design as the e-mail outbox.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** The JSON body sent, `{ text, ... }` as Slack, Mattermost and Teams incoming webhooks accept. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    kind: text('kind').notNull(), // incident.step | incident.status_update | ...
    status: text('status').notNull().default('queued'), // queued | sending | sent | failed
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** HTTP status of the last attempt, when the receiver answered at all. */
    lastStatusCode: integer('last_status_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** When a worker claimed the delivery; a stale claim means that worker died mid-send. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
  },
  (t) => [index('webhook_deliveries_org_created_idx').on(t.orgId, t.createdAt), index('webhook_deliveries_status_idx').on(t.status, t.createdAt)],
);
