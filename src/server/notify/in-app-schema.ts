import { pgTable, uuid, text, timestamp, bigserial, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../org/schema.js';
import { people } from '../identity/schema.js';

/** In-app notifications: what a person sees under the bell, live over Server-Sent Events. */
export const inAppNotifications = pgTable(
  'in_app_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Increases with every notification; the live stream resumes after the last one it sent. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** A path in the web app, e.g. /incidents/<id>. */
    link: text('link').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('in_app_notifications_person_seq_idx').on(t.personId, t.seq),
    index('in_app_notifications_unread_idx').on(t.personId).where(sql`${t.readAt} is null`),
  ],
);
