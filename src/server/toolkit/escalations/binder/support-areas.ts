import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/client.js';
import type { Actor } from '../../../access/policy.js';
import { AppError, notFound } from '../../../http/errors.js';
import { recordAudit } from '../../../audit/service.js';
import { assertActivePeople, peopleByIds, personRefSchema } from './people-refs.js';
import { escalationProcedures, escalationProposals, escalationSupportAreas } from './schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const supportAreaBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  expertPersonId: z.uuid().nullable().optional(),
});
export const supportAreaPatch = supportAreaBody.partial();

export const supportAreaSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  expertPersonId: z.uuid().nullable(),
  expert: personRefSchema.nullable(),
  proposalCount: z.number().int(),
  procedureCount: z.number().int(),
});
export type SupportAreaView = z.infer<typeof supportAreaSchema>;
export type SupportAreaRow = typeof escalationSupportAreas.$inferSelect;

// Written out as escalation_support_areas.id: drizzle renders the column unqualified in single-table selects.
const proposalCount = sql<number>`(select count(*)::int from escalation_proposals p where p.support_area_id = escalation_support_areas.id)`;
const procedureCount = sql<number>`(select count(*)::int from escalation_procedures p where p.support_area_id = escalation_support_areas.id and p.status <> 'archived')`;

export async function loadSupportArea(db: Pick<Db, 'select'>, orgId: string, id: string, lock = false): Promise<SupportAreaRow> {
  if (!UUID.test(id)) throw notFound('Support area');
  const query = db.select().from(escalationSupportAreas).where(and(eq(escalationSupportAreas.id, id), eq(escalationSupportAreas.orgId, orgId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Support area');
  return row;
}

async function views(db: Pick<Db, 'select'>, orgId: string, where = eq(escalationSupportAreas.orgId, orgId)): Promise<SupportAreaView[]> {
  const rows = await db
    .select({ id: escalationSupportAreas.id, name: escalationSupportAreas.name, description: escalationSupportAreas.description, expertPersonId: escalationSupportAreas.expertPersonId, proposalCount, procedureCount })
    .from(escalationSupportAreas)
    .where(and(eq(escalationSupportAreas.orgId, orgId), where))
    .orderBy(asc(escalationSupportAreas.name));
  const people = await peopleByIds(db, orgId, rows.map((r) => r.expertPersonId));
  return rows.map((r) => ({
    ...r,
    expert: r.expertPersonId ? (people.get(r.expertPersonId) ?? null) : null,
    proposalCount: Number(r.proposalCount),
    procedureCount: Number(r.procedureCount),
  }));
}

/** Support areas are visible to everyone in the organisation: people need to know who the Expert for e-mail is. */
export async function listSupportAreas(ctx: AppContext, actor: Actor) {
  return { items: await views(ctx.db, actor.orgId) };
}

async function viewOne(db: Pick<Db, 'select'>, orgId: string, id: string) {
  const [view] = await views(db, orgId, eq(escalationSupportAreas.id, id));
  return view;
}

const nameTaken = (name: string) => new AppError(409, 'conflict', `A support area called "${name}" already exists`, [{ path: 'body.name', message: 'already exists' }]);

async function assertNameFree(tx: Pick<Db, 'select'>, orgId: string, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: escalationSupportAreas.id })
    .from(escalationSupportAreas)
    .where(and(eq(escalationSupportAreas.orgId, orgId), sql`lower(${escalationSupportAreas.name}) = lower(${name})`));
  if (taken && taken.id !== exceptId) throw nameTaken(name);
}

export async function createSupportArea(ctx: AppContext, actor: Actor, input: z.infer<typeof supportAreaBody>) {
  const id = await ctx.db.transaction(async (tx) => {
    await assertNameFree(tx, actor.orgId, input.name);
    await assertActivePeople(tx, actor.orgId, [{ path: 'body.expertPersonId', id: input.expertPersonId }]);
    const [row] = await tx
      .insert(escalationSupportAreas)
      .values({ orgId: actor.orgId, name: input.name, description: input.description ?? '', expertPersonId: input.expertPersonId ?? null })
      .returning();
    await recordAudit(tx, actor, { action: 'escalation.support_area.create', entityType: 'escalation_support_area', entityId: row.id, after: row });
    return row.id;
  });
  return viewOne(ctx.db, actor.orgId, id);
}

/** Renames or describes an area, or assigns its Expert (step 1 of building the binder). */
export async function updateSupportArea(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof supportAreaPatch>) {
  await ctx.db.transaction(async (tx) => {
    const before = await loadSupportArea(tx, actor.orgId, id, true);
    if (patch.name !== undefined) await assertNameFree(tx, actor.orgId, patch.name, id);
    await assertActivePeople(tx, actor.orgId, [{ path: 'body.expertPersonId', id: patch.expertPersonId }]);
    const changes: Partial<SupportAreaRow> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.expertPersonId !== undefined) changes.expertPersonId = patch.expertPersonId;
    if (Object.keys(changes).length === 0) return;
    const [after] = await tx.update(escalationSupportAreas).set({ ...changes, updatedAt: new Date() }).where(eq(escalationSupportAreas.id, id)).returning();
    const pick = (r: Record<string, unknown>) => Object.fromEntries(Object.keys(changes).map((k) => [k, r[k]]));
    await recordAudit(tx, actor, { action: 'escalation.support_area.update', entityType: 'escalation_support_area', entityId: id, before: pick(before), after: pick(after) });
  });
  return viewOne(ctx.db, actor.orgId, id);
}

/** Removes an area nobody has used yet; one with proposals or procedures answers 409. */
export async function deleteSupportArea(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const before = await loadSupportArea(tx, actor.orgId, id, true);
    const [proposal] = await tx.select({ id: escalationProposals.id }).from(escalationProposals).where(eq(escalationProposals.supportAreaId, id)).limit(1);
    // Archived procedures count too: they still name the area.
    const [procedure] = await tx.select({ id: escalationProcedures.id }).from(escalationProcedures).where(eq(escalationProcedures.supportAreaId, id)).limit(1);
    if (proposal || procedure) {
      throw new AppError(409, 'in_use', `"${before.name}" has proposals or procedures; move or archive them before removing the area`);
    }
    await tx.delete(escalationSupportAreas).where(eq(escalationSupportAreas.id, id));
    await recordAudit(tx, actor, { action: 'escalation.support_area.delete', entityType: 'escalation_support_area', entityId: id, before });
  });
}
