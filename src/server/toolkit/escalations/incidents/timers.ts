import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { JobEngine } from '../../../jobs/engine.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';
import { incidentTimers } from './schema.js';
import { jobDbOf, type Tx } from './tx.js';

export const TIMER_QUEUE = 'incident.timer';

export type TimerKind = 'step' | 'repeat' | 'status_due' | 'status_late';

export interface PlannedTimer {
  key: string;
  kind: TimerKind;
  dueAt: Date;
}

export interface TimerJob {
  incidentId: string;
  key: string;
}

/** Which process fired a timer: written on the timer row for operators and the multi-instance test. */
export const INSTANCE = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * The timer's id, which is also its pg-boss job id: derived from (incident, key), so scheduling the
 * same occurrence twice (a retried firing, two instances) finds the existing row and job.
 */
export function timerId(incidentId: string, key: string): string {
  const h = createHash('sha256').update(`incident-timer/${incidentId}/${key}`).digest('hex');
  // Shaped as an RFC 9562 version 8 (custom) UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const after = (from: Date, minutes: number, minuteMs: number) => new Date(from.getTime() + Math.round(minutes * minuteMs));

/** How long after a status update falls due it counts as late: a third of the cadence, at least a minute. */
export function lateAfterMinutes(cadenceMinutes: number): number {
  return Math.max(1, Math.ceil(cadenceMinutes / 3));
}

export function statusTimers(generation: number, anchor: Date, cadenceMinutes: number, minuteMs: number): PlannedTimer[] {
  return [
    { key: `status_due:${generation}`, kind: 'status_due', dueAt: after(anchor, cadenceMinutes, minuteMs) },
    { key: `status_late:${generation}`, kind: 'status_late', dueAt: after(anchor, cadenceMinutes + lateAfterMinutes(cadenceMinutes), minuteMs) },
  ];
}

/** Every timer an incident starts with: one per step, and the first status-update reminders. */
export function initialTimers(s: ProcedureSnapshot, openedAt: Date, minuteMs: number): PlannedTimer[] {
  return [
    ...s.steps.map((step, i): PlannedTimer => ({ key: `step:${i + 1}`, kind: 'step', dueAt: after(openedAt, step.offsetMinutes, minuteMs) })),
    ...statusTimers(0, openedAt, s.statusUpdateEveryMinutes, minuteMs),
  ];
}

/** The k-th repeat of the last step (k >= 1), or null when the procedure does not repeat. */
export function repeatTimer(s: ProcedureSnapshot, openedAt: Date, k: number, minuteMs: number): PlannedTimer | null {
  if (s.repeatEveryMinutes === null || s.steps.length === 0) return null;
  const last = s.steps[s.steps.length - 1].offsetMinutes;
  return { key: `repeat:${k}`, kind: 'repeat', dueAt: after(openedAt, last + k * s.repeatEveryMinutes, minuteMs) };
}

/**
 * Writes timer rows and their pg-boss jobs (startAfter = due time) in the caller's transaction.
 * A timer that already exists is left alone, and gets no second job.
 */
export async function scheduleTimers(tx: Tx, jobs: JobEngine, incident: { id: string; orgId: string }, timers: PlannedTimer[]): Promise<void> {
  if (!timers.length) return;
  const inserted = await tx
    .insert(incidentTimers)
    .values(timers.map((t) => ({ id: timerId(incident.id, t.key), incidentId: incident.id, orgId: incident.orgId, key: t.key, kind: t.kind, dueAt: t.dueAt })))
    .onConflictDoNothing()
    .returning({ id: incidentTimers.id, key: incidentTimers.key, dueAt: incidentTimers.dueAt });
  await jobs.insertInTransaction(
    jobDbOf(tx),
    inserted.map((t) => ({ id: t.id, name: TIMER_QUEUE, data: { incidentId: incident.id, key: t.key } satisfies TimerJob, startAfter: t.dueAt })),
  );
}

/** scheduleTimers for several incidents at once: one statement for the rows, one for the jobs. */
export async function scheduleTimersFor(tx: Tx, jobs: JobEngine, plans: { incident: { id: string; orgId: string }; timers: PlannedTimer[] }[]): Promise<void> {
  const values = plans.flatMap(({ incident, timers }) => timers.map((t) => ({ id: timerId(incident.id, t.key), incidentId: incident.id, orgId: incident.orgId, key: t.key, kind: t.kind, dueAt: t.dueAt })));
  if (!values.length) return;
  const inserted = await tx.insert(incidentTimers).values(values).onConflictDoNothing().returning({ id: incidentTimers.id, incidentId: incidentTimers.incidentId, key: incidentTimers.key, dueAt: incidentTimers.dueAt });
  await jobs.insertInTransaction(
    jobDbOf(tx),
    inserted.map((t) => ({ id: t.id, name: TIMER_QUEUE, data: { incidentId: t.incidentId, key: t.key } satisfies TimerJob, startAfter: t.dueAt })),
  );
}

/** Claims a due, pending timer for firing; undefined when it already fired, was cancelled, or is not due. */
export async function claimTimer(tx: Tx, incidentId: string, key: string, firedBy: string) {
  const [timer] = await tx
    .update(incidentTimers)
    .set({ state: 'fired', firedAt: sql`now()`, firedBy })
    .where(and(eq(incidentTimers.incidentId, incidentId), eq(incidentTimers.key, key), eq(incidentTimers.state, 'pending'), lte(incidentTimers.dueAt, sql`now()`)))
    .returning();
  return timer;
}

/** Cancels pending timers (all, or of the given kinds) and their jobs; returns how many. */
export async function cancelPendingTimers(tx: Tx, jobs: JobEngine, incidentId: string, kinds?: TimerKind[]): Promise<number> {
  const rows = await tx
    .update(incidentTimers)
    .set({ state: 'cancelled' })
    .where(and(eq(incidentTimers.incidentId, incidentId), eq(incidentTimers.state, 'pending'), kinds ? inArray(incidentTimers.kind, kinds) : undefined))
    .returning({ id: incidentTimers.id });
  await jobs.cancel(TIMER_QUEUE, rows.map((r) => r.id), jobDbOf(tx));
  return rows.length;
}
