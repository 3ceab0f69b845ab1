import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { can, type Actor } from '../../access/policy.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { listPublishedItems } from '../items/contract.js';
import { findExam } from './blueprints.js';
import { checkEligibility } from './eligibility.js';
import { finaliseInTx } from './finalise.js';
import { buildForm, ShortBankError } from './forms.js';
import { scheduleAutoSubmit } from './auto-submit.js';
import { personAttempts, ruleBlock } from './start-rules.js';
import { examAccommodations, examAttempts } from './schema.js';

export interface StartOutcome {
  attemptId: string;
  /** False when the person already had this exam open: they resume it. */
  created: boolean;
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

async function openAttemptId(ctx: AppContext, examId: string, personId: string): Promise<string | undefined> {
  const [row] = await ctx.db
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(and(eq(examAttempts.examId, examId), eq(examAttempts.personId, personId), eq(examAttempts.status, 'in_progress')));
  return row?.id;
}

/**
 * Starts an attempt, or returns the one the person already has open. Checks, in order: the exam
 * is there and published, its window, eligibility (403), the attempt limit and the cool-down
 * (409). Draws the form, fixes the deadline from the database clock (time limit plus the person's
 * extra time), and queues the job that submits the attempt at its deadline.
 */
export async function startAttempt(ctx: AppContext, actor: Actor, examId: string): Promise<StartOutcome> {
  let started: { id: string; deadlineAt: Date } | undefined;
  try {
    const outcome = await ctx.db.transaction(async (tx) => {
      const exam = await findExam(tx, actor.orgId, examId);
      if (!exam || (exam.status !== 'published' && !can(actor, 'exams.manage'))) throw notFound('Exam');
      let mine = await personAttempts(tx, exam.id, actor.personId);
      if (mine.open) {
        if (mine.open.deadlineAt > mine.now) return { attemptId: mine.open.id, created: false };
        // Its deadline passed while the job had not run yet: close it now, then judge a new start.
        await finaliseInTx(tx, actor.orgId, mine.open.id, 'time_up');
        mine = await personAttempts(tx, exam.id, actor.personId);
      }
      const block = ruleBlock(exam, mine);
      if (block) throw block;
      const eligibility = await checkEligibility(tx, actor.orgId, actor.personId, exam);
      if (!eligibility.eligible) throw forbidden(eligibility.reason ?? 'You may not sit this exam yet.');

      const pool = await listPublishedItems(tx, actor.orgId, { bankKey: exam.bankKey, competencies: exam.blueprint.map((l) => l.competency) });
      let form;
      try {
        form = buildForm(pool, exam.blueprint, { shuffleOptions: exam.shuffleOptions });
      } catch (err) {
        if (!(err instanceof ShortBankError)) throw err;
        throw new AppError(409, 'bank_too_small', `This exam cannot be started: ${err.message} (items were retired since the exam was set up). Tell the exam's author.`);
      }
      const [accommodation] = await tx
        .select({ extraMinutes: examAccommodations.extraMinutes })
        .from(examAccommodations)
        .where(and(eq(examAccommodations.examId, exam.id), eq(examAccommodations.personId, actor.personId)));
      const limitSeconds = exam.timeLimitMinutes * 60;
      const extraSeconds = (accommodation?.extraMinutes ?? 0) * 60;
      const [attempt] = await tx
        .insert(examAttempts)
        .values({
          orgId: actor.orgId,
          examId: exam.id,
          personId: actor.personId,
          attemptNo: mine.total + 1,
          deadlineAt: sql`now() + make_interval(secs => ${limitSeconds + extraSeconds})`,
          timeLimitSeconds: limitSeconds,
          extraSeconds,
          cutScorePercent: exam.cutScorePercent,
          itemCount: form.length,
        })
        .returning({ id: examAttempts.id, deadlineAt: examAttempts.deadlineAt });
      // One JSON parameter instead of six per slot: a 50-item form is 300 bind parameters otherwise,
      // and on PGlite parsing those costs more than the insert (11.6 ms against 1.5 ms of CPU).
      await tx.execute(sql`
        insert into exam_attempt_items (attempt_id, position, item_version_id, competency, kind, option_order)
        select ${attempt.id}, x.position, x."itemVersionId", x.competency, x.kind, array(select jsonb_array_elements_text(x."optionOrder"))
        from jsonb_to_recordset(${JSON.stringify(form)}::jsonb) as x(position smallint, "itemVersionId" uuid, competency text, kind text, "optionOrder" jsonb)`);
      started = attempt;
      return { attemptId: attempt.id, created: true };
    });
    if (started) await scheduleAutoSubmit(ctx, { attemptId: started.id, orgId: actor.orgId, deadlineAt: started.deadlineAt });
    return outcome;
  } catch (err) {
    // Two starts at once (a double click, two tabs): the loser resumes the winner's attempt.
    if (isUniqueViolation(err)) {
      const id = await openAttemptId(ctx, examId, actor.personId);
      if (id) return { attemptId: id, created: false };
    }
    throw err;
  }
}
