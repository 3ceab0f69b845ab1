import { pgTable, uuid, text, timestamp, integer, index } from 'drizzle-orm/pg-core';
import { organisations } from '../org/schema.js';

/**
 * Every e-mail is written here first, then delivered by a durable job. Without SMTP the message
 * stays here as "captured" so an administrator can read it in the UI.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    kind: text('kind').notNull(), // invitation | password_reset | ...
    status: text('status').notNull().default('queued'), // queued | sending | sent | captured | failed
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** When a worker claimed the message for sending; a stale claim means that worker died mid-send. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
  },
  (t) => [index('outbox_org_created_idx').on(t.orgId, t.createdAt)],
);
