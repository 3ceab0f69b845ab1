import type { AppContext } from '../context.js';
import { sweepReminders } from './paths/reminders.js';
import { sendWeeklyTips } from './tips/weekly.js';
import { forwardForOrg, queuePendingForwards } from './xapi/forward.js';
import { LRS_FORWARD_QUEUE } from './xapi/forward-kick.js';

export const REMINDER_SWEEP_QUEUE = 'learn.reminders.sweep';
export const WEEKLY_TIPS_QUEUE = 'learn.tips.weekly';
export const LRS_SWEEP_QUEUE = 'learn.lrs.sweep';

export interface LearningJobOptions {
  /** First delay in seconds before LRS forwarding is tried again after a failure (default 30, doubling, at most an hour). */
  lrsRetryDelaySeconds?: number;
}

/** Data a scheduled run may carry: `asOf` lets an operator (or a test) run a sweep for a given moment. */
interface SweepData {
  asOf?: string;
}

function asOf(data: SweepData | undefined): Date {
  const at = data?.asOf ? new Date(data.asOf) : new Date();
  return Number.isNaN(at.getTime()) ? new Date() : at;
}

/**
 * The learning module's durable jobs. Their queues poll less often than e-mail (every 1-5 s instead
 * of 0.5 s): they run on schedules, and idle polling costs CPU on every instance. Call before the job engine starts. Every handler is
 * idempotent (unique keys per reminder, per tip and week; claims for LRS forwarding), so a job that
 * runs twice, on two instances or after a crash, does its work once.
 */
export function registerLearningJobs(ctx: AppContext, options: LearningJobOptions = {}): void {
  // Hourly: reminders are per day, so an instance that was down catches up within the hour.
  ctx.jobs.register<SweepData>(REMINDER_SWEEP_QUEUE, async (data) => {
    await sweepReminders(ctx, asOf(data));
  }, { cron: '7 * * * *', pollingIntervalSeconds: 2 });
  // Mondays 08:00 UTC; a later run in the same week sends only to people who have not had this week's tip.
  ctx.jobs.register<SweepData>(WEEKLY_TIPS_QUEUE, async (data) => {
    await sendWeeklyTips(ctx, asOf(data));
  }, { cron: '0 8 * * 1', pollingIntervalSeconds: 2 });
  // An LRS failure is handled inside (stored backoff, then a delayed job); engine retries only cover crashes.
  ctx.jobs.register<{ orgId: string }>(LRS_FORWARD_QUEUE, async (data) => {
    await forwardForOrg(ctx, data.orgId, { retryDelaySeconds: options.lrsRetryDelaySeconds });
  }, { pollingIntervalSeconds: 1 });
  ctx.jobs.register(LRS_SWEEP_QUEUE, async () => {
    await queuePendingForwards(ctx);
  }, { cron: '* * * * *', pollingIntervalSeconds: 5 });
}
