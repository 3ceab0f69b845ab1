import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { assertSameOrg, type Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import { badRequest, notFound } from '../http/errors.js';
import { exams } from '../assess/exams/contract.js';
import { DEFAULT_PROGRAMS } from './default-programs.js';
import { enrolments, programs, type RubricCriterion } from './program-schema.js';

export type ProgramRow = typeof programs.$inferSelect;

type Writer = Pick<Db, 'select' | 'insert' | 'update'>;

/**
 * Creates the default programs of an organisation if they are missing, and links each default
 * program without an exam to the organisation's exam with the program's `examKey` once that exam
 * exists (idempotent; an administrator's choice of exam is never overwritten).
 */
export async function ensureDefaultPrograms(db: Writer, orgId: string): Promise<void> {
  await db
    .insert(programs)
    .values(DEFAULT_PROGRAMS.map(({ examKey: _examKey, ...p }) => ({ ...p, orgId })))
    .onConflictDoNothing();
  for (const def of DEFAULT_PROGRAMS) {
    const [exam] = await db.select({ id: exams.id }).from(exams).where(and(eq(exams.orgId, orgId), eq(exams.examKey, def.examKey)));
    if (!exam) continue;
    await db
      .update(programs)
      .set({ examId: exam.id, updatedAt: new Date() })
      .where(and(eq(programs.orgId, orgId), eq(programs.programKey, def.programKey), isNull(programs.examId)));
  }
}

export async function listPrograms(db: Db, orgId: string): Promise<ProgramRow[]> {
  await ensureDefaultPrograms(db, orgId);
  const rows = await db.select().from(programs).where(eq(programs.orgId, orgId)).orderBy(asc(programs.programKey));
  const rank = (p: ProgramRow) => (p.level === 'professional' ? 0 : 1);
  return rows.sort((a, b) => rank(a) - rank(b));
}

export async function loadProgram(db: Pick<Db, 'select'>, actor: Actor, id: string): Promise<ProgramRow> {
  const [row] = await db.select().from(programs).where(eq(programs.id, id));
  return assertSameOrg(actor, row, 'Program');
}

export interface ProgramPatch {
  name?: string;
  description?: string;
  criteriaNarrative?: string;
  pathKey?: string | null;
  examId?: string | null;
  rubric?: RubricCriterion[];
  validityDays?: number;
  renewalCeHours?: number;
  actionPlanDays?: number;
}

export async function updateProgram(db: Db, actor: Actor, id: string, patch: ProgramPatch): Promise<ProgramRow> {
  const before = await loadProgram(db, actor, id);
  if (patch.examId) {
    const [exam] = await db.select({ id: exams.id }).from(exams).where(and(eq(exams.id, patch.examId), eq(exams.orgId, actor.orgId)));
    if (!exam) throw badRequest('examId: no exam of your organisation has this id', [{ path: 'examId', message: 'unknown exam' }]);
  }
  for (const c of patch.rubric ?? []) {
    if (c.passLevel >= c.levels.length) throw badRequest(`rubric: criterion "${c.key}" has passLevel ${c.passLevel} but only ${c.levels.length} levels (0-based)`);
  }
  return db.transaction(async (tx) => {
    const [after] = await tx.update(programs).set({ ...patch, updatedAt: new Date() }).where(eq(programs.id, before.id)).returning();
    await recordAudit(tx, actor, { action: 'certify.program.update', entityType: 'certify_program', entityId: id, before, after });
    return after;
  });
}

export async function enrol(db: Db, actor: Actor, programId: string) {
  const program = await loadProgram(db, actor, programId);
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(enrolments).values({ orgId: actor.orgId, programId: program.id, personId: actor.personId }).onConflictDoNothing().returning();
    if (created) await recordAudit(tx, actor, { action: 'certify.enrol', entityType: 'certify_enrolment', entityId: created.id, after: { programId: program.id, personId: actor.personId } });
    const [row] = await tx.select().from(enrolments).where(and(eq(enrolments.programId, program.id), eq(enrolments.personId, actor.personId)));
    return { enrolment: row, created: !!created };
  });
}

export async function enrolmentOf(db: Pick<Db, 'select'>, programId: string, personId: string) {
  const [row] = await db.select().from(enrolments).where(and(eq(enrolments.programId, programId), eq(enrolments.personId, personId)));
  return row ?? null;
}

export async function requireEnrolment(db: Pick<Db, 'select'>, programId: string, personId: string) {
  const row = await enrolmentOf(db, programId, personId);
  if (!row) throw notFound('Your enrolment in this program (enrol first)');
  return row;
}
