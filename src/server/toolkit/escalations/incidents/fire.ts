import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { announce, summarize } from './announce.js';
import { factsOf, findIncident, type Ctx, type IncidentRow } from './facts.js';
import { stepAnnouncement, statusDueAnnouncement, statusLateAnnouncement, type Announcement } from './messages.js';
import { leadPersonIds, resolveRecipients, type Who } from './recipients.js';
import { incidents, incidentTimers } from './schema.js';
import { addTimeline } from './timeline.js';
import { claimTimer, INSTANCE, repeatTimer, scheduleTimers, statusTimers, TIMER_QUEUE, type TimerKind } from './timers.js';
import type { Tx } from './tx.js';

export type FireResult = 'fired' | 'done-already' | 'gone';

/** Thrown when a timer's job arrives before the timer is due: the job is retried, never fired early. */
export class NotDueYet extends Error {}

type Timer = typeof incidentTimers.$inferSelect;

/**
 * Fires one timer exactly once: the incident row is locked, then the timer is claimed (pending ->
 * fired, only if due); the timeline event, every notification with its delivery job, and the next
 * timer commit together with the claim. A second delivery of the same job, or the overdue sweep
 * racing a job, finds the timer already fired and does nothing.
 *
 * Steps keep their order: an earlier step still pending (its job died with an instance and the
 * sweep has not reached it yet) is fired first, in the same transaction. Status reminders likewise.
 */
export async function fireTimer(ctx: Ctx, incidentId: string, key: string, firedBy = INSTANCE): Promise<FireResult> {
  return ctx.db.transaction(async (tx) => {
    const row = await findIncident(tx, null, incidentId, true);
    if (!row) return 'gone';
    const [target] = await tx.select().from(incidentTimers).where(and(eq(incidentTimers.incidentId, incidentId), eq(incidentTimers.key, key)));
    if (!target) return 'gone';
    if (target.state !== 'pending') return 'done-already';
    const family: TimerKind[] = target.kind === 'step' || target.kind === 'repeat' ? ['step', 'repeat'] : ['status_due', 'status_late'];
    const due = await tx
      .select({ key: incidentTimers.key })
      .from(incidentTimers)
      .where(and(eq(incidentTimers.incidentId, incidentId), eq(incidentTimers.state, 'pending'), inArray(incidentTimers.kind, family), lte(incidentTimers.dueAt, target.dueAt)))
      .orderBy(asc(incidentTimers.dueAt), asc(incidentTimers.key));
    let current = row;
    let firedTarget = false;
    for (const { key: k } of due) {
      const timer = await claimTimer(tx, incidentId, k, firedBy);
      if (!timer) continue; // not due yet: only the target can be, and that is handled below
      if (k === key) firedTarget = true;
      if (current.state === 'resolved') {
        // Resolving cancels every pending timer in its own transaction, so this is only a safeguard.
        await tx.update(incidentTimers).set({ state: 'cancelled', firedAt: null, firedBy: null }).where(eq(incidentTimers.id, timer.id));
        continue;
      }
      const kind = timer.kind as TimerKind;
      if (kind === 'step' || kind === 'repeat') await fireStep(tx, ctx, current, timer);
      else if (kind === 'status_due') await fireStatusDue(tx, ctx, current, timer);
      else current = await fireStatusLate(tx, ctx, current, timer);
    }
    if (!firedTarget) throw new NotDueYet(`timer ${key} of incident ${incidentId} is due at ${target.dueAt.toISOString()}, not yet`);
    return 'fired';
  });
}

async function tell(tx: Tx, ctx: Ctx, row: IncidentRow, timer: Timer, who: Who, a: Announcement, event: { kind: 'step' | 'status_due' | 'status_late'; title: string; body: string; data: Record<string, unknown> }) {
  const recipients = await resolveRecipients(tx, row.orgId, row.snapshot, who);
  const timelineId = await addTimeline(tx, {
    incidentId: row.id,
    orgId: row.orgId,
    kind: event.kind,
    title: event.title,
    body: event.body,
    timerKey: timer.key,
    data: { ...event.data, dueAt: timer.dueAt.toISOString(), notified: summarize(recipients, a) },
  });
  await announce(tx, ctx, factsOf(row), timelineId, recipients, a);
}

async function fireStep(tx: Tx, ctx: Ctx, row: IncidentRow, timer: Timer) {
  const s = row.snapshot;
  const repeat = timer.kind === 'repeat' ? Number(timer.key.split(':')[1]) : 0;
  const stepNumber = repeat ? s.steps.length : Number(timer.key.split(':')[1]);
  const step = s.steps[stepNumber - 1];
  const a = stepAnnouncement(factsOf(row), stepNumber, repeat + 1, timer.key);
  const title = repeat ? `Step ${stepNumber} repeated (${repeat}): ${step.title}` : `Step ${stepNumber} of ${s.steps.length}: ${step.title}`;
  await tell(tx, ctx, row, timer, { contactIds: step.notify }, a, { kind: 'step', title, body: step.expected, data: { step: stepNumber, occurrence: repeat + 1 } });
  // After the last step, the next repeat: its key makes scheduling it twice impossible.
  if (stepNumber === s.steps.length) {
    const next = repeatTimer(s, row.openedAt, repeat + 1, row.minuteMs);
    if (next) await scheduleTimers(tx, ctx.jobs, row, [next]);
  }
}

function pointPerson(row: IncidentRow): string[] {
  const lead = leadPersonIds(row.snapshot)[0];
  return lead ? [lead] : [];
}

async function fireStatusDue(tx: Tx, ctx: Ctx, row: IncidentRow, timer: Timer) {
  await tell(tx, ctx, row, timer, { personIds: pointPerson(row) }, statusDueAnnouncement(factsOf(row), timer.key), {
    kind: 'status_due',
    title: 'A status update is due',
    body: 'The point person has been reminded.',
    data: {},
  });
}

async function fireStatusLate(tx: Tx, ctx: Ctx, row: IncidentRow, timer: Timer): Promise<IncidentRow> {
  const generation = Number(timer.key.split(':')[1]);
  const cadence = row.snapshot.statusUpdateEveryMinutes;
  const dueAt = new Date(row.statusAnchorAt.getTime() + cadence * row.minuteMs);
  await tell(tx, ctx, row, timer, { personIds: leadPersonIds(row.snapshot) }, statusLateAnnouncement(factsOf(row), timer.key, dueAt), {
    kind: 'status_late',
    title: 'The status update is late',
    body: 'The Expert and point people have been reminded.',
    data: {},
  });
  // Nobody posted: the next update falls due one cadence after the missed one.
  if (generation === row.statusGeneration) {
    const [updated] = await tx
      .update(incidents)
      .set({ statusGeneration: generation + 1, statusAnchorAt: dueAt, updatedAt: sql`now()` })
      .where(eq(incidents.id, row.id))
      .returning();
    await scheduleTimers(tx, ctx.jobs, updated, statusTimers(generation + 1, dueAt, cadence, row.minuteMs));
    return updated;
  }
  return row;
}

export { TIMER_QUEUE };
