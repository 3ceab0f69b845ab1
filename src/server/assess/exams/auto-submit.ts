import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { finaliseAttempt } from './finalise.js';
import { examAttempts } from './schema.js';

export const AUTO_SUBMIT_QUEUE = 'exam.auto-submit';

interface AutoSubmitJob {
  attemptId: string;
  orgId: string;
}

/**
 * Queues the durable job that submits an attempt at its deadline, and notes on the attempt that
 * it is queued. If queueing fails (job engine not started yet, database blip), the attempt keeps
 * no job id and `sweepAttempts` queues it later; nothing is lost meanwhile, because every read
 * and write of an attempt judges the deadline itself.
 */
export async function scheduleAutoSubmit(ctx: AppContext, attempt: { attemptId: string; orgId: string; deadlineAt: Date }): Promise<void> {
  try {
    const jobId = await ctx.jobs.send<AutoSubmitJob>(AUTO_SUBMIT_QUEUE, { attemptId: attempt.attemptId, orgId: attempt.orgId }, { startAfter: attempt.deadlineAt });
    if (jobId) await ctx.db.update(examAttempts).set({ autoSubmitJobId: jobId }).where(eq(examAttempts.id, attempt.attemptId));
  } catch (err) {
    ctx.log.warn({ err, attemptId: attempt.attemptId }, 'could not queue the deadline job yet; the sweep will queue it');
  }
}

/** The job: submit at the deadline. Idempotent with the candidate's own submit. */
export async function runAutoSubmit(ctx: AppContext, job: AutoSubmitJob): Promise<void> {
  const outcome = await finaliseAttempt(ctx.db, job.orgId, job.attemptId, 'time_up');
  if (outcome === 'not_due') {
    // The job ran early (clocks of app and database differ): queue it again for the deadline.
    const [row] = await ctx.db.select({ deadlineAt: examAttempts.deadlineAt }).from(examAttempts).where(eq(examAttempts.id, job.attemptId));
    if (row) await scheduleAutoSubmit(ctx, { ...job, deadlineAt: row.deadlineAt });
  }
}

/**
 * Catches up after a crash or a start while the job engine was down: queues a deadline job for
 * every open attempt that has none, and submits open attempts more than a minute past their
 * deadline (their job should have run). Returns what it did.
 */
export async function sweepAttempts(ctx: AppContext): Promise<{ queued: number; submitted: number }> {
  const unqueued = await ctx.db
    .select({ attemptId: examAttempts.id, orgId: examAttempts.orgId, deadlineAt: examAttempts.deadlineAt })
    .from(examAttempts)
    .where(and(eq(examAttempts.status, 'in_progress'), isNull(examAttempts.autoSubmitJobId)));
  for (const a of unqueued) await scheduleAutoSubmit(ctx, a);
  const overdue = await ctx.db
    .select({ attemptId: examAttempts.id, orgId: examAttempts.orgId })
    .from(examAttempts)
    .where(and(eq(examAttempts.status, 'in_progress'), lt(examAttempts.deadlineAt, sql`now() - interval '1 minute'`)));
  let submitted = 0;
  for (const a of overdue) if ((await finaliseAttempt(ctx.db, a.orgId, a.attemptId, 'time_up')) === 'submitted') submitted++;
  return { queued: unqueued.length, submitted };
}

/** Registers the exam jobs with the engine; call before the engine starts. */
export function registerExamJobs(ctx: AppContext): { sweep: () => Promise<void> } {
  ctx.jobs.register<AutoSubmitJob>(AUTO_SUBMIT_QUEUE, (data) => runAutoSubmit(ctx, data), { retryLimit: 10, retryDelay: 2 });
  return {
    sweep: async () => {
      try {
        const done = await sweepAttempts(ctx);
        if (done.queued || done.submitted) ctx.log.info(done, 'exam attempts swept');
      } catch (err) {
        ctx.log.warn({ err }, 'exam attempt sweep failed');
      }
    },
  };
}
