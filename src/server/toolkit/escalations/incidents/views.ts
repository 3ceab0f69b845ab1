import { and, asc, count, desc, eq, ilike, inArray } from 'drizzle-orm';
import { people } from '../../../identity/schema.js';
import { z } from 'zod';
import { incidentRules, isAdmin, isPeopleManager, type Actor } from '../../../access/policy.js';
import { outbox } from '../../../notify/schema.js';
import { webhookDeliveries } from '../../../notify/webhook-schema.js';
import { inAppNotifications } from '../../../notify/in-app-schema.js';
import type { Db } from '../../../db/client.js';
import { onProcedureSql, type IncidentRow } from './facts.js';
import { incidentNotifications, incidents, incidentTimers } from './schema.js';

export const STATES = ['open', 'acknowledged', 'resolved'] as const;

const contactSchema = z.object({
  id: z.string(),
  kind: z.enum(['person', 'vendor']),
  name: z.string(),
  personId: z.string().nullable(),
  role: z.string(),
  email: z.string().nullable(),
  webhookUrl: z.string().nullable(),
});
const stepSchema = z.object({ id: z.string(), offsetMinutes: z.number(), title: z.string(), notify: z.array(z.string()), expected: z.string() });
export const snapshotSchema = z.object({
  procedureId: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  title: z.string(),
  situation: z.string(),
  summary: z.string(),
  expertPersonId: z.string().nullable(),
  itPointPersonId: z.string().nullable(),
  sitePointPersonId: z.string().nullable(),
  sitePointContactId: z.string().nullable().optional(),
  sites: z.array(z.string()),
  services: z.array(z.string()),
  contacts: z.array(contactSchema),
  steps: z.array(stepSchema),
  repeatEveryMinutes: z.number().nullable(),
  statusUpdateEveryMinutes: z.number(),
});

export const incidentSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  state: z.enum(STATES),
  source: z.string(),
  procedureId: z.string().nullable(),
  procedureTitle: z.string(),
  situation: z.string(),
  openedAt: z.date(),
  openedByName: z.string(),
  acknowledgedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
});

const namedSchema = z.object({ id: z.string(), name: z.string() });

const timerSchema = z.object({ key: z.string(), kind: z.string(), dueAt: z.date(), state: z.enum(['pending', 'fired', 'cancelled']), firedAt: z.date().nullable() });

export const incidentDetailSchema = incidentSummarySchema.extend({
  details: z.string(),
  externalRef: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolution: z.string(),
  lastStatusUpdateAt: z.date().nullable(),
  nextStatusUpdateDueAt: z.date().nullable(),
  /** Milliseconds in one escalation minute for this incident (60000 except in tests and benchmarks). */
  minuteMs: z.number().int(),
  snapshot: snapshotSchema,
  /** The Expert and point people by name (current names; a person who left keeps the id only). */
  people: z.object({
    expert: namedSchema.nullable(),
    itPointPerson: namedSchema.nullable(),
    sitePointPerson: namedSchema.nullable(),
    /** The site point person when they are one of the contacts. */
    sitePointContact: namedSchema.nullable(),
  }),
  /**
   * Where the status-update cadence stands: `late` once a late reminder went out since the last
   * update, `due` once a due reminder did, `upcoming` otherwise, `none` after resolution. `dueAt`
   * and `lateAt` are the missed (or next) times.
   */
  statusUpdate: z.object({ state: z.enum(['upcoming', 'due', 'late', 'none']), dueAt: z.date().nullable(), lateAt: z.date().nullable() }),
  timers: z.array(timerSchema),
  can: z.object({ acknowledge: z.boolean(), postUpdate: z.boolean(), resolve: z.boolean(), review: z.boolean() }),
});

export function summaryOf(r: IncidentRow) {
  return {
    id: r.id,
    title: r.title,
    state: r.state as (typeof STATES)[number],
    source: r.source,
    procedureId: r.procedureId,
    procedureTitle: r.snapshot.title,
    situation: r.snapshot.situation,
    openedAt: r.openedAt,
    openedByName: r.openedByName,
    acknowledgedAt: r.acknowledgedAt,
    resolvedAt: r.resolvedAt,
  };
}

export async function incidentDetail(db: Db, actor: Actor, r: IncidentRow) {
  const timers = await db
    .select({ key: incidentTimers.key, kind: incidentTimers.kind, dueAt: incidentTimers.dueAt, state: incidentTimers.state, firedAt: incidentTimers.firedAt })
    .from(incidentTimers)
    .where(eq(incidentTimers.incidentId, r.id))
    .orderBy(asc(incidentTimers.dueAt), asc(incidentTimers.key));
  const open = r.state !== 'resolved';
  const s = r.snapshot;
  const ids = [s.expertPersonId, s.itPointPersonId, s.sitePointPersonId].filter((id): id is string => !!id);
  const names = new Map((ids.length ? await db.select({ id: people.id, name: people.name }).from(people).where(and(eq(people.orgId, r.orgId), inArray(people.id, ids))) : []).map((p) => [p.id, p.name]));
  const named = (id: string | null) => (id && names.has(id) ? { id, name: names.get(id)! } : null);
  const siteContact = s.sitePointContactId ? s.contacts.find((c) => c.id === s.sitePointContactId) : undefined;
  return {
    ...summaryOf(r),
    details: r.details,
    externalRef: r.externalRef,
    acknowledgedByName: r.acknowledgedByName,
    resolvedByName: r.resolvedByName,
    resolution: r.resolution,
    lastStatusUpdateAt: r.lastStatusUpdateAt,
    nextStatusUpdateDueAt: timers.find((t) => t.kind === 'status_due' && t.state === 'pending')?.dueAt ?? null,
    minuteMs: r.minuteMs,
    snapshot: r.snapshot,
    people: {
      expert: named(s.expertPersonId),
      itPointPerson: named(s.itPointPersonId),
      sitePointPerson: named(s.sitePointPersonId),
      sitePointContact: siteContact ? { id: siteContact.id, name: siteContact.name } : null,
    },
    statusUpdate: statusUpdateOf(r, timers),
    timers: timers.map((t) => ({ ...t, state: t.state as 'pending' | 'fired' | 'cancelled' })),
    can: {
      acknowledge: open && r.state === 'open' && incidentRules.acknowledge(actor, r.snapshot),
      postUpdate: open && incidentRules.postUpdate(actor, r.snapshot),
      resolve: open && incidentRules.resolve(actor, r.snapshot),
      review: !open && incidentRules.review(actor, r.snapshot),
    },
  };
}

type TimerRow = { key: string; kind: string; dueAt: Date; state: string; firedAt: Date | null };

/** The cadence as people read it; see incidentDetailSchema.statusUpdate. */
export function statusUpdateOf(r: IncidentRow, timers: TimerRow[]) {
  if (r.state === 'resolved') return { state: 'none' as const, dueAt: null, lateAt: null };
  const since = (r.lastStatusUpdateAt ?? r.openedAt).getTime();
  const missed = (kind: string) => timers.filter((t) => t.kind === kind && t.state === 'fired' && t.dueAt.getTime() > since).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const next = (kind: string) => timers.find((t) => t.kind === kind && t.state === 'pending');
  const late = missed('status_late');
  const due = missed('status_due');
  return {
    state: late.length ? ('late' as const) : due.length ? ('due' as const) : ('upcoming' as const),
    dueAt: due[0]?.dueAt ?? next('status_due')?.dueAt ?? null,
    lateAt: late[0]?.dueAt ?? next('status_late')?.dueAt ?? null,
  };
}

export async function listIncidents(db: Db, actor: Actor, q: { state?: (typeof STATES)[number]; active?: boolean; q?: string; procedureId?: string; limit: number; offset: number }) {
  const seesAll = isAdmin(actor) || isPeopleManager(actor);
  const where = and(
    eq(incidents.orgId, actor.orgId),
    q.state ? eq(incidents.state, q.state) : undefined,
    q.active ? inArray(incidents.state, ['open', 'acknowledged']) : undefined,
    q.q ? ilike(incidents.title, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    q.procedureId ? eq(incidents.procedureId, q.procedureId) : undefined,
    seesAll ? undefined : onProcedureSql(actor.personId),
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(incidents).where(where).orderBy(desc(incidents.openedAt)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(incidents).where(where),
  ]);
  return { items: rows.map(summaryOf), total: Number(total.n), limit: q.limit, offset: q.offset };
}

export const notificationItemSchema = z.object({
  id: z.uuid(),
  timelineId: z.number().int(),
  channel: z.enum(['email', 'webhook', 'in_app']),
  recipientName: z.string(),
  address: z.string(),
  /** queued | sending | sent | captured | failed for e-mail and webhooks; unread | read in the app. */
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
});

/** Who was told what and how each delivery stands: the incident's side of the outboxes. */
export async function incidentNotificationList(db: Db, incidentId: string) {
  const rows = await db
    .select({
      id: incidentNotifications.id,
      timelineId: incidentNotifications.timelineId,
      channel: incidentNotifications.channel,
      recipientName: incidentNotifications.recipientName,
      address: incidentNotifications.address,
      createdAt: incidentNotifications.createdAt,
      emailStatus: outbox.status,
      emailAttempts: outbox.attempts,
      emailError: outbox.lastError,
      hookStatus: webhookDeliveries.status,
      hookAttempts: webhookDeliveries.attempts,
      hookError: webhookDeliveries.lastError,
      readAt: inAppNotifications.readAt,
    })
    .from(incidentNotifications)
    .leftJoin(outbox, and(eq(incidentNotifications.channel, 'email'), eq(outbox.id, incidentNotifications.deliveryId)))
    .leftJoin(webhookDeliveries, and(eq(incidentNotifications.channel, 'webhook'), eq(webhookDeliveries.id, incidentNotifications.deliveryId)))
    .leftJoin(inAppNotifications, and(eq(incidentNotifications.channel, 'in_app'), eq(inAppNotifications.id, incidentNotifications.deliveryId)))
    .where(eq(incidentNotifications.incidentId, incidentId))
    .orderBy(asc(incidentNotifications.timelineId), asc(incidentNotifications.recipientName), asc(incidentNotifications.channel));
  return rows.map((r) => ({
    id: r.id,
    timelineId: r.timelineId,
    channel: r.channel as 'email' | 'webhook' | 'in_app',
    recipientName: r.recipientName,
    address: r.address,
    createdAt: r.createdAt,
    status: r.channel === 'email' ? (r.emailStatus ?? 'unknown') : r.channel === 'webhook' ? (r.hookStatus ?? 'unknown') : r.readAt ? 'read' : 'unread',
    attempts: r.channel === 'email' ? (r.emailAttempts ?? 0) : r.channel === 'webhook' ? (r.hookAttempts ?? 0) : 0,
    lastError: r.channel === 'email' ? r.emailError : r.channel === 'webhook' ? r.hookError : null,
  }));
}

