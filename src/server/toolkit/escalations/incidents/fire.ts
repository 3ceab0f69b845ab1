import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { announceAll, summarize, type AnnouncementItem } from './announce.js';
import { factsOf, type Ctx, type IncidentRow } from './facts.js';
import { stepAnnouncement, statusDueAnnouncement, statusLateAnnouncement, type Announcement } from './messages.js';
import { leads, loadPeople, pointPerson, personIdsOf, recipientsOf, type Who } from './recipients.js';
import { incidents, incidentTimers } from './schema.js';
import { addTimelines, type TimelineDraft } from './timeline.js';
import { INSTANCE, lateAfterMinutes, repeatTimer, scheduleTimersFor, statusTimers, type PlannedTimer, type TimerKind } from './timers.js';
import type { Tx } from './tx.js';

export type FireResult = 'fired' | 'done-already' | 'gone';

/** Thrown when a timer's job arrives before the timer is due: the job is retried, never fired early. */
export class NotDueYet extends Error {}

type Timer = typeof incidentTimers.$inferSelect;

export interface TimerRef {
  incidentId: string;
  key: string;
}

/** What one fired timer does: a timeline entry and its announcement, and what comes next. */
interface Effect {
  timeline: TimelineDraft & { timerKey: string };
  who: Who;
  a: Announcement;
  next: PlannedTimer[];
}

/**
 * Fires due timers exactly once, many in one transaction (a batch of timer jobs). The incidents are
 * locked (in id order, so that two batches never deadlock), then every due, pending timer of those
 * incidents is claimed (pending -> fired) in one statement; the timeline entries, every
 * notification with its delivery job, and the timers that come next are written with one
 * statement per table, all committing with the claim. A job delivered twice, or the overdue sweep
 * racing a job, finds its timer fired and does nothing.
 *
 * Because each incident's due timers fire together and in due order, steps keep their order even
 * when an earlier step's job died with an instance: the next job for that incident fires both.
 *
 * Returns the state of each requested timer: fired (now or before), or still not due.
 */
export async function fireDue(ctx: Ctx, refs: TimerRef[], firedBy = INSTANCE): Promise<Map<string, FireResult | 'not-due'>> {
  const incidentIds = [...new Set(refs.map((r) => r.incidentId))].sort();
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.select().from(incidents).where(inArray(incidents.id, incidentIds)).orderBy(asc(incidents.id)).for('update');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const claimed = rows.length
      ? await tx
          .update(incidentTimers)
          .set({ state: 'fired', firedAt: sql`now()`, firedBy })
          .where(and(inArray(incidentTimers.incidentId, rows.map((r) => r.id)), eq(incidentTimers.state, 'pending'), lte(incidentTimers.dueAt, sql`now()`)))
          .returning()
      : [];
    claimed.sort((x, y) => x.incidentId.localeCompare(y.incidentId) || x.dueAt.getTime() - y.dueAt.getTime() || x.key.localeCompare(y.key));

    const effects: { row: IncidentRow; effect: Effect }[] = [];
    const cancelled: string[] = [];
    for (const timer of claimed) {
      let row = byId.get(timer.incidentId)!;
      // Resolving cancels every pending timer in its own transaction, so this is only a safeguard.
      if (row.state === 'resolved') {
        cancelled.push(timer.id);
        continue;
      }
      const kind = timer.kind as TimerKind;
      if (kind === 'status_late') {
        const after = await lateGeneration(tx, row, timer);
        if (after) byId.set(row.id, (row = after.row));
        effects.push({ row, effect: statusLate(row, timer, after?.next ?? []) });
      } else effects.push({ row, effect: kind === 'status_due' ? statusDue(row, timer) : step(row, timer) });
    }
    if (cancelled.length) await tx.update(incidentTimers).set({ state: 'cancelled', firedAt: null, firedBy: null }).where(inArray(incidentTimers.id, cancelled));

    if (effects.length) {
      const peopleById = await loadPeople(tx, effects.flatMap(({ row, effect }) => personIdsOf(row.snapshot, effect.who)));
      const recipients = effects.map(({ row, effect }) => recipientsOf(peopleById, row.orgId, row.snapshot, effect.who));
      const timelineIds = await addTimelines(
        tx,
        effects.map(({ effect }, i) => ({ ...effect.timeline, data: { ...effect.timeline.data, notified: summarize(recipients[i], effect.a) } })),
      );
      const items: AnnouncementItem[] = effects.map(({ row, effect }, i) => ({ incident: factsOf(row), timelineId: timelineIds[i], recipients: recipients[i], a: effect.a }));
      await announceAll(tx, ctx, items);
      await scheduleTimersFor(
        tx,
        ctx.jobs,
        effects.filter(({ effect }) => effect.next.length).map(({ row, effect }) => ({ incident: row, timers: effect.next })),
      );
    }

    // Where each requested timer stands now.
    const result = new Map<string, FireResult | 'not-due'>();
    const firedNow = new Set(claimed.map((t) => `${t.incidentId}/${t.key}`));
    const pending = refs.length
      ? await tx
          .select({ incidentId: incidentTimers.incidentId, key: incidentTimers.key, state: incidentTimers.state })
          .from(incidentTimers)
          .where(and(inArray(incidentTimers.incidentId, incidentIds), inArray(incidentTimers.key, [...new Set(refs.map((r) => r.key))])))
      : [];
    const stateOf = new Map(pending.map((t) => [`${t.incidentId}/${t.key}`, t.state]));
    for (const ref of refs) {
      const k = `${ref.incidentId}/${ref.key}`;
      const state = stateOf.get(k);
      result.set(k, firedNow.has(k) ? 'fired' : state === undefined ? 'gone' : state === 'pending' ? 'not-due' : 'done-already');
    }
    return result;
  });
}

/** Fires one timer (and, in order, any earlier due timer of its incident). */
export async function fireTimer(ctx: Ctx, incidentId: string, key: string, firedBy = INSTANCE): Promise<FireResult> {
  const result = (await fireDue(ctx, [{ incidentId, key }], firedBy)).get(`${incidentId}/${key}`)!;
  if (result === 'not-due') throw new NotDueYet(`timer ${key} of incident ${incidentId} is not due yet`);
  return result;
}

function step(row: IncidentRow, timer: Timer): Effect {
  const s = row.snapshot;
  const repeat = timer.kind === 'repeat' ? Number(timer.key.split(':')[1]) : 0;
  const stepNumber = repeat ? s.steps.length : Number(timer.key.split(':')[1]);
  const st = s.steps[stepNumber - 1];
  const title = repeat ? `Step ${stepNumber} repeated (${repeat}): ${st.title}` : `Step ${stepNumber} of ${s.steps.length}: ${st.title}`;
  // After the last step, the next repeat: its key makes scheduling it twice impossible.
  const next = stepNumber === s.steps.length ? repeatTimer(s, row.openedAt, repeat + 1, row.minuteMs) : null;
  return {
    timeline: timelineOf(row, timer, 'step', title, st.expected, { step: stepNumber, occurrence: repeat + 1 }),
    who: { contactIds: st.notify },
    a: stepAnnouncement(factsOf(row), stepNumber, repeat + 1, timer.key),
    next: next ? [next] : [],
  };
}

function statusDue(row: IncidentRow, timer: Timer): Effect {
  return {
    timeline: timelineOf(row, timer, 'status_due', 'A status update is due', 'The point person has been reminded.', {}),
    who: pointPerson(row.snapshot),
    a: statusDueAnnouncement(factsOf(row), timer.key),
    next: [],
  };
}

function statusLate(row: IncidentRow, timer: Timer, next: PlannedTimer[]): Effect {
  const missedDue = new Date(dueOfGeneration(row, timer));
  return {
    timeline: timelineOf(row, timer, 'status_late', 'The status update is late', 'The Expert and point people have been reminded.', {}),
    who: leads(row.snapshot),
    a: statusLateAnnouncement(factsOf(row), timer.key, missedDue),
    next,
  };
}

/** When the update that a late reminder is about fell due. */
function dueOfGeneration(row: IncidentRow, timer: Timer): number {
  return timer.dueAt.getTime() - Math.round(lateAfterMinutes(row.snapshot.statusUpdateEveryMinutes) * row.minuteMs);
}

/**
 * Nobody posted: the next update falls due one cadence after the missed one. Returns the incident
 * as updated and the next generation's reminders, or nothing when an update was posted meanwhile.
 */
async function lateGeneration(tx: Tx, row: IncidentRow, timer: Timer): Promise<{ row: IncidentRow; next: PlannedTimer[] } | null> {
  const generation = Number(timer.key.split(':')[1]);
  if (generation !== row.statusGeneration) return null;
  const missedDue = new Date(dueOfGeneration(row, timer));
  const [updated] = await tx
    .update(incidents)
    .set({ statusGeneration: generation + 1, statusAnchorAt: missedDue, updatedAt: sql`now()` })
    .where(eq(incidents.id, row.id))
    .returning();
  return { row: updated, next: statusTimers(generation + 1, missedDue, row.snapshot.statusUpdateEveryMinutes, row.minuteMs) };
}

function timelineOf(row: IncidentRow, timer: Timer, kind: 'step' | 'status_due' | 'status_late', title: string, body: string, data: Record<string, unknown>): TimelineDraft & { timerKey: string } {
  return { incidentId: row.id, orgId: row.orgId, kind, title, body, timerKey: timer.key, data: { ...data, dueAt: timer.dueAt.toISOString() } };
}
