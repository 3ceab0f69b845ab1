import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Ctx } from './facts.js';
import { fireDue } from './fire.js';
import { pruneInboundRequests } from './inbound.js';
import { incidentTimers } from './schema.js';
import { INSTANCE, TIMER_QUEUE, type TimerJob } from './timers.js';

/**
 * Timer jobs: fetched in batches and polled twice a second per worker (pg-boss's minimum), with two
 * workers per instance; a full batch polls again at once (jobs/engine.ts). A job active on an
 * instance that died is taken for lost after a minute and retried; the overdue sweep below usually
 * fires its timer sooner.
 */
export function registerTimerJobs(ctx: Ctx): void {
  ctx.jobs.registerBatch<TimerJob>(
    TIMER_QUEUE,
    async (jobs) => {
      const results = await fireDue(ctx, jobs.map((j) => j.data));
      // A job that arrived before its timer is due is retried; it never fires early.
      return jobs.filter((j) => results.get(`${j.data.incidentId}/${j.data.key}`) === 'not-due').map((j) => ({ id: j.id, error: `timer ${j.data.key} of incident ${j.data.incidentId} is not due yet` }));
    },
    { retryLimit: 20, retryDelay: 1, expireInSeconds: 60, batchSize: 50, workers: 2, pollingIntervalSeconds: 0.5 },
  );
}

/** Recovery timings, in milliseconds, from the length of an escalation minute (shorter in tests). */
export function sweepTimings(minuteMs: number) {
  return {
    /** How overdue a pending timer must be before the sweep fires it instead of its job. */
    graceMs: Math.min(60_000, Math.max(2_000, minuteMs)),
    everyMs: Math.min(30_000, Math.max(1_000, Math.round(minuteMs / 2))),
  };
}

/**
 * The safety net under pg-boss: every instance periodically fires timers that are overdue by more
 * than the grace period (their job was lost with a crashed instance, or is stuck behind a backlog).
 * Firing claims the timer, so the sweep and a late job never both fire it.
 */
export class OverdueTimerSweep {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastPrune = 0;
  private stopped = false;

  constructor(private ctx: Ctx) {}

  start(): void {
    const { everyMs } = sweepTimings(this.ctx.config.escalationMinuteMs);
    this.timer = setInterval(() => void this.runOnce(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async runOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let fired = 0;
    try {
      const { graceMs } = sweepTimings(this.ctx.config.escalationMinuteMs);
      const overdue = await this.ctx.db
        .select({ incidentId: incidentTimers.incidentId, key: incidentTimers.key })
        .from(incidentTimers)
        .where(and(eq(incidentTimers.state, 'pending'), lt(incidentTimers.dueAt, sql`now() - make_interval(secs => ${graceMs / 1000})`)))
        .orderBy(asc(incidentTimers.dueAt))
        .limit(200);
      for (let i = 0; i < overdue.length && !this.stopped; i += 50) {
        const results = await fireDue(this.ctx, overdue.slice(i, i + 50), `${INSTANCE} (sweep)`);
        fired += [...results.values()].filter((r) => r === 'fired').length;
      }
      if (fired) this.ctx.log.warn({ fired }, 'fired overdue escalation timers whose jobs had not run');
      if (Date.now() - this.lastPrune > 3_600_000) {
        this.lastPrune = Date.now();
        await pruneInboundRequests(this.ctx);
      }
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'overdue timer sweep failed');
    } finally {
      this.running = false;
    }
    return fired;
  }
}
