import { and, asc, desc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/client.js';
import { binderRules, can, type Actor } from '../../../access/policy.js';
import { AppError, forbidden, notFound } from '../../../http/errors.js';
import { page, type PageQuery } from '../../../http/pagination.js';
import { recordAudit } from '../../../audit/service.js';
import type { ProcedureContact, ProcedureStep } from '../procedure-snapshot.js';
import { assertActivePeople, type PersonRef } from './people-refs.js';
import { normaliseContacts, normaliseSteps, procedureFields, validateContent, type ProcedureFields } from './content.js';
import { procedureViews, type ProcedureView } from './procedure-view.js';
import type { ProcedureRow } from './readiness.js';
import { escalationProcedures, escalationSupportAreas } from './schema.js';
import { findTemplate, SITUATION_LABELS, TEMPLATES, type ProcedureTemplate } from './templates.js';

export type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const newProcedureBody = procedureFields.extend({
  templateKey: z.enum(TEMPLATES.map((t) => t.key) as [string, ...string[]]).optional(),
});
export type NewProcedure = z.infer<typeof newProcedureBody>;

export const procedurePatchBody = procedureFields.extend({
  /** The revision the caller started from; a different current revision answers 409 instead of overwriting. */
  revision: z.number().int().min(1).optional(),
});
export type ProcedurePatch = z.infer<typeof procedurePatchBody>;

/** Loads a procedure of the caller's organisation (404 otherwise), locking it when asked. */
export async function loadProcedure(tx: Pick<Db, 'select'>, orgId: string, id: string, lock = false): Promise<ProcedureRow> {
  if (!UUID.test(id)) throw notFound('Escalation procedure');
  const query = tx.select().from(escalationProcedures).where(and(eq(escalationProcedures.id, id), eq(escalationProcedures.orgId, orgId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Escalation procedure');
  return row;
}

export function assertCanEdit(actor: Actor, row: ProcedureRow): void {
  if (!binderRules.editProcedure(actor, row)) {
    throw forbidden('Only the owning Expert of this procedure, a people manager or an admin may work on it');
  }
}

export async function viewOf(db: Pick<Db, 'select'>, actor: Actor, row: ProcedureRow): Promise<ProcedureView> {
  const [view] = await procedureViews(db, actor, [row]);
  return view;
}

async function assertSupportArea(tx: Pick<Db, 'select'>, orgId: string, id: string | null | undefined, path: string) {
  if (!id) return null;
  const [area] = await tx.select().from(escalationSupportAreas).where(and(eq(escalationSupportAreas.id, id), eq(escalationSupportAreas.orgId, orgId)));
  if (!area) throw new AppError(400, 'invalid_reference', `${path}: no such support area in your organisation`, [{ path, message: 'no such support area in your organisation' }]);
  return area;
}

/** People named by the procedure and its person contacts must be active people here; contacts without an e-mail get the person's. */
async function checkPeople(tx: Pick<Db, 'select'>, orgId: string, fields: ProcedureFields, contacts: ProcedureContact[] | undefined): Promise<ProcedureContact[] | undefined> {
  const refs = [
    { path: 'body.expertPersonId', id: fields.expertPersonId },
    { path: 'body.itPointPersonId', id: fields.itPointPersonId },
    { path: 'body.sitePointPersonId', id: fields.sitePointPersonId },
    ...(contacts ?? []).map((c, i) => ({ path: `body.contacts.${i}.personId`, id: c.personId })),
  ];
  const people = await assertActivePeople(tx, orgId, refs);
  return contacts?.map((c) => (c.personId && !c.email ? { ...c, email: (people.get(c.personId) as PersonRef).email } : c));
}

/** A template's steps with each step's contact roles ticked for the contacts that hold them. */
export function stepsFromTemplate(template: ProcedureTemplate, contacts: ProcedureContact[]): ProcedureStep[] {
  const byRole = (role: string) => contacts.filter((c) => c.role.trim().toLowerCase() === role.toLowerCase()).map((c) => c.id);
  return template.steps.map((s, i) => ({
    id: `step-${i + 1}`,
    offsetMinutes: s.offsetMinutes,
    title: s.title,
    notify: [...new Set(s.notifyRoles.flatMap(byRole))],
    expected: s.expected,
  }));
}

export interface CreateOptions {
  /** The accepted proposal the procedure is drafted from. */
  proposalId?: string;
  /** The support area to file it under when the input names none. */
  supportAreaId?: string | null;
}

/** Creates a draft, from a template when one is named; audited. Returns the row. */
export async function insertProcedure(tx: Tx, actor: Actor, input: NewProcedure, options: CreateOptions = {}): Promise<ProcedureRow> {
  const template = input.templateKey ? findTemplate(input.templateKey) : undefined;
  const situation = input.situation ?? template?.situation;
  if (!situation) throw new AppError(400, 'bad_request', 'Name a templateKey or a situation', [{ path: 'body.situation', message: 'is required when no templateKey is given' }]);
  const supportAreaId = input.supportAreaId ?? options.supportAreaId ?? null;
  await assertSupportArea(tx, actor.orgId, supportAreaId, 'body.supportAreaId');
  const normalised = input.contacts ? normaliseContacts(input.contacts) : [];
  const contacts = (await checkPeople(tx, actor.orgId, input, normalised)) ?? [];
  const steps = input.steps ? normaliseSteps(input.steps) : template ? stepsFromTemplate(template, contacts) : [];
  const sitePointContactId = input.sitePointContactId ?? null;
  validateContent({ contacts, steps, sitePointContactId, sitePointPersonId: input.sitePointPersonId ?? null });
  const [row] = await tx
    .insert(escalationProcedures)
    .values({
      orgId: actor.orgId,
      supportAreaId,
      proposalId: options.proposalId ?? null,
      templateKey: template?.key ?? null,
      situation,
      title: input.title ?? template?.title ?? SITUATION_LABELS[situation],
      summary: input.summary ?? template?.summary ?? '',
      expertPersonId: input.expertPersonId ?? null,
      itPointPersonId: input.itPointPersonId ?? null,
      sitePointPersonId: input.sitePointPersonId ?? null,
      sitePointContactId,
      sites: input.sites ?? [],
      services: input.services ?? template?.services ?? [],
      contacts,
      steps,
      repeatEveryMinutes: input.repeatEveryMinutes !== undefined ? input.repeatEveryMinutes : (template?.repeatEveryMinutes ?? 60),
      statusUpdateEveryMinutes: input.statusUpdateEveryMinutes ?? template?.statusUpdateEveryMinutes ?? 30,
      createdBy: actor.personId,
    })
    .returning();
  await recordAudit(tx, actor, { action: 'escalation.procedure.create', entityType: 'escalation_procedure', entityId: row.id, after: row });
  return row;
}

export async function createProcedure(ctx: AppContext, actor: Actor, input: NewProcedure): Promise<ProcedureView> {
  const row = await ctx.db.transaction((tx) => insertProcedure(tx, actor, input));
  return viewOf(ctx.db, actor, row);
}

export async function getProcedure(ctx: AppContext, actor: Actor, id: string): Promise<ProcedureView> {
  const row = await loadProcedure(ctx.db, actor.orgId, id);
  assertCanEdit(actor, row);
  return viewOf(ctx.db, actor, row);
}

/** Archived procedures are left out unless asked for by status. */
export interface ProcedureFilters {
  status?: ProcedureView['status'];
  supportAreaId?: string;
  q?: string;
}

/** Managers and admins see every procedure; anyone else sees the procedures they own as Expert. */
export async function listProcedures(ctx: AppContext, actor: Actor, filters: ProcedureFilters, q: PageQuery) {
  const parts: SQL[] = [eq(escalationProcedures.orgId, actor.orgId)];
  if (!can(actor, 'escalations.binder.manage')) parts.push(eq(escalationProcedures.expertPersonId, actor.personId));
  if (filters.status) parts.push(eq(escalationProcedures.status, filters.status));
  else parts.push(ne(escalationProcedures.status, 'archived'));
  if (filters.supportAreaId) parts.push(eq(escalationProcedures.supportAreaId, filters.supportAreaId));
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(escalationProcedures.title, like), ilike(escalationProcedures.summary, like))!);
  }
  const where = and(...parts);
  const [rows, [{ n }]] = await Promise.all([
    ctx.db.select().from(escalationProcedures).where(where).orderBy(asc(escalationProcedures.title), desc(escalationProcedures.createdAt)).limit(q.limit).offset(q.offset),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(escalationProcedures).where(where),
  ]);
  return page(await procedureViews(ctx.db, actor, rows), Number(n), q);
}

const EDITABLE = [
  'situation',
  'title',
  'summary',
  'supportAreaId',
  'expertPersonId',
  'itPointPersonId',
  'sitePointPersonId',
  'sitePointContactId',
  'sites',
  'services',
  'contacts',
  'steps',
  'repeatEveryMinutes',
  'statusUpdateEveryMinutes',
] as const;

/**
 * Edits the working copy. A reviewed procedure goes back to draft (it must be reviewed again); a
 * published one starts a new draft while the published version stays in force for incidents.
 */
export async function updateProcedure(ctx: AppContext, actor: Actor, id: string, patch: ProcedurePatch): Promise<ProcedureView> {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadProcedure(tx, actor.orgId, id, true);
    assertCanEdit(actor, before);
    if (before.status === 'archived') throw new AppError(409, 'invalid_state', 'This procedure is archived; restore it before editing');
    if (patch.revision !== undefined && patch.revision !== before.revision) {
      throw new AppError(409, 'stale_revision', `Someone changed this procedure meanwhile (now revision ${before.revision}, you started from ${patch.revision}); reload it and apply your change again`, [
        { path: 'body.revision', message: `is ${before.revision} now` },
      ]);
    }
    if (!can(actor, 'escalations.binder.manage')) {
      if (patch.expertPersonId !== undefined && patch.expertPersonId !== before.expertPersonId) throw forbidden('Only a people manager or an admin may hand a procedure to another Expert');
      if (patch.supportAreaId !== undefined && patch.supportAreaId !== before.supportAreaId) throw forbidden('Only a people manager or an admin may move a procedure to another support area');
    }
    await assertSupportArea(tx, actor.orgId, patch.supportAreaId, 'body.supportAreaId');
    const contacts = await checkPeople(tx, actor.orgId, patch, patch.contacts ? normaliseContacts(patch.contacts) : undefined);
    const changes: Partial<typeof escalationProcedures.$inferInsert> = {};
    for (const key of EDITABLE) {
      if (patch[key] !== undefined) (changes as Record<string, unknown>)[key] = patch[key];
    }
    if (contacts) changes.contacts = contacts;
    if (patch.steps) changes.steps = normaliseSteps(patch.steps);
    // Naming a person as site point person replaces a named contact, and the other way round.
    if (patch.sitePointPersonId && patch.sitePointContactId === undefined) changes.sitePointContactId = null;
    if (patch.sitePointContactId && patch.sitePointPersonId === undefined) changes.sitePointPersonId = null;
    if (Object.keys(changes).length === 0) return before;
    const merged = { ...before, ...changes } as ProcedureRow;
    validateContent(merged, { stepsInBody: patch.steps !== undefined });
    const lifecycle: Partial<typeof escalationProcedures.$inferInsert> = before.status === 'draft' ? {} : { status: 'draft', submittedAt: null, reviewedAt: null };
    const [after] = await tx
      .update(escalationProcedures)
      .set({ ...changes, ...lifecycle, revision: before.revision + 1, updatedAt: new Date() })
      .where(eq(escalationProcedures.id, id))
      .returning();
    const pick = (r: Record<string, unknown>) => Object.fromEntries(Object.keys({ ...changes, ...lifecycle }).map((k) => [k, r[k]]));
    await recordAudit(tx, actor, { action: 'escalation.procedure.update', entityType: 'escalation_procedure', entityId: id, before: pick(before), after: pick(after) });
    return after;
  });
  return viewOf(ctx.db, actor, row);
}
