import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../access/policy.js';
import { recordAudit, recordAudits } from '../../audit/service.js';
import { conflict } from '../../http/errors.js';
import { itemBanks, items, itemVersions, type ItemSource, type ItemStatus } from './schema.js';
import { contentHash, toStoredOptions, type ItemContent } from './item-content.js';

/** Writes of the item bank; every function runs inside the caller's transaction. */
export type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export const BANK_TITLES: Record<string, string> = {
  professional: 'Professional certification',
  executive: 'Executive certification',
};

export function bankTitle(bankKey: string): string {
  return BANK_TITLES[bankKey] ?? bankKey.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** The bank's id, creating the bank when the organisation has none with that key. */
export async function ensureBank(tx: Tx, actor: Actor | null, orgId: string, bankKey: string): Promise<string> {
  const [found] = await tx.select({ id: itemBanks.id }).from(itemBanks).where(and(eq(itemBanks.orgId, orgId), eq(itemBanks.bankKey, bankKey)));
  if (found) return found.id;
  const [row] = await tx
    .insert(itemBanks)
    .values({ orgId, bankKey, title: bankTitle(bankKey) })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    const [again] = await tx.select({ id: itemBanks.id }).from(itemBanks).where(and(eq(itemBanks.orgId, orgId), eq(itemBanks.bankKey, bankKey)));
    return again.id;
  }
  await recordAudit(tx, actor, { orgId, action: 'item_bank.create', entityType: 'item_bank', entityId: row.id, after: row });
  return row.id;
}

function versionValues(orgId: string, itemId: string, version: number, content: ItemContent, createdBy: string | null) {
  return {
    orgId,
    itemId,
    version,
    kind: content.kind,
    competency: content.competency,
    stem: content.stem,
    options: toStoredOptions(content.options),
    scenarioId: content.scenario?.id ?? null,
    scenarioKey: content.scenario?.key ?? null,
    scenarioTitle: content.scenario?.title ?? null,
    caseText: content.scenario?.caseText ?? null,
    contentHash: contentHash(content),
    createdBy,
  };
}

export interface NewItem {
  bankId: string;
  itemKey: string;
  status: Exclude<ItemStatus, 'retired'>;
  source: ItemSource;
  scenarioPosition?: number;
  content: ItemContent;
  /** Set by imports: the content hash of the source (see items.importHash). */
  importHash?: string;
}

/** Inserts an item with its version 1; a taken key is a 409 naming the key. */
export async function insertItem(tx: Tx, actor: Actor | null, orgId: string, input: NewItem): Promise<string> {
  const [taken] = await tx.select({ id: items.id }).from(items).where(and(eq(items.orgId, orgId), eq(items.itemKey, input.itemKey)));
  if (taken) throw conflict(`An item with key "${input.itemKey}" already exists`, [{ path: 'body.itemKey', message: 'is already used by another item' }]);
  const c = input.content;
  const [item] = await tx
    .insert(items)
    .values({
      orgId,
      bankId: input.bankId,
      itemKey: input.itemKey,
      scenarioId: c.scenario?.id ?? null,
      scenarioPosition: input.scenarioPosition ?? 0,
      status: input.status,
      source: input.source,
      kind: c.kind,
      competency: c.competency,
      stem: c.stem,
      currentVersion: 1,
      importHash: input.importHash ?? null,
      createdBy: actor?.personId ?? null,
    })
    .returning();
  const [version] = await tx.insert(itemVersions).values(versionValues(orgId, item.id, 1, c, actor?.personId ?? null)).returning();
  await recordAudit(tx, actor, { orgId, action: 'item.create', entityType: 'item', entityId: item.id, after: { itemKey: item.itemKey, status: item.status, source: item.source, version } });
  return item.id;
}

/**
 * Inserts many new items (keys known to be free) in three statements; the pack import uses it so
 * that seeding a few hundred items stays quick on the embedded database.
 */
export async function insertItemsBulk(tx: Tx, actor: Actor | null, orgId: string, inputs: NewItem[]): Promise<string[]> {
  // Postgres takes at most 65,535 parameters per statement; 500 rows of 15 columns stay well below.
  if (inputs.length > 500) {
    const ids: string[] = [];
    for (let i = 0; i < inputs.length; i += 500) ids.push(...(await insertItemsBulk(tx, actor, orgId, inputs.slice(i, i + 500))));
    return ids;
  }
  if (inputs.length === 0) return [];
  const rows = await tx
    .insert(items)
    .values(
      inputs.map((input) => ({
        orgId,
        bankId: input.bankId,
        itemKey: input.itemKey,
        scenarioId: input.content.scenario?.id ?? null,
        scenarioPosition: input.scenarioPosition ?? 0,
        status: input.status,
        source: input.source,
        kind: input.content.kind,
        competency: input.content.competency,
        stem: input.content.stem,
        currentVersion: 1,
        importHash: input.importHash ?? null,
        createdBy: actor?.personId ?? null,
      })),
    )
    .returning({ id: items.id, itemKey: items.itemKey });
  const idByKey = new Map(rows.map((r) => [r.itemKey, r.id]));
  await tx.insert(itemVersions).values(inputs.map((input) => versionValues(orgId, idByKey.get(input.itemKey)!, 1, input.content, actor?.personId ?? null)));
  await recordAudits(
    tx,
    actor,
    inputs.map((input) => ({ orgId, action: 'item.create', entityType: 'item', entityId: idByKey.get(input.itemKey)!, after: { itemKey: input.itemKey, status: input.status, source: input.source } })),
  );
  return inputs.map((input) => idByKey.get(input.itemKey)!);
}

export type ReviseOutcome = 'unchanged' | 'updated_draft' | 'new_version';

/**
 * Applies new content to an item. A draft changes its one version in place (nobody can have
 * answered it: exams draw only published items). A published or retired item keeps every old
 * version untouched and gets version n+1. Identical content changes nothing.
 */
export async function reviseItem(
  tx: Tx,
  actor: Actor | null,
  orgId: string,
  itemId: string,
  content: ItemContent,
  opts: { expectedVersion?: number; scenarioPosition?: number; importHash?: string } = {},
): Promise<ReviseOutcome> {
  // Row lock: two edits at once must not both write version n+1 or both edit a draft half-way.
  const locked = await tx.execute(sql`select id from items where id = ${itemId} and org_id = ${orgId} for update`);
  if (locked.rows.length === 0) throw conflict('The item was removed meanwhile; reload');
  const [item] = await tx.select().from(items).where(eq(items.id, itemId));
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== item.currentVersion) {
    throw conflict(`The item changed meanwhile: you edited version ${opts.expectedVersion}, the current one is ${item.currentVersion}. Reload and edit again.`, [
      { path: 'body.expectedVersion', message: `is ${opts.expectedVersion}; current version is ${item.currentVersion}` },
    ]);
  }
  const [current] = await tx.select().from(itemVersions).where(and(eq(itemVersions.itemId, itemId), eq(itemVersions.version, item.currentVersion)));
  const hash = contentHash(content);
  const positionChanged = opts.scenarioPosition !== undefined && opts.scenarioPosition !== item.scenarioPosition;
  const itemFields = {
    kind: content.kind,
    competency: content.competency,
    stem: content.stem,
    scenarioId: content.scenario?.id ?? null,
    ...(opts.scenarioPosition !== undefined ? { scenarioPosition: opts.scenarioPosition } : {}),
    ...(opts.importHash !== undefined ? { importHash: opts.importHash } : {}),
    updatedAt: new Date(),
  };
  if (hash === current.contentHash) {
    if (positionChanged || (opts.importHash !== undefined && opts.importHash !== item.importHash)) await tx.update(items).set(itemFields).where(eq(items.id, itemId));
    return 'unchanged';
  }
  const values = versionValues(orgId, itemId, item.currentVersion, content, actor?.personId ?? null);
  if (item.status === 'draft') {
    const [after] = await tx.update(itemVersions).set({ ...values, createdAt: new Date() }).where(eq(itemVersions.id, current.id)).returning();
    await tx.update(items).set(itemFields).where(eq(items.id, itemId));
    await recordAudit(tx, actor, { orgId, action: 'item.update_draft', entityType: 'item', entityId: itemId, before: current, after });
    return 'updated_draft';
  }
  const next = item.currentVersion + 1;
  const [created] = await tx.insert(itemVersions).values({ ...values, version: next }).returning();
  await tx.update(items).set({ ...itemFields, currentVersion: next }).where(eq(items.id, itemId));
  await recordAudit(tx, actor, { orgId, action: 'item.new_version', entityType: 'item', entityId: itemId, before: current, after: created });
  return 'new_version';
}

/** Moves an item between draft, published and retired, with an audit record. */
export async function setItemStatus(tx: Tx, actor: Actor | null, orgId: string, itemId: string, status: ItemStatus): Promise<void> {
  const [before] = await tx.select({ status: items.status, retiredAt: items.retiredAt }).from(items).where(and(eq(items.id, itemId), eq(items.orgId, orgId)));
  if (!before || before.status === status) return;
  await tx
    .update(items)
    .set({ status, retiredAt: status === 'retired' ? new Date() : null, updatedAt: new Date() })
    .where(eq(items.id, itemId));
  const action = status === 'published' ? (before.status === 'retired' ? 'item.restore' : 'item.publish') : status === 'retired' ? 'item.retire' : 'item.unpublish';
  await recordAudit(tx, actor, { orgId, action, entityType: 'item', entityId: itemId, before: { status: before.status }, after: { status } });
}
