import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../access/policy.js';
import { AppError, conflict, notFound, type FieldError } from '../../http/errors.js';
import type { PageQuery } from '../../http/pagination.js';
import { recordAudit } from '../../audit/service.js';
import { countPublishedItems, listBankKeys } from '../items/contract.js';
import { MAX_FORM_ITEMS, type ExamFields, type ExamPatch } from './blueprint-input.js';
import { examAttempts, exams } from './schema.js';

type Reader = Pick<Db, 'select'>;
export type ExamRow = typeof exams.$inferSelect;

/**
 * Checks a whole exam definition against itself and against the bank as it is now. Every problem
 * comes back with the field it belongs to; a competency the bank cannot fill is named.
 */
export async function checkExamDefinition(db: Reader, orgId: string, exam: ExamFields): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  exam.blueprint.forEach((line, i) => {
    if (seen.has(line.competency)) errors.push({ path: `body.blueprint.${i}.competency`, message: `competency "${line.competency}" appears twice; give it one line with the total count` });
    seen.add(line.competency);
  });
  const total = exam.blueprint.reduce((n, l) => n + l.count, 0);
  if (total > MAX_FORM_ITEMS) errors.push({ path: 'body.blueprint', message: `asks for ${total} items in all; an exam form takes at most ${MAX_FORM_ITEMS}` });
  if (exam.opensAt && exam.closesAt && exam.opensAt >= exam.closesAt) errors.push({ path: 'body.closesAt', message: 'must be later than opensAt' });
  if (exam.feedbackRelease === 'after_close' && !exam.closesAt) {
    errors.push({ path: 'body.closesAt', message: 'is required when feedbackRelease is "after_close" (feedback is shown once the window has closed)' });
  }
  const banks = await listBankKeys(db, orgId);
  if (!banks.some((b) => b.bankKey === exam.bankKey)) {
    const names = banks.map((b) => `"${b.bankKey}"`).join(', ');
    errors.push({ path: 'body.bankKey', message: `there is no item bank "${exam.bankKey}" in your organisation${names ? `; banks: ${names}` : ' yet'}` });
    return errors;
  }
  const available = await countPublishedItems(db, orgId, exam.bankKey);
  exam.blueprint.forEach((line, i) => {
    const has = available[line.competency]?.total ?? 0;
    if (line.count > has) {
      errors.push({
        path: `body.blueprint.${i}.count`,
        message: `competency "${line.competency}": the blueprint asks for ${line.count} item${line.count === 1 ? '' : 's'} but bank "${exam.bankKey}" has ${has} published`,
      });
    }
  });
  return errors;
}

function invalid(errors: FieldError[]): AppError {
  return new AppError(400, 'invalid_blueprint', `The exam definition cannot be used: ${errors.map((e) => e.message).join('; ')}`, errors);
}

export async function findExam(db: Reader, orgId: string, examId: string): Promise<ExamRow | undefined> {
  const [row] = await db.select().from(exams).where(and(eq(exams.id, examId), eq(exams.orgId, orgId)));
  return row;
}

export const itemCountOf = (exam: Pick<ExamRow, 'blueprint'>) => exam.blueprint.reduce((n, l) => n + l.count, 0);

export async function createExam(ctx: AppContext, actor: Actor, input: ExamFields): Promise<ExamRow> {
  return ctx.db.transaction(async (tx) => {
    const errors = await checkExamDefinition(tx, actor.orgId, input);
    if (errors.length) throw invalid(errors);
    const [taken] = await tx.select({ id: exams.id }).from(exams).where(and(eq(exams.orgId, actor.orgId), eq(exams.examKey, input.examKey)));
    if (taken) throw conflict(`An exam with key "${input.examKey}" already exists; choose another key`, [{ path: 'body.examKey', message: 'already in use' }]);
    const [row] = await tx.insert(exams).values({ ...input, orgId: actor.orgId, createdBy: actor.personId }).returning();
    await recordAudit(tx, actor, { action: 'exam.create', entityType: 'exam', entityId: row.id, after: row });
    return row;
  });
}

export async function updateExam(ctx: AppContext, actor: Actor, examId: string, patch: ExamPatch): Promise<ExamRow> {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(exams).where(and(eq(exams.id, examId), eq(exams.orgId, actor.orgId))).for('update');
    if (!before) throw notFound('Exam');
    const merged: ExamFields = {
      examKey: before.examKey,
      title: patch.title ?? before.title,
      description: patch.description ?? before.description,
      bankKey: patch.bankKey ?? before.bankKey,
      blueprint: patch.blueprint ?? before.blueprint,
      timeLimitMinutes: patch.timeLimitMinutes ?? before.timeLimitMinutes,
      attemptLimit: patch.attemptLimit !== undefined ? patch.attemptLimit : before.attemptLimit,
      cooldownMinutes: patch.cooldownMinutes ?? before.cooldownMinutes,
      cutScorePercent: patch.cutScorePercent ?? before.cutScorePercent,
      shuffleOptions: patch.shuffleOptions ?? before.shuffleOptions,
      feedbackRelease: patch.feedbackRelease ?? before.feedbackRelease,
      requiredPathKey: patch.requiredPathKey !== undefined ? patch.requiredPathKey : before.requiredPathKey,
      opensAt: patch.opensAt !== undefined ? patch.opensAt : before.opensAt,
      closesAt: patch.closesAt !== undefined ? patch.closesAt : before.closesAt,
      status: patch.status ?? before.status,
    };
    const errors = await checkExamDefinition(tx, actor.orgId, merged);
    if (errors.length) throw invalid(errors);
    const [after] = await tx
      .update(exams)
      .set({ ...merged, updatedAt: sql`now()` })
      .where(eq(exams.id, examId))
      .returning();
    await recordAudit(tx, actor, { action: 'exam.update', entityType: 'exam', entityId: examId, before, after });
    return after;
  });
}

export interface ExamCounts {
  inProgress: number;
  submitted: number;
  passed: number;
}

export async function attemptCounts(db: Reader, examIds: string[]): Promise<Map<string, ExamCounts>> {
  const out = new Map<string, ExamCounts>(examIds.map((id) => [id, { inProgress: 0, submitted: 0, passed: 0 }]));
  if (examIds.length === 0) return out;
  const rows = await db
    .select({ examId: examAttempts.examId, status: examAttempts.status, passed: examAttempts.passed, n: count() })
    .from(examAttempts)
    .where(inArray(examAttempts.examId, examIds))
    .groupBy(examAttempts.examId, examAttempts.status, examAttempts.passed);
  for (const r of rows) {
    const c = out.get(r.examId)!;
    if (r.status === 'in_progress') c.inProgress += Number(r.n);
    else {
      c.submitted += Number(r.n);
      if (r.passed) c.passed += Number(r.n);
    }
  }
  return out;
}

/** Exams of the organisation: all of them for authors, only published ones for everybody else. */
export async function listExams(db: Reader, orgId: string, opts: { includeUnpublished: boolean; status?: ExamRow['status'] }, q: PageQuery) {
  const where = and(
    eq(exams.orgId, orgId),
    opts.includeUnpublished ? (opts.status ? eq(exams.status, opts.status) : undefined) : eq(exams.status, 'published'),
  );
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(exams).where(where).orderBy(asc(exams.title), asc(exams.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(exams).where(where),
  ]);
  return { rows, total: Number(n) };
}
