import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { assertSameOrg, isAdmin, type Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { people } from '../identity/schema.js';
import { loadBestPassedAttempt } from '../assess/exams/contract.js';
import { actionPlans, type PlanItem } from './program-schema.js';
import { loadProgram, requireEnrolment } from './programs.js';

export type ActionPlanRow = typeof actionPlans.$inferSelect;
const DAY_MS = 86_400_000;

export async function planOf(db: Pick<Db, 'select'>, enrolmentId: string): Promise<ActionPlanRow | null> {
  const [row] = await db.select().from(actionPlans).where(eq(actionPlans.enrolmentId, enrolmentId));
  return row ?? null;
}

/**
 * Submits the action plan for the days after the exam: items with due dates inside the program's
 * window (default 30 days) from the passed exam. Editable until the manager acknowledges it.
 */
export async function submitActionPlan(db: Db, actor: Actor, programId: string, items: { title: string; dueDate: string }[]): Promise<ActionPlanRow> {
  const program = await loadProgram(db, actor, programId);
  const enrolment = await requireEnrolment(db, programId, actor.personId);
  const passed = program.examId ? await loadBestPassedAttempt(db, actor.orgId, actor.personId, program.examId) : null;
  if (!passed) throw conflict('Pass the program exam first: the action plan covers the days after it');
  const end = new Date(passed.submittedAt.getTime() + program.actionPlanDays * DAY_MS);
  const fields = items.flatMap((item, i) => {
    const due = new Date(`${item.dueDate}T23:59:59Z`);
    return due.getTime() < passed.submittedAt.getTime() - DAY_MS || due > end ? [{ path: `items.${i}.dueDate`, message: `must be between ${passed.submittedAt.toISOString().slice(0, 10)} and ${end.toISOString().slice(0, 10)}` }] : [];
  });
  if (fields.length) throw badRequest(`Due dates must fall within ${program.actionPlanDays} days after your exam`, fields);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(actionPlans).where(eq(actionPlans.enrolmentId, enrolment.id)).for('update');
    if (existing?.acknowledgedAt) throw conflict('Your manager already acknowledged this plan; record progress with check-ins');
    const planItems: PlanItem[] = items.map((i) => ({ title: i.title, dueDate: i.dueDate, checkIns: [] }));
    const [row] = existing
      ? await tx.update(actionPlans).set({ items: planItems, submittedAt: new Date() }).where(eq(actionPlans.id, existing.id)).returning()
      : await tx.insert(actionPlans).values({ orgId: actor.orgId, enrolmentId: enrolment.id, personId: actor.personId, items: planItems }).returning();
    await recordAudit(tx, actor, { action: 'certify.action_plan.submit', entityType: 'certify_action_plan', entityId: row.id, before: existing ?? null, after: row });
    return row;
  });
}

export async function checkIn(db: Db, actor: Actor, planId: string, input: { item: number; note: string; done: boolean }): Promise<ActionPlanRow> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(actionPlans).where(eq(actionPlans.id, planId)).for('update');
    const plan = assertSameOrg(actor, found, 'Action plan');
    if (plan.personId !== actor.personId) throw notFound('Action plan');
    if (!plan.items[input.item]) throw badRequest(`item: the plan has items 0 to ${plan.items.length - 1}`, [{ path: 'item', message: 'no such item' }]);
    const items = plan.items.map((it, i) => (i === input.item ? { ...it, checkIns: [...it.checkIns, { at: new Date().toISOString(), note: input.note, done: input.done }] } : it));
    const [row] = await tx.update(actionPlans).set({ items }).where(eq(actionPlans.id, plan.id)).returning();
    await recordAudit(tx, actor, { action: 'certify.action_plan.check_in', entityType: 'certify_action_plan', entityId: plan.id, after: { item: input.item, note: input.note, done: input.done } });
    return row;
  });
}

/** The person's manager (or an administrator when they have none) acknowledges the plan. */
export async function acknowledgePlan(db: Db, actor: Actor, planId: string): Promise<ActionPlanRow> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(actionPlans).where(eq(actionPlans.id, planId)).for('update');
    const plan = assertSameOrg(actor, found, 'Action plan');
    const [owner] = await tx.select({ managerId: people.managerId }).from(people).where(eq(people.id, plan.personId));
    const isManager = owner?.managerId === actor.personId;
    if (!isManager && !(isAdmin(actor) && !owner?.managerId)) {
      if (plan.personId === actor.personId || !isAdmin(actor)) throw plan.personId === actor.personId ? forbidden('Your manager acknowledges your plan, not you') : notFound('Action plan');
      throw forbidden("Only the person's manager acknowledges their plan");
    }
    if (plan.acknowledgedAt) throw conflict('This plan was already acknowledged');
    const [row] = await tx.update(actionPlans).set({ acknowledgedAt: new Date(), acknowledgedBy: actor.personId }).where(eq(actionPlans.id, plan.id)).returning();
    await recordAudit(tx, actor, { action: 'certify.action_plan.acknowledge', entityType: 'certify_action_plan', entityId: plan.id, after: { acknowledgedAt: row.acknowledgedAt } });
    return row;
  });
}
