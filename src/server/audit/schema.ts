import { pgTable, uuid, text, timestamp, jsonb, bigserial, index } from 'drizzle-orm/pg-core';
import { organisations } from '../org/schema.js';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    /** No foreign key: the record must outlive the person who acted. */
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email').notNull().default(''),
    action: text('action').notNull(), // e.g. person.update
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_org_at_idx').on(t.orgId, t.at), index('audit_entity_idx').on(t.entityType, t.entityId)],
);
