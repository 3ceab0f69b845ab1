import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/client.js';
import { binderRules, can, type Actor } from '../../../access/policy.js';
import { AppError, forbidden, notFound } from '../../../http/errors.js';
import { page, type PageQuery } from '../../../http/pagination.js';
import { recordAudit } from '../../../audit/service.js';
import { peopleByIds, personRefSchema } from './people-refs.js';
import { insertProcedure, viewOf } from './procedures.js';
import { escalationProcedures, escalationProposals, escalationSupportAreas } from './schema.js';
import { findTemplate, SITUATION_LABELS, SITUATIONS, type Situation } from './templates.js';
import { loadSupportArea } from './support-areas.js';

function forbiddenUnless(allowed: boolean, message: string): void {
  if (!allowed) throw forbidden(message);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'declined'] as const;

export const proposalBody = z.strictObject({
  situation: z.enum(SITUATIONS),
  title: z.string().trim().min(1).max(160).optional(),
  rationale: z.string().trim().max(2000).optional(),
});
export const decisionBody = z.strictObject({
  decision: z.enum(['accepted', 'declined']),
  note: z.string().trim().max(2000).optional(),
});
export const startDraftBody = z.strictObject({
  /** Start from the template for the proposal's situation (the default) or from a blank page. */
  useTemplate: z.boolean().default(true),
});

export const proposalSchema = z.object({
  id: z.uuid(),
  supportAreaId: z.uuid(),
  supportAreaName: z.string(),
  situation: z.enum(SITUATIONS),
  situationLabel: z.string(),
  title: z.string(),
  rationale: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  proposedBy: personRefSchema.nullable(),
  decidedBy: personRefSchema.nullable(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string(),
  procedureId: z.uuid().nullable(),
  createdAt: z.date(),
});
export type ProposalView = z.infer<typeof proposalSchema>;

const columns = {
  id: escalationProposals.id,
  supportAreaId: escalationProposals.supportAreaId,
  supportAreaName: escalationSupportAreas.name,
  situation: escalationProposals.situation,
  title: escalationProposals.title,
  rationale: escalationProposals.rationale,
  status: escalationProposals.status,
  proposedBy: escalationProposals.proposedBy,
  decidedBy: escalationProposals.decidedBy,
  decidedAt: escalationProposals.decidedAt,
  decisionNote: escalationProposals.decisionNote,
  procedureId: escalationProcedures.id,
  createdAt: escalationProposals.createdAt,
};

async function selectProposals(db: Pick<Db, 'select'>, orgId: string, where: SQL | undefined, q?: PageQuery): Promise<ProposalView[]> {
  let query = db
    .select(columns)
    .from(escalationProposals)
    .innerJoin(escalationSupportAreas, eq(escalationSupportAreas.id, escalationProposals.supportAreaId))
    .leftJoin(escalationProcedures, eq(escalationProcedures.proposalId, escalationProposals.id))
    .where(and(eq(escalationProposals.orgId, orgId), where))
    .orderBy(desc(escalationProposals.createdAt), escalationProposals.id)
    .$dynamic();
  if (q) query = query.limit(q.limit).offset(q.offset);
  const rows = await query;
  const people = await peopleByIds(db, orgId, rows.flatMap((r) => [r.proposedBy, r.decidedBy]));
  return rows.map((r) => ({
    ...r,
    situation: r.situation as Situation,
    situationLabel: SITUATION_LABELS[r.situation as Situation] ?? r.situation,
    status: r.status as ProposalView['status'],
    proposedBy: r.proposedBy ? (people.get(r.proposedBy) ?? null) : null,
    decidedBy: r.decidedBy ? (people.get(r.decidedBy) ?? null) : null,
  }));
}

async function loadProposal(db: Pick<Db, 'select'>, orgId: string, id: string, lock = false) {
  if (!UUID.test(id)) throw notFound('Proposal');
  const query = db.select().from(escalationProposals).where(and(eq(escalationProposals.id, id), eq(escalationProposals.orgId, orgId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Proposal');
  return row;
}

async function viewOne(db: Pick<Db, 'select'>, orgId: string, id: string) {
  const [view] = await selectProposals(db, orgId, eq(escalationProposals.id, id));
  return view;
}

/** An Expert proposes a situation for their support area (step 2); managers may propose for any area. */
export async function proposeSituation(ctx: AppContext, actor: Actor, supportAreaId: string, input: z.infer<typeof proposalBody>) {
  const id = await ctx.db.transaction(async (tx) => {
    const area = await loadSupportArea(tx, actor.orgId, supportAreaId);
    forbiddenUnless(binderRules.actForArea(actor, area), `Only the Expert for ${area.name}, a people manager or an admin may propose situations for it`);
    const [row] = await tx
      .insert(escalationProposals)
      .values({ orgId: actor.orgId, supportAreaId, situation: input.situation, title: input.title ?? SITUATION_LABELS[input.situation], rationale: input.rationale ?? '', proposedBy: actor.personId })
      .returning();
    await recordAudit(tx, actor, { action: 'escalation.proposal.create', entityType: 'escalation_proposal', entityId: row.id, after: row });
    return row.id;
  });
  return viewOne(ctx.db, actor.orgId, id);
}

/** Managers see every proposal; an Expert sees those for the areas they own. */
export async function listProposals(ctx: AppContext, actor: Actor, filters: { status?: ProposalView['status']; supportAreaId?: string }, q: PageQuery) {
  const parts: SQL[] = [];
  if (!can(actor, 'escalations.binder.manage')) {
    const mine = await ctx.db.select({ id: escalationSupportAreas.id }).from(escalationSupportAreas).where(and(eq(escalationSupportAreas.orgId, actor.orgId), eq(escalationSupportAreas.expertPersonId, actor.personId)));
    if (mine.length === 0) return page([], 0, q);
    parts.push(inArray(escalationProposals.supportAreaId, mine.map((m) => m.id)));
  }
  if (filters.status) parts.push(eq(escalationProposals.status, filters.status));
  if (filters.supportAreaId) parts.push(eq(escalationProposals.supportAreaId, filters.supportAreaId));
  const where = parts.length ? and(...parts) : undefined;
  const [items, [{ n }]] = await Promise.all([
    selectProposals(ctx.db, actor.orgId, where, q),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(escalationProposals).where(and(eq(escalationProposals.orgId, actor.orgId), where)),
  ]);
  return page(items, Number(n), q);
}

/** The manager agrees the list (step 3). A decision can change until a procedure has been started from the proposal. */
export async function decideProposal(ctx: AppContext, actor: Actor, id: string, input: z.infer<typeof decisionBody>) {
  await ctx.db.transaction(async (tx) => {
    const before = await loadProposal(tx, actor.orgId, id, true);
    const [started] = await tx.select({ id: escalationProcedures.id }).from(escalationProcedures).where(eq(escalationProcedures.proposalId, id));
    if (started) throw new AppError(409, 'invalid_state', 'A procedure has already been started from this proposal; archive the procedure instead');
    const [after] = await tx
      .update(escalationProposals)
      .set({ status: input.decision, decidedBy: actor.personId, decidedAt: new Date(), decisionNote: input.note ?? '', updatedAt: new Date() })
      .where(eq(escalationProposals.id, id))
      .returning();
    const pick = (r: typeof before) => ({ status: r.status, decidedBy: r.decidedBy, decisionNote: r.decisionNote });
    await recordAudit(tx, actor, { action: 'escalation.proposal.decide', entityType: 'escalation_proposal', entityId: id, before: pick(before), after: pick(after) });
  });
  return viewOne(ctx.db, actor.orgId, id);
}

/**
 * The Expert starts drafting an accepted proposal (step 4): a draft owned by the area's Expert,
 * pre-filled from the template for its situation.
 */
export async function startDraft(ctx: AppContext, actor: Actor, id: string, input: z.infer<typeof startDraftBody>) {
  const row = await ctx.db.transaction(async (tx) => {
    const proposal = await loadProposal(tx, actor.orgId, id, true);
    const area = await loadSupportArea(tx, actor.orgId, proposal.supportAreaId);
    forbiddenUnless(binderRules.actForArea(actor, area), `Only the Expert for ${area.name}, a people manager or an admin may draft this procedure`);
    if (proposal.status !== 'accepted') throw new AppError(409, 'invalid_state', `Only an accepted proposal can be drafted; this one is ${proposal.status}`);
    const [existing] = await tx.select({ id: escalationProcedures.id }).from(escalationProcedures).where(eq(escalationProcedures.proposalId, id));
    if (existing) throw new AppError(409, 'already_started', 'A procedure has already been started from this proposal', [{ path: 'procedureId', message: existing.id }]);
    const template = input.useTemplate ? findTemplate(proposal.situation) : undefined;
    return insertProcedure(
      tx,
      actor,
      { templateKey: template?.key, situation: proposal.situation as Situation, title: proposal.title, expertPersonId: area.expertPersonId },
      { proposalId: id, supportAreaId: area.id },
    );
  });
  return viewOf(ctx.db, actor, row);
}
