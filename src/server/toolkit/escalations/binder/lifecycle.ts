import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { binderRules, type Actor } from '../../../access/policy.js';
import { AppError, notFound } from '../../../http/errors.js';
import { recordAudit } from '../../../audit/service.js';
import { peopleByIds } from './people-refs.js';
import { assertCanEdit, loadProcedure, viewOf, type Tx } from './procedures.js';
import { missingForPublish, sameContent, snapshotOf, type ProcedureRow } from './readiness.js';
import { escalationProcedureShares, escalationProcedures, escalationProcedureVersions } from './schema.js';

const invalidState = (message: string) => new AppError(409, 'invalid_state', message);

async function assertComplete(tx: Tx, orgId: string, row: ProcedureRow, doing: string) {
  const people = await peopleByIds(tx, orgId, [row.expertPersonId, row.itPointPersonId, row.sitePointPersonId]);
  const missing = missingForPublish(row, people);
  if (missing.length) {
    throw new AppError(409, 'incomplete', `The procedure is not ready to ${doing}: ${missing.map((m) => m.message).join('; ')}`, missing);
  }
}

/** One lifecycle change: lock the row, check, update, audit; returns the view. */
async function transition(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: string,
  change: (tx: Tx, row: ProcedureRow) => Promise<Partial<typeof escalationProcedures.$inferInsert>>,
  extraAudit?: (row: ProcedureRow) => unknown,
) {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadProcedure(tx, actor.orgId, id, true);
    const set = await change(tx, before);
    const [after] = await tx.update(escalationProcedures).set({ ...set, updatedAt: new Date() }).where(eq(escalationProcedures.id, id)).returning();
    const pick = (r: Record<string, unknown>) => Object.fromEntries(Object.keys(set).map((k) => [k, r[k]]));
    await recordAudit(tx, actor, {
      action: `escalation.procedure.${action}`,
      entityType: 'escalation_procedure',
      entityId: id,
      before: pick(before),
      after: extraAudit ? { ...pick(after), ...(extraAudit(after) as object) } : pick(after),
    });
    return after;
  });
  return viewOf(ctx.db, actor, row);
}

/** The Expert says the draft is ready for the manager (step 4 to step 5). */
export function submitProcedure(ctx: AppContext, actor: Actor, id: string) {
  return transition(ctx, actor, id, 'submit', async (_tx, row) => {
    assertCanEdit(actor, row);
    if (row.status !== 'draft') throw invalidState(`Only a draft can be submitted for review; this procedure is ${row.status}`);
    if (row.submittedAt) throw invalidState('This draft is already waiting for review');
    return { submittedAt: new Date() };
  });
}

/** The manager has read and tuned the draft and agrees with it (step 5). */
export function reviewProcedure(ctx: AppContext, actor: Actor, id: string, note: string) {
  return transition(ctx, actor, id, 'review', async (tx, row) => {
    if (row.status !== 'draft') throw invalidState(`Only a draft can be marked reviewed; this procedure is ${row.status}`);
    await assertComplete(tx, actor.orgId, row, 'be marked reviewed');
    return { status: 'reviewed', reviewedBy: actor.personId, reviewedAt: new Date(), reviewNote: note };
  });
}

/** The manager sends the procedure back to its Expert with what to change. */
export function returnProcedure(ctx: AppContext, actor: Actor, id: string, note: string) {
  return transition(ctx, actor, id, 'return', async (_tx, row) => {
    if (row.status !== 'draft' && row.status !== 'reviewed') throw invalidState(`Only a draft or reviewed procedure can be sent back; this procedure is ${row.status}`);
    return { status: 'draft', submittedAt: null, reviewedAt: null, reviewedBy: actor.personId, reviewNote: note };
  });
}

/** Freezes the reviewed working copy into the next numbered version, which incidents then follow (step 6). */
export function publishProcedure(ctx: AppContext, actor: Actor, id: string) {
  let published = 0;
  return transition(
    ctx,
    actor,
    id,
    'publish',
    async (tx, row) => {
      if (row.status !== 'reviewed') {
        throw invalidState(row.status === 'published' ? 'This version is already published; edit the procedure to start a new draft' : `Mark the procedure reviewed before publishing it; it is ${row.status}`);
      }
      await assertComplete(tx, actor.orgId, row, 'be published');
      const [{ last }] = await tx
        .select({ last: sql<number | null>`max(${escalationProcedureVersions.version})` })
        .from(escalationProcedureVersions)
        .where(eq(escalationProcedureVersions.procedureId, id));
      published = Number(last ?? 0) + 1;
      const versionId = randomUUID();
      await tx.insert(escalationProcedureVersions).values({
        id: versionId,
        orgId: actor.orgId,
        procedureId: id,
        version: published,
        snapshot: snapshotOf(row, versionId, published),
        publishedBy: actor.personId,
        reviewedBy: row.reviewedBy,
      });
      return { status: 'published', currentVersion: published, submittedAt: null };
    },
    () => ({ version: published }),
  );
}

export function archiveProcedure(ctx: AppContext, actor: Actor, id: string) {
  return transition(ctx, actor, id, 'archive', async (_tx, row) => {
    if (row.status === 'archived') throw invalidState('This procedure is already archived');
    return { status: 'archived', archivedAt: new Date() };
  });
}

/** Back from the archive: published again if the working copy is the version in force, else a draft. */
export function restoreProcedure(ctx: AppContext, actor: Actor, id: string) {
  return transition(ctx, actor, id, 'restore', async (tx, row) => {
    if (row.status !== 'archived') throw invalidState('Only an archived procedure can be restored');
    let status: 'draft' | 'published' = 'draft';
    if (row.currentVersion !== null) {
      const [v] = await tx
        .select({ snapshot: escalationProcedureVersions.snapshot })
        .from(escalationProcedureVersions)
        .where(and(eq(escalationProcedureVersions.procedureId, id), eq(escalationProcedureVersions.version, row.currentVersion)));
      if (v && sameContent(row, v.snapshot)) status = 'published';
    }
    return { status, archivedAt: null, submittedAt: null, reviewedAt: null };
  });
}

/** Every published version of a procedure, newest first. */
export async function listVersions(ctx: AppContext, actor: Actor, id: string) {
  const procedure = await loadProcedure(ctx.db, actor.orgId, id);
  // Managers and admins see every procedure's history; an Expert sees what was published of their own.
  if (!binderRules.editProcedure(actor, procedure)) throw notFound('Escalation procedure');
  const rows = await ctx.db
    .select()
    .from(escalationProcedureVersions)
    .where(and(eq(escalationProcedureVersions.procedureId, id), eq(escalationProcedureVersions.orgId, actor.orgId)))
    .orderBy(desc(escalationProcedureVersions.version));
  const shares = await ctx.db
    .select({ version: escalationProcedureShares.version, personId: escalationProcedureShares.personId, sharedAt: escalationProcedureShares.sharedAt })
    .from(escalationProcedureShares)
    .where(eq(escalationProcedureShares.procedureId, id))
    .orderBy(escalationProcedureShares.sharedAt);
  const people = await peopleByIds(ctx.db, actor.orgId, [...rows.flatMap((r) => [r.publishedBy, r.reviewedBy]), ...shares.map((s) => s.personId)]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      version: r.version,
      publishedAt: r.publishedAt,
      publishedBy: r.publishedBy ? (people.get(r.publishedBy) ?? null) : null,
      reviewedBy: r.reviewedBy ? (people.get(r.reviewedBy) ?? null) : null,
      snapshot: r.snapshot,
      sharedWith: shares.filter((s) => s.version === r.version && people.has(s.personId)).map((s) => ({ ...people.get(s.personId)!, sharedAt: s.sharedAt })),
    })),
  };
}
