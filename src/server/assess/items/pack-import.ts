import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../access/policy.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../../audit/service.js';
import { knownCompetencies } from './competencies.js';
import { contentHash, type ItemContent, type ScenarioSnapshot } from './item-content.js';
import { readPackItems, type PackItem, type PackProblem } from './pack-reader.js';
import { itemBanks, items, itemScenarios } from './schema.js';
import { ensureBank, insertItemsBulk, reviseItem, type NewItem, type ReviseOutcome, type Tx } from './store.js';

export type PackItemAction = 'created' | ReviseOutcome;

export interface PackImportReport {
  files: number;
  banks: { bankKey: string; created: number; newVersion: number; updatedDraft: number; unchanged: number }[];
  items: { itemKey: string; bankKey: string; action: PackItemAction; file: string; line: number }[];
  /** Items that came from a pack earlier but are not in it now; they are left as they are. */
  notInPack: string[];
}

export class PackItemsInvalid extends AppError {
  constructor(readonly problems: PackProblem[]) {
    super(
      400,
      'pack_invalid',
      `The item banks have ${problems.length} problem(s); nothing was imported. ${problems.slice(0, 5).map((p) => `${p.file}:${p.line} ${p.message}`).join('; ')}`,
      problems.map((p) => ({ path: `${p.file}:${p.line}`, message: p.message })),
    );
  }
}

/** The default content pack shipped with Milewide (content/default), found from this module's location. */
export function defaultPackDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'content', 'default');
    if (existsSync(join(candidate, 'pack.yaml'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

const ACTION_COUNTER = { created: 'created', new_version: 'newVersion', updated_draft: 'updatedDraft', unchanged: 'unchanged' } as const;

/**
 * Imports `<packDir>/items/<bank>/*.yaml` into an organisation, all in one transaction, or nothing
 * when any file has a problem (PackItemsInvalid lists them with file:line). Idempotent by item id:
 * a new id creates a published item, an item whose pack text changed since the last import gets
 * a new version (old attempts keep theirs), an unchanged one is left alone, even when an author
 * has edited it in the app since.
 */
export async function importItemBanksFromPack(db: Db, packDir: string, orgId: string, options: { actor?: Actor | null } = {}): Promise<PackImportReport> {
  const actor = options.actor ?? null;
  const known = await knownCompetencies(db, orgId);
  const read = readPackItems(packDir, known);
  if (read.problems.length) throw new PackItemsInvalid(read.problems);
  const report: PackImportReport = { files: read.files, banks: [], items: [], notInPack: [] };

  await db.transaction(async (tx) => {
    // Two imports into one organisation at once would race on the same keys; they take turns.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`item-pack:${orgId}`}))`);
    const allKeys = read.banks.flatMap((b) => [...b.items, ...b.scenarios.flatMap((s) => s.items)].map((i) => i.key));
    const existing = allKeys.length
      ? await tx.select({ id: items.id, itemKey: items.itemKey, bankId: items.bankId, importHash: items.importHash }).from(items).where(and(eq(items.orgId, orgId), inArray(items.itemKey, allKeys)))
      : [];
    const byKey = new Map(existing.map((e) => [e.itemKey, e]));
    const clashes: PackProblem[] = [];
    const toCreate: NewItem[] = [];

    for (const bank of read.banks) {
      const bankId = await ensureBank(tx, actor, orgId, bank.bankKey);
      const counts = { bankKey: bank.bankKey, created: 0, newVersion: 0, updatedDraft: 0, unchanged: 0 };
      const apply = async (item: PackItem, scenario: ScenarioSnapshot | null, position: number) => {
        const content: ItemContent = { kind: item.kind, competency: item.competency, stem: item.stem, options: item.options, scenario };
        const hash = contentHash(content);
        const found = byKey.get(item.key);
        let action: PackItemAction;
        if (!found) {
          toCreate.push({ bankId, itemKey: item.key, status: 'published', source: 'pack', scenarioPosition: position, content, importHash: hash });
          action = 'created';
        } else if (found.bankId !== bankId) {
          clashes.push({ file: item.file, line: item.line, message: `item id ${item.key} already belongs to another bank of this organisation` });
          return;
        } else if (found.importHash === hash) {
          action = 'unchanged';
        } else {
          action = await reviseItem(tx, actor, orgId, found.id, content, { scenarioPosition: position, importHash: hash });
        }
        counts[ACTION_COUNTER[action]] += 1;
        report.items.push({ itemKey: item.key, bankKey: bank.bankKey, action, file: item.file, line: item.line });
      };

      for (const item of bank.items) await apply(item, null, 0);
      for (const s of bank.scenarios) {
        // Only a change in the pack touches the set: an author's in-app edit of the case stays otherwise.
        const packChanged = s.items.some((item) => {
          const content: ItemContent = { ...item, scenario: { id: '', key: s.key, title: s.title, caseText: s.caseText } };
          return byKey.get(item.key)?.importHash !== contentHash(content);
        });
        const snapshot = await upsertScenario(tx, actor, orgId, bankId, s, packChanged, clashes);
        if (!snapshot) continue;
        for (const [i, item] of s.items.entries()) await apply(item, snapshot, i + 1);
      }
      await insertItemsBulk(tx, actor, orgId, toCreate.splice(0));
      report.banks.push(counts);

      const packKeys = new Set([...bank.items, ...bank.scenarios.flatMap((s) => s.items)].map((i) => i.key));
      const fromPack = await tx.select({ itemKey: items.itemKey }).from(items).where(and(eq(items.bankId, bankId), eq(items.source, 'pack')));
      report.notInPack.push(...fromPack.map((r) => r.itemKey).filter((k) => !packKeys.has(k)).sort());
    }
    if (clashes.length) throw new PackItemsInvalid(clashes);
    const changed = report.items.filter((i) => i.action !== 'unchanged').length;
    await recordAudit(tx, actor, { orgId, action: 'item_bank.import_pack', entityType: 'organisation', entityId: orgId, after: { packDir, banks: report.banks, changed } });
  });
  return report;
}

async function upsertScenario(tx: Tx, actor: Actor | null, orgId: string, bankId: string, s: { key: string; title: string; caseText: string; file: string; line: number }, packChanged: boolean, clashes: PackProblem[]): Promise<ScenarioSnapshot | null> {
  const [found] = await tx.select().from(itemScenarios).where(and(eq(itemScenarios.orgId, orgId), eq(itemScenarios.scenarioKey, s.key)));
  if (found && found.bankId !== bankId) {
    clashes.push({ file: s.file, line: s.line, message: `scenario id ${s.key} already belongs to another bank of this organisation` });
    return null;
  }
  if (!found) {
    const [row] = await tx.insert(itemScenarios).values({ orgId, bankId, scenarioKey: s.key, title: s.title, caseText: s.caseText }).returning();
    await recordAudit(tx, actor, { orgId, action: 'item_scenario.create', entityType: 'item_scenario', entityId: row.id, after: row });
    return { id: row.id, key: row.scenarioKey, title: row.title, caseText: row.caseText };
  }
  if (packChanged && (found.title !== s.title || found.caseText !== s.caseText)) {
    const [after] = await tx.update(itemScenarios).set({ title: s.title, caseText: s.caseText, updatedAt: new Date() }).where(eq(itemScenarios.id, found.id)).returning();
    await recordAudit(tx, actor, { orgId, action: 'item_scenario.update', entityType: 'item_scenario', entityId: found.id, before: found, after });
  }
  return { id: found.id, key: found.scenarioKey, title: s.title, caseText: s.caseText };
}

/** Bank keys present in an organisation, for callers that only need to know whether banks exist. */
export async function bankKeys(db: Pick<Db, 'select'>, orgId: string): Promise<string[]> {
  return (await db.select({ k: itemBanks.bankKey }).from(itemBanks).where(eq(itemBanks.orgId, orgId))).map((r) => r.k);
}
