import { sql } from 'drizzle-orm';
import { badRequest, conflict } from '../../../http/errors.js';
import { recordAudit } from '../../../audit/service.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';
import { announce, summarize } from './announce.js';
import { factsOf, findIncident, type ActingAs, type Ctx, type IncidentRow } from './facts.js';
import { formatTime, openedAnnouncement, resolvedAnnouncement, statusUpdateAnnouncement } from './messages.js';
import { leads, resolveRecipients, stakeholders } from './recipients.js';
import { incidents } from './schema.js';
import { linkKeyOf } from './settings.js';
import { checkSnapshot } from './snapshot-check.js';
import { addTimeline } from './timeline.js';
import { cancelPendingTimers, initialTimers, scheduleTimers, statusTimers } from './timers.js';
import type { Tx } from './tx.js';
import { eq } from 'drizzle-orm';

export interface OpenInput {
  snapshot: ProcedureSnapshot;
  title?: string;
  details?: string;
  source: 'app' | 'ad_hoc' | 'webhook';
  externalRef?: string | null;
  /** Runs first inside the opening transaction (the inbound webhook records its request id there). */
  inTransaction?: (tx: Tx) => Promise<void>;
}

async function dbNow(tx: Tx): Promise<Date> {
  // Millisecond precision, so that due times computed from it are exactly what pg-boss stores.
  const result = (await tx.execute(sql`select date_trunc('milliseconds', now()) as now`)) as unknown as { rows: { now: Date | string }[] };
  return new Date(result.rows[0].now);
}

/**
 * Opens an incident: the snapshot, the "opened" event and notification of the procedure's leads,
 * and every timer with its job, all in one transaction. Nothing is scheduled unless it all commits.
 */
export async function openIncident(ctx: Ctx, by: ActingAs, orgId: string, input: OpenInput): Promise<IncidentRow> {
  const problems = checkSnapshot(input.snapshot);
  if (problems.length) throw badRequest(`The procedure's steps cannot be scheduled: ${problems.map((p) => p.message).join('; ')}`, problems);
  return ctx.db.transaction(async (tx) => {
    await input.inTransaction?.(tx);
    // The acknowledgement links in the first e-mails are signed with the organisation's link key.
    await linkKeyOf(tx, orgId);
    const s = input.snapshot;
    // Millisecond precision, so that due times computed from it are exactly what pg-boss stores.
    const now = sql`date_trunc('milliseconds', now())`;
    const [row] = await tx
      .insert(incidents)
      .values({
        orgId,
        procedureId: s.procedureId || null,
        procedureVersionId: s.versionId || null,
        title: (input.title?.trim() || s.title).slice(0, 200),
        details: input.details?.trim() ?? '',
        snapshot: s,
        source: input.source,
        externalRef: input.externalRef ?? null,
        openedByPersonId: by.personId,
        openedByName: by.name,
        openedAt: now,
        statusAnchorAt: now,
        minuteMs: ctx.config.escalationMinuteMs,
      })
      .returning();
    const facts = factsOf(row);
    const a = openedAnnouncement(facts);
    const recipients = await resolveRecipients(tx, orgId, s, leads(s));
    const timelineId = await addTimeline(tx, {
      incidentId: row.id,
      orgId,
      kind: 'opened',
      title: `Opened by ${by.name}`,
      body: row.details,
      actorPersonId: by.personId,
      actorName: by.name,
      data: { source: input.source, procedure: s.title, version: s.version, externalRef: row.externalRef, notified: summarize(recipients, a) },
    });
    await announce(tx, ctx, facts, timelineId, recipients, a);
    await scheduleTimers(tx, ctx.jobs, row, initialTimers(s, row.openedAt, row.minuteMs));
    await recordAudit(tx, by.actor, { orgId, action: 'incident.open', entityType: 'incident', entityId: row.id, after: { title: row.title, procedureId: row.procedureId, version: s.version, source: row.source, openedBy: by.name } });
    return row;
  });
}

function resolvedConflict(row: IncidentRow, doing: string) {
  return conflict(`This incident was resolved at ${formatTime(row.resolvedAt!)} by ${row.resolvedByName}; there is nothing left to ${doing}.`);
}

/**
 * Acknowledges an open incident. Idempotent: acknowledging again answers with the first
 * acknowledgement and changes nothing. A resolved incident answers 409.
 */
export async function acknowledgeIncident(ctx: Ctx, by: ActingAs, incidentId: string, via: 'app' | 'link'): Promise<{ incident: IncidentRow; alreadyAcknowledged: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const row = (await findIncident(tx, null, incidentId, true))!;
    if (row.state === 'resolved') throw resolvedConflict(row, 'acknowledge');
    if (row.state === 'acknowledged') return { incident: row, alreadyAcknowledged: true };
    const [updated] = await tx
      .update(incidents)
      .set({ state: 'acknowledged', acknowledgedAt: sql`now()`, acknowledgedByPersonId: by.personId, acknowledgedByName: by.name, updatedAt: sql`now()` })
      .where(eq(incidents.id, incidentId))
      .returning();
    await addTimeline(tx, {
      incidentId,
      orgId: row.orgId,
      kind: 'acknowledged',
      title: `Acknowledged by ${by.name}`,
      body: via === 'link' ? 'From the link in their e-mail.' : '',
      actorPersonId: by.personId,
      actorName: by.name,
      data: { via },
    });
    await recordAudit(tx, by.actor, { orgId: row.orgId, action: 'incident.acknowledge', entityType: 'incident', entityId: incidentId, before: { state: row.state }, after: { state: 'acknowledged', by: by.name, via } });
    return { incident: updated, alreadyAcknowledged: false };
  });
}

/**
 * Posts a status update: it goes to every stakeholder, and the cadence starts again from now (the
 * pending "due" and "late" reminders are cancelled and new ones scheduled).
 */
export async function postStatusUpdate(ctx: Ctx, by: ActingAs, incidentId: string, message: string): Promise<{ incident: IncidentRow; timelineId: number }> {
  return ctx.db.transaction(async (tx) => {
    const row = (await findIncident(tx, null, incidentId, true))!;
    if (row.state === 'resolved') throw resolvedConflict(row, 'update');
    const now = await dbNow(tx);
    const generation = row.statusGeneration + 1;
    const [updated] = await tx
      .update(incidents)
      .set({ statusGeneration: generation, statusAnchorAt: now, lastStatusUpdateAt: now, updatedAt: now })
      .where(eq(incidents.id, incidentId))
      .returning();
    await cancelPendingTimers(tx, ctx.jobs, incidentId, ['status_due', 'status_late']);
    await scheduleTimers(tx, ctx.jobs, row, statusTimers(generation, now, row.snapshot.statusUpdateEveryMinutes, row.minuteMs));
    const recipients = await resolveRecipients(tx, row.orgId, row.snapshot, stakeholders(row.snapshot, by.personId));
    // The timeline id is part of the idempotency key, so it is taken before the announcement is built.
    const draft = statusUpdateAnnouncement(factsOf(updated), 0, by.name, message);
    const timelineId = await addTimeline(tx, {
      incidentId,
      orgId: row.orgId,
      kind: 'status_update',
      title: `Status update from ${by.name}`,
      body: message,
      actorPersonId: by.personId,
      actorName: by.name,
      data: { notified: summarize(recipients, draft) },
    });
    await announce(tx, ctx, factsOf(updated), timelineId, recipients, statusUpdateAnnouncement(factsOf(updated), timelineId, by.name, message));
    await recordAudit(tx, by.actor, { orgId: row.orgId, action: 'incident.status_update', entityType: 'incident', entityId: incidentId, after: { message } });
    return { incident: updated, timelineId };
  });
}

/** Resolves the incident and cancels every pending timer and its job in the same transaction. */
export async function resolveIncident(ctx: Ctx, by: ActingAs, incidentId: string, resolution: string): Promise<{ incident: IncidentRow; cancelledTimers: number }> {
  return ctx.db.transaction(async (tx) => {
    const row = (await findIncident(tx, null, incidentId, true))!;
    if (row.state === 'resolved') throw resolvedConflict(row, 'resolve');
    const [updated] = await tx
      .update(incidents)
      .set({ state: 'resolved', resolvedAt: sql`now()`, resolvedByPersonId: by.personId, resolvedByName: by.name, resolution, updatedAt: sql`now()` })
      .where(eq(incidents.id, incidentId))
      .returning();
    const cancelledTimers = await cancelPendingTimers(tx, ctx.jobs, incidentId);
    const a = resolvedAnnouncement(factsOf(updated), by.name, resolution);
    const recipients = await resolveRecipients(tx, row.orgId, row.snapshot, stakeholders(row.snapshot, by.personId));
    const timelineId = await addTimeline(tx, {
      incidentId,
      orgId: row.orgId,
      kind: 'resolved',
      title: `Resolved by ${by.name}`,
      body: resolution,
      actorPersonId: by.personId,
      actorName: by.name,
      data: { cancelledTimers, notified: summarize(recipients, a) },
    });
    await announce(tx, ctx, factsOf(updated), timelineId, recipients, a);
    await recordAudit(tx, by.actor, { orgId: row.orgId, action: 'incident.resolve', entityType: 'incident', entityId: incidentId, before: { state: row.state }, after: { state: 'resolved', resolution, cancelledTimers } });
    return { incident: updated, cancelledTimers };
  });
}
