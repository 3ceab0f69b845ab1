import { sql } from 'drizzle-orm';
import { bigserial, bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../../org/schema.js';
import { people } from '../../../identity/schema.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';

/**
 * Live incidents (docs/users/live-incidents.md). An incident keeps the procedure version it was
 * opened from as a snapshot, so editing the binder never changes an incident under way.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** The binder procedure; null for an ad-hoc incident opened with its own steps. */
    procedureId: uuid('procedure_id'),
    procedureVersionId: uuid('procedure_version_id'),
    title: text('title').notNull(),
    details: text('details').notNull().default(''),
    snapshot: jsonb('snapshot').$type<ProcedureSnapshot>().notNull(),
    state: text('state').notNull().default('open'), // open | acknowledged | resolved
    source: text('source').notNull(), // app | ad_hoc | webhook
    /** The monitoring tool's own id for the alert, when opened by the inbound webhook. */
    externalRef: text('external_ref'),
    openedByPersonId: uuid('opened_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    openedByName: text('opened_by_name').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    /** Length of an escalation minute when it opened (MILEWIDE_ESCALATION_MINUTE_MS); 60000 in real use. */
    minuteMs: integer('minute_ms').notNull().default(60_000),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedByPersonId: uuid('acknowledged_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    acknowledgedByName: text('acknowledged_by_name'),
    /** Status updates are due `statusUpdateEveryMinutes` after this (the opening, then each update). */
    statusAnchorAt: timestamp('status_anchor_at', { withTimezone: true }).notNull().defaultNow(),
    statusGeneration: integer('status_generation').notNull().default(0),
    lastStatusUpdateAt: timestamp('last_status_update_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedByPersonId: uuid('resolved_by_person_id').references(() => people.id, { onDelete: 'set null' }),
    resolvedByName: text('resolved_by_name'),
    resolution: text('resolution').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incidents_org_opened_idx').on(t.orgId, t.openedAt), index('incidents_org_state_idx').on(t.orgId, t.state)],
);

/** Everything that happened, in order; the live stream sends these. Never updated. */
export const incidentTimeline = pgTable(
  'incident_timeline',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id').notNull().references(() => incidents.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').notNull(), // opened | step | acknowledged | status_update | status_due | status_late | resolved | review
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    actorPersonId: uuid('actor_person_id'),
    actorName: text('actor_name'),
    timerKey: text('timer_key'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('incident_timeline_incident_idx').on(t.incidentId, t.id)],
);

/**
 * One row per scheduled escalation timer, with the pg-boss job that carries it (same id). Firing
 * claims the row (pending -> fired) in the same transaction as its timeline event and
 * notifications, so a job delivered twice, or a job and the overdue sweep together, fire it once.
 */
export const incidentTimers = pgTable(
  'incident_timers',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id').notNull().references(() => incidents.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** step:<n> | repeat:<k> | status_due:<g> | status_late:<g> */
    key: text('key').notNull(),
    kind: text('kind').notNull(), // step | repeat | status_due | status_late
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    state: text('state').notNull().default('pending'), // pending | fired | cancelled
    firedAt: timestamp('fired_at', { withTimezone: true }),
    /** Which instance fired it (host:pid), for the multi-instance test and for operators. */
    firedBy: text('fired_by'),
  },
  (t) => [
    uniqueIndex('incident_timers_incident_key_unique').on(t.incidentId, t.key),
    index('incident_timers_pending_due_idx').on(t.dueAt).where(sql`${t.state} = 'pending'`),
  ],
);

/**
 * The exactly-once ledger: one row per (incident, event, recipient, channel), with a unique
 * idempotency key, written in the same transaction as the timeline event, pointing at the
 * delivery row of its channel (e-mail outbox, webhook delivery, in-app notification).
 */
export const incidentNotifications = pgTable(
  'incident_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    incidentId: uuid('incident_id').notNull().references(() => incidents.id, { onDelete: 'cascade' }),
    timelineId: bigint('timeline_id', { mode: 'number' }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    channel: text('channel').notNull(), // email | webhook | in_app
    recipientKey: text('recipient_key').notNull(),
    recipientName: text('recipient_name').notNull(),
    /** E-mail address or (masked) webhook URL; empty for in-app. */
    address: text('address').notNull().default(''),
    deliveryId: uuid('delivery_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('incident_notifications_key_unique').on(t.idempotencyKey), index('incident_notifications_incident_idx').on(t.incidentId, t.timelineId)],
);

export interface ReviewAction {
  title: string;
  ownerPersonId: string | null;
  ownerName: string;
  /** YYYY-MM-DD */
  dueDate: string | null;
}

/** The post-incident review, one per incident. */
export const incidentReviews = pgTable('incident_reviews', {
  incidentId: uuid('incident_id')
    .primaryKey()
    .references(() => incidents.id, { onDelete: 'cascade' }),
  orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  cause: text('cause').notNull().default(''),
  wentWell: text('went_well').notNull().default(''),
  toImprove: text('to_improve').notNull().default(''),
  actions: jsonb('actions').$type<ReviewAction[]>().notNull().default(sql`'[]'::jsonb`),
  /** Null: the time from opening to resolution. */
  hoursDownOverride: doublePrecision('hours_down_override'),
  peopleAffected: integer('people_affected').notNull().default(0),
  costPerHour: doublePrecision('cost_per_hour').notNull().default(0),
  currency: text('currency').notNull().default('USD'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedByPersonId: uuid('updated_by_person_id').references(() => people.id, { onDelete: 'set null' }),
});

/** Per organisation: the inbound webhook secret (null = inbound webhook off) and the key that signs acknowledgement links. */
export const incidentSettings = pgTable('incident_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  inboundSecret: text('inbound_secret'),
  inboundSecretSetAt: timestamp('inbound_secret_set_at', { withTimezone: true }),
  linkKey: text('link_key').notNull(),
});

/** Request ids already used on the inbound webhook: a replayed request is refused. */
export const incidentInboundRequests = pgTable(
  'incident_inbound_requests',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    requestId: text('request_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    incidentId: uuid('incident_id'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.requestId] }), index('incident_inbound_requests_received_idx').on(t.receivedAt)],
);
