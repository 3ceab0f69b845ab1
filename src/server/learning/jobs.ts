import type { AppContext } from '../context.js';
import { sweepReminders } from './paths/reminders.js';
import { sendWeeklyTips } from './tips/weekly.js';
import { forwardForOrg, queuePendingForwards } from './xapi/forward.js';
import { LRS_FORWARD_QUEUE } from './xapi/forward-kick.js';

/** One scheduled queue for the module's periodic work (every queue costs a table and a polling loop). */
export const LEARNING_TICK_QUEUE = 'learn.tick';

export type LearningTask = 'reminders' | 'tips' | 'lrs';

export interface LearningJobOptions {
  /** First delay in seconds before LRS forwarding is tried again after a failure (default 30, doubling, at most an hour). */
  lrsRetryDelaySeconds?: number;
}

/** A tick from the schedule carries nothing; `task` and `asOf` let an operator (or a test) run one task for a given moment. */
export interface TickData {
  task?: LearningTask;
  asOf?: string;
}

/**
 * What the minute tick does at a given moment (UTC): queue LRS forwarding every minute; at minute 7
 * of every hour write due-date reminders (they are per day, so a missed hour only delays them) and
 * send the weekly tip to whoever has not had this week's yet, from Monday 08:00 on.
 */
export function dueTasks(now: Date): LearningTask[] {
  const tasks: LearningTask[] = ['lrs'];
  if (now.getUTCMinutes() === 7) {
    tasks.push('reminders');
    const beforeMondayMorning = now.getUTCDay() === 1 && now.getUTCHours() < 8;
    if (!beforeMondayMorning) tasks.push('tips');
  }
  return tasks;
}

async function runTask(ctx: AppContext, task: LearningTask, now: Date): Promise<void> {
  if (task === 'reminders') await sweepReminders(ctx, now);
  else if (task === 'tips') await sendWeeklyTips(ctx, now);
  else await queuePendingForwards(ctx);
}

/** Runs the tick's tasks; one failing does not stop the others, and the tick is retried (every task is idempotent). */
export async function runTick(ctx: AppContext, data: TickData = {}): Promise<void> {
  const at = data.asOf ? new Date(data.asOf) : new Date();
  const now = Number.isNaN(at.getTime()) ? new Date() : at;
  const errors: unknown[] = [];
  for (const task of data.task ? [data.task] : dueTasks(now)) {
    try {
      await runTask(ctx, task, now);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
}

/**
 * The learning module's durable jobs; call before the job engine starts. Every task is idempotent
 * (unique keys per reminder and per tip and week, claims for LRS forwarding), so a tick that runs
 * twice, on two instances or after a crash, does its work once.
 */
export function registerLearningJobs(ctx: AppContext, options: LearningJobOptions = {}): void {
  ctx.jobs.register<TickData>(LEARNING_TICK_QUEUE, (data) => runTick(ctx, data), { cron: '* * * * *', pollingIntervalSeconds: 2 });
  // An LRS failure is handled inside (stored backoff, then a delayed job); engine retries only cover crashes.
  ctx.jobs.register<{ orgId: string }>(LRS_FORWARD_QUEUE, async (data) => {
    await forwardForOrg(ctx, data.orgId, { retryDelaySeconds: options.lrsRetryDelaySeconds });
  }, { pollingIntervalSeconds: 1 });
}
