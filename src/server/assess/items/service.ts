import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { AppError, conflict, notFound, type FieldError } from '../../http/errors.js';
import { recordAudit } from '../../audit/service.js';
import { knownCompetencies } from './competencies.js';
import { checkItemContent, KEY_PATTERN, MAX_OPTIONS, MAX_OPTION_TEXT, MAX_RATIONALE, MAX_STEM, MIN_OPTIONS, type ItemContent, type ScenarioSnapshot } from './item-content.js';
import { getItem } from './queries.js';
import { itemBanks, items, itemScenarios, itemVersions, ITEM_KINDS } from './schema.js';
import { ensureBank, insertItem, reviseItem, setItemStatus, type Tx } from './store.js';

export const keySchema = z.string().trim().regex(KEY_PATTERN, 'use lowercase letters, digits and hyphens (at most 100), starting with a letter or digit');

const optionInput = z.strictObject({
  text: z.string().trim().min(1, 'is empty').max(MAX_OPTION_TEXT),
  correct: z.boolean(),
  rationale: z.string().trim().max(MAX_RATIONALE).default(''),
});

export const itemCreateBody = z.strictObject({
  bankKey: keySchema,
  itemKey: keySchema.optional(),
  kind: z.enum(ITEM_KINDS),
  competency: z.string().trim().min(1).max(100),
  stem: z.string().trim().min(1, 'is empty; write the question').max(MAX_STEM),
  options: z.array(optionInput).min(MIN_OPTIONS, `give at least ${MIN_OPTIONS} options`).max(MAX_OPTIONS, `give at most ${MAX_OPTIONS} options`),
  scenarioId: z.uuid().nullable().optional(),
  scenarioPosition: z.number().int().min(0).max(1000).optional(),
  publish: z.boolean().default(false),
});
export const itemPatchBody = z.strictObject({
  kind: z.enum(ITEM_KINDS).optional(),
  competency: z.string().trim().min(1).max(100).optional(),
  stem: z.string().trim().min(1, 'is empty; write the question').max(MAX_STEM).optional(),
  options: z.array(optionInput).min(MIN_OPTIONS).max(MAX_OPTIONS).optional(),
  scenarioId: z.uuid().nullable().optional(),
  scenarioPosition: z.number().int().min(0).max(1000).optional(),
  /** The version the author started from; a different current version answers 409. */
  expectedVersion: z.number().int().min(1).optional(),
});
export const bankCreateBody = z.strictObject({
  bankKey: keySchema,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
});
export const scenarioCreateBody = z.strictObject({
  bankKey: keySchema,
  scenarioKey: keySchema.optional(),
  title: z.string().trim().min(1).max(200),
  caseText: z.string().trim().min(1, 'is empty; write the case').max(10000),
});
export const scenarioPatchBody = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  caseText: z.string().trim().min(1).max(10000).optional(),
});

function invalidItem(errors: FieldError[], prefix = 'body'): AppError {
  const fields = errors.map((e) => ({ path: `${prefix}.${e.path}`, message: e.message }));
  return new AppError(400, 'invalid_item', `The item is not valid: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, fields);
}

async function scenarioSnapshot(tx: Tx, orgId: string, scenarioId: string | null | undefined, bankId: string): Promise<ScenarioSnapshot | null> {
  if (!scenarioId) return null;
  const [s] = await tx.select().from(itemScenarios).where(and(eq(itemScenarios.id, scenarioId), eq(itemScenarios.orgId, orgId)));
  if (!s) throw new AppError(400, 'invalid_reference', 'No such scenario set in your organisation', [{ path: 'body.scenarioId', message: 'no such scenario set' }]);
  if (s.bankId !== bankId) throw new AppError(400, 'invalid_reference', 'The scenario set belongs to another bank than the item', [{ path: 'body.scenarioId', message: 'is in another bank' }]);
  return { id: s.id, key: s.scenarioKey, title: s.title, caseText: s.caseText };
}

async function loadItemRow(tx: Tx, orgId: string, itemId: string) {
  const [row] = await tx.select().from(items).where(and(eq(items.id, itemId), eq(items.orgId, orgId)));
  if (!row) throw notFound('Item');
  return row;
}

async function currentContent(tx: Tx, item: typeof items.$inferSelect): Promise<ItemContent> {
  const [v] = await tx.select().from(itemVersions).where(and(eq(itemVersions.itemId, item.id), eq(itemVersions.version, item.currentVersion)));
  return {
    kind: v.kind,
    competency: v.competency,
    stem: v.stem,
    options: v.options.map((o) => ({ text: o.text, correct: o.correct, rationale: o.rationale })),
    scenario: v.scenarioKey !== null && v.caseText !== null ? { id: v.scenarioId ?? '', key: v.scenarioKey, title: v.scenarioTitle ?? '', caseText: v.caseText } : null,
  };
}

export async function createItem(ctx: AppContext, actor: Actor, body: z.infer<typeof itemCreateBody>) {
  const known = await knownCompetencies(ctx.db, actor.orgId);
  const id = await ctx.db.transaction(async (tx) => {
    const bankId = await ensureBank(tx, actor, actor.orgId, body.bankKey);
    const content: ItemContent = {
      kind: body.kind,
      competency: body.competency,
      stem: body.stem,
      options: body.options,
      scenario: await scenarioSnapshot(tx, actor.orgId, body.scenarioId, bankId),
    };
    const errors = checkItemContent(content, known, body.publish);
    if (errors.length) throw invalidItem(errors);
    const itemKey = body.itemKey ?? `${body.bankKey}-${body.competency}-${randomBytes(3).toString('hex')}`;
    return insertItem(tx, actor, actor.orgId, {
      bankId,
      itemKey,
      status: body.publish ? 'published' : 'draft',
      source: 'authored',
      scenarioPosition: body.scenarioPosition,
      content,
    });
  });
  return getItem(ctx.db, actor.orgId, id);
}

export async function updateItem(ctx: AppContext, actor: Actor, itemId: string, patch: z.infer<typeof itemPatchBody>) {
  const known = await knownCompetencies(ctx.db, actor.orgId);
  const outcome = await ctx.db.transaction(async (tx) => {
    const item = await loadItemRow(tx, actor.orgId, itemId);
    const before = await currentContent(tx, item);
    const content: ItemContent = {
      kind: patch.kind ?? before.kind,
      competency: patch.competency ?? before.competency,
      stem: patch.stem ?? before.stem,
      options: patch.options ?? before.options,
      scenario: patch.scenarioId === undefined ? before.scenario : await scenarioSnapshot(tx, actor.orgId, patch.scenarioId, item.bankId),
    };
    // A published item must stay publishable; a draft may be saved half-finished.
    const errors = checkItemContent(content, known, item.status !== 'draft');
    if (errors.length) throw invalidItem(errors);
    return reviseItem(tx, actor, actor.orgId, itemId, content, { expectedVersion: patch.expectedVersion, scenarioPosition: patch.scenarioPosition });
  });
  return { outcome, item: await getItem(ctx.db, actor.orgId, itemId) };
}

export async function publishItem(ctx: AppContext, actor: Actor, itemId: string) {
  const known = await knownCompetencies(ctx.db, actor.orgId);
  await ctx.db.transaction(async (tx) => {
    const item = await loadItemRow(tx, actor.orgId, itemId);
    if (item.status === 'retired') throw conflict('The item is retired; restore it instead of publishing it');
    const errors = checkItemContent(await currentContent(tx, item), known, true);
    if (errors.length) throw new AppError(400, 'not_publishable', `The item cannot be published yet: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors.map((e) => ({ path: `item.${e.path}`, message: e.message })));
    await setItemStatus(tx, actor, actor.orgId, itemId, 'published');
  });
  return getItem(ctx.db, actor.orgId, itemId);
}

export async function retireItem(ctx: AppContext, actor: Actor, itemId: string) {
  await ctx.db.transaction(async (tx) => {
    const item = await loadItemRow(tx, actor.orgId, itemId);
    if (item.status === 'draft') throw conflict('A draft has never been used; delete it instead of retiring it');
    await setItemStatus(tx, actor, actor.orgId, itemId, 'retired');
  });
  return getItem(ctx.db, actor.orgId, itemId);
}

export async function restoreItem(ctx: AppContext, actor: Actor, itemId: string) {
  await ctx.db.transaction(async (tx) => {
    const item = await loadItemRow(tx, actor.orgId, itemId);
    if (item.status === 'draft') throw conflict('The item is a draft, not retired; publish it instead');
    await setItemStatus(tx, actor, actor.orgId, itemId, 'published');
  });
  return getItem(ctx.db, actor.orgId, itemId);
}

export async function deleteDraft(ctx: AppContext, actor: Actor, itemId: string) {
  await ctx.db.transaction(async (tx) => {
    const item = await loadItemRow(tx, actor.orgId, itemId);
    if (item.status !== 'draft') throw conflict('Only drafts can be deleted; a published item may have been answered, so retire it instead');
    await tx.delete(items).where(eq(items.id, itemId));
    await recordAudit(tx, actor, { action: 'item.delete_draft', entityType: 'item', entityId: itemId, before: { itemKey: item.itemKey, stem: item.stem } });
  });
}

export async function createBank(ctx: AppContext, actor: Actor, body: z.infer<typeof bankCreateBody>) {
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: itemBanks.id }).from(itemBanks).where(and(eq(itemBanks.orgId, actor.orgId), eq(itemBanks.bankKey, body.bankKey)));
    if (taken) throw conflict(`A bank with key "${body.bankKey}" already exists`, [{ path: 'body.bankKey', message: 'is already used' }]);
    const [row] = await tx.insert(itemBanks).values({ orgId: actor.orgId, ...body }).returning();
    await recordAudit(tx, actor, { action: 'item_bank.create', entityType: 'item_bank', entityId: row.id, after: row });
    return { id: row.id, bankKey: row.bankKey, title: row.title, description: row.description, counts: { draft: 0, published: 0, retired: 0 }, scenarioCount: 0 };
  });
}

export const scenarioView = z.object({
  id: z.uuid(),
  scenarioKey: z.string(),
  bankKey: z.string(),
  title: z.string(),
  caseText: z.string(),
  items: z.array(z.object({ id: z.uuid(), itemKey: z.string(), status: z.string(), scenarioPosition: z.number().int(), stem: z.string() })),
  updatedAt: z.date(),
});

export async function getScenario(ctx: AppContext, actor: Actor, scenarioId: string) {
  const [s] = await ctx.db
    .select({ id: itemScenarios.id, scenarioKey: itemScenarios.scenarioKey, bankKey: itemBanks.bankKey, title: itemScenarios.title, caseText: itemScenarios.caseText, updatedAt: itemScenarios.updatedAt })
    .from(itemScenarios)
    .innerJoin(itemBanks, eq(itemBanks.id, itemScenarios.bankId))
    .where(and(eq(itemScenarios.id, scenarioId), eq(itemScenarios.orgId, actor.orgId)));
  if (!s) throw notFound('Scenario set');
  const members = await ctx.db
    .select({ id: items.id, itemKey: items.itemKey, status: items.status, scenarioPosition: items.scenarioPosition, stem: items.stem })
    .from(items)
    .where(eq(items.scenarioId, scenarioId))
    .orderBy(asc(items.scenarioPosition), asc(items.itemKey));
  return { ...s, items: members };
}

export async function listScenarios(ctx: AppContext, actor: Actor, filters: { bankKey?: string }, q: { limit: number; offset: number }) {
  const where = and(eq(itemScenarios.orgId, actor.orgId), filters.bankKey ? eq(itemBanks.bankKey, filters.bankKey) : undefined);
  const rows = await ctx.db
    .select({ id: itemScenarios.id, scenarioKey: itemScenarios.scenarioKey, bankKey: itemBanks.bankKey, title: itemScenarios.title, caseText: itemScenarios.caseText, updatedAt: itemScenarios.updatedAt })
    .from(itemScenarios)
    .innerJoin(itemBanks, eq(itemBanks.id, itemScenarios.bankId))
    .where(where)
    .orderBy(asc(itemBanks.bankKey), asc(itemScenarios.scenarioKey))
    .limit(q.limit)
    .offset(q.offset);
  const [{ total }] = await ctx.db.select({ total: count() }).from(itemScenarios).innerJoin(itemBanks, eq(itemBanks.id, itemScenarios.bankId)).where(where);
  const counts = new Map<string, number>();
  if (rows.length) {
    const members = await ctx.db
      .select({ scenarioId: items.scenarioId, n: count() })
      .from(items)
      .where(inArray(items.scenarioId, rows.map((r) => r.id)))
      .groupBy(items.scenarioId);
    for (const m of members) if (m.scenarioId) counts.set(m.scenarioId, Number(m.n));
  }
  return { items: rows.map((r) => ({ ...r, itemCount: counts.get(r.id) ?? 0 })), total: Number(total), limit: q.limit, offset: q.offset };
}

export async function createScenario(ctx: AppContext, actor: Actor, body: z.infer<typeof scenarioCreateBody>) {
  const id = await ctx.db.transaction(async (tx) => {
    const bankId = await ensureBank(tx, actor, actor.orgId, body.bankKey);
    const scenarioKey = body.scenarioKey ?? `${body.bankKey}-scenario-${randomBytes(3).toString('hex')}`;
    const [taken] = await tx.select({ id: itemScenarios.id }).from(itemScenarios).where(and(eq(itemScenarios.orgId, actor.orgId), eq(itemScenarios.scenarioKey, scenarioKey)));
    if (taken) throw conflict(`A scenario set with key "${scenarioKey}" already exists`, [{ path: 'body.scenarioKey', message: 'is already used' }]);
    const [row] = await tx.insert(itemScenarios).values({ orgId: actor.orgId, bankId, scenarioKey, title: body.title, caseText: body.caseText }).returning();
    await recordAudit(tx, actor, { action: 'item_scenario.create', entityType: 'item_scenario', entityId: row.id, after: row });
    return row.id;
  });
  return getScenario(ctx, actor, id);
}

/**
 * Changing the case text changes what every item of the set shows, so each published item of the
 * set gets a new version (drafts change in place): attempts keep the case text they were shown.
 */
export async function updateScenario(ctx: AppContext, actor: Actor, scenarioId: string, patch: z.infer<typeof scenarioPatchBody>) {
  const versioned = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(itemScenarios).where(and(eq(itemScenarios.id, scenarioId), eq(itemScenarios.orgId, actor.orgId)));
    if (!before) throw notFound('Scenario set');
    const [after] = await tx
      .update(itemScenarios)
      .set({ title: patch.title ?? before.title, caseText: patch.caseText ?? before.caseText, updatedAt: new Date() })
      .where(eq(itemScenarios.id, scenarioId))
      .returning();
    await recordAudit(tx, actor, { action: 'item_scenario.update', entityType: 'item_scenario', entityId: scenarioId, before, after });
    const members = await tx.select().from(items).where(eq(items.scenarioId, scenarioId)).orderBy(asc(items.itemKey));
    let count = 0;
    for (const item of members) {
      const content = await currentContent(tx, item);
      const next = { ...content, scenario: { id: after.id, key: after.scenarioKey, title: after.title, caseText: after.caseText } };
      if ((await reviseItem(tx, actor, actor.orgId, item.id, next)) === 'new_version') count += 1;
    }
    return count;
  });
  return { ...(await getScenario(ctx, actor, scenarioId)), itemsVersioned: versioned };
}
