/**
 * Item bank read API for exams (blueprints, delivery, results) and anyone else who needs questions.
 * This is the only file of src/server/assess/items/ other modules should import.
 *
 * Model in one paragraph
 * ----------------------
 * An organisation has item banks, each with a `bankKey` (`professional`, `executive`, or any key an
 * author chose). A bank holds items. An item has a stable `itemKey` and `itemId`, a status
 * (`draft` | `published` | `retired`) and one or more immutable versions. Only *published* items
 * are offered to exams. A version (`itemVersionId`) carries everything a candidate sees and the key:
 * kind, competency, stem, options (each with `correct` and `rationale`) and, for items in a scenario
 * set, the shared case text. Editing a published item never changes an existing version: it adds a
 * new one and makes it current. Versions are never deleted while anything refers to them.
 *
 * What exams must do
 * ------------------
 * - Build forms from `listPublishedItems(db, orgId, { bankKey, competencies })`: the CURRENT
 *   published version of every published, not-retired item (retired items are left out).
 * - Store `itemVersionId` (FK to `itemVersions.id`, imported from './schema.js', NO cascade) on
 *   every form slot and every answer. Never store just the item id: the text may change later.
 * - Store chosen options as the option `id`s of that version (`'A'`, `'B'`, ...). Option ids are
 *   stable within a version, so shuffling for display is safe as long as you map back to ids.
 * - Later (scoring, review, results) read versions by id with `loadItemVersions(db, orgId, ids)`.
 *   It returns versions whatever the item's current status, so retired or re-edited items still
 *   show the text the candidate saw.
 * - Score with `scoreAnswer(version, chosenOptionIds)`: all-or-nothing, 1 when the chosen set equals
 *   the set of correct options exactly, else 0 (also for multiple-response items; no partial credit).
 * - NEVER send `correct` or `rationale` to a browser before results are released: use
 *   `candidateView(version)` for delivery, which strips both.
 * - Scenario sets: items with the same `scenario.id` share `scenario.caseText`; keep them together
 *   on a form, in `scenario.position` order, if you draw any of them.
 * - For blueprint validation, `countPublishedItems(db, orgId, bankKey)` says how many published
 *   items each competency has.
 *
 * Item analysis (src/server/assess/analysis/) expects exams to provide
 * `loadScoredResponses(db, orgId, examId)`; see analysis/responses.ts for that signature.
 *
 * All functions take the drizzle `db` (or a transaction) and the caller's `orgId`; ids of other
 * organisations are treated as missing. They do not check permissions: routes do.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { itemBanks, items, itemVersions, type ItemKind, type StoredOption } from './schema.js';

export { itemVersions, items, itemBanks } from './schema.js';
export type { ItemKind } from './schema.js';

type Reader = Pick<Db, 'select'>;

export interface ItemOption {
  /** Stable within the version: 'A', 'B', 'C', ... in authoring order. */
  id: string;
  text: string;
  correct: boolean;
  rationale: string;
}

export interface ItemVersionView {
  itemVersionId: string;
  itemId: string;
  itemKey: string;
  bankKey: string;
  /** 1, 2, 3 ... per item. */
  version: number;
  kind: ItemKind;
  competency: string;
  stem: string;
  options: ItemOption[];
  /** Present when the item belongs to a scenario set (case text as of this version). */
  scenario: { id: string; key: string; title: string; caseText: string; position: number } | null;
}

/** What a candidate may see during an exam: no `correct`, no `rationale`. */
export interface CandidateItemView {
  itemVersionId: string;
  kind: ItemKind;
  stem: string;
  options: { id: string; text: string }[];
  scenario: { id: string; title: string; caseText: string } | null;
}

const viewColumns = {
  itemVersionId: itemVersions.id,
  itemId: items.id,
  itemKey: items.itemKey,
  bankKey: itemBanks.bankKey,
  version: itemVersions.version,
  kind: itemVersions.kind,
  competency: itemVersions.competency,
  stem: itemVersions.stem,
  options: itemVersions.options,
  scenarioId: itemVersions.scenarioId,
  scenarioKey: itemVersions.scenarioKey,
  scenarioTitle: itemVersions.scenarioTitle,
  caseText: itemVersions.caseText,
  scenarioPosition: items.scenarioPosition,
};

interface ViewRow {
  itemVersionId: string;
  itemId: string;
  itemKey: string;
  bankKey: string;
  version: number;
  kind: ItemKind;
  competency: string;
  stem: string;
  options: StoredOption[];
  scenarioId: string | null;
  scenarioKey: string | null;
  scenarioTitle: string | null;
  caseText: string | null;
  scenarioPosition: number;
}

function toView(r: ViewRow): ItemVersionView {
  const options = r.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct, rationale: o.rationale }));
  const scenario =
    r.scenarioKey !== null && r.caseText !== null
      ? { id: r.scenarioId ?? '', key: r.scenarioKey, title: r.scenarioTitle ?? '', caseText: r.caseText, position: r.scenarioPosition }
      : null;
  return {
    itemVersionId: r.itemVersionId,
    itemId: r.itemId,
    itemKey: r.itemKey,
    bankKey: r.bankKey,
    version: r.version,
    kind: r.kind,
    competency: r.competency,
    stem: r.stem,
    options,
    scenario,
  };
}

/**
 * The current published version of every published item in a bank, optionally only for some
 * competencies. Ordered by competency, then scenario set and position, then item key, so the
 * result is stable. An unknown bank gives an empty list.
 */
export async function listPublishedItems(db: Reader, orgId: string, filter: { bankKey: string; competencies?: string[] }): Promise<ItemVersionView[]> {
  if (filter.competencies && filter.competencies.length === 0) return [];
  const rows = await db
    .select(viewColumns)
    .from(items)
    .innerJoin(itemBanks, eq(itemBanks.id, items.bankId))
    .innerJoin(itemVersions, and(eq(itemVersions.itemId, items.id), eq(itemVersions.version, items.currentVersion)))
    .where(
      and(
        eq(items.orgId, orgId),
        eq(itemBanks.bankKey, filter.bankKey),
        eq(items.status, 'published'),
        isNull(items.retiredAt),
        filter.competencies ? inArray(items.competency, filter.competencies) : undefined,
      ),
    )
    .orderBy(asc(items.competency), sql`${items.scenarioId} nulls first`, asc(items.scenarioPosition), asc(items.itemKey));
  return rows.map(toView);
}

/**
 * Item versions by id, whatever the item's status now. Ids that do not exist or belong to another
 * organisation are simply absent from the map: check `map.size` against what you asked for.
 */
export async function loadItemVersions(db: Reader, orgId: string, itemVersionIds: readonly string[]): Promise<Map<string, ItemVersionView>> {
  const unique = [...new Set(itemVersionIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select(viewColumns)
    .from(itemVersions)
    .innerJoin(items, eq(items.id, itemVersions.itemId))
    .innerJoin(itemBanks, eq(itemBanks.id, items.bankId))
    .where(and(eq(itemVersions.orgId, orgId), inArray(itemVersions.id, unique)));
  return new Map(rows.map((r) => [r.itemVersionId, toView(r)]));
}

/** Published item counts per competency in a bank, split by kind, for blueprint checks. */
export async function countPublishedItems(db: Reader, orgId: string, bankKey: string): Promise<Record<string, { single: number; multiple: number; total: number }>> {
  const rows = await db
    .select({ competency: items.competency, kind: items.kind, n: sql<number>`count(*)::int` })
    .from(items)
    .innerJoin(itemBanks, eq(itemBanks.id, items.bankId))
    .where(and(eq(items.orgId, orgId), eq(itemBanks.bankKey, bankKey), eq(items.status, 'published'), isNull(items.retiredAt)))
    .groupBy(items.competency, items.kind);
  const out: Record<string, { single: number; multiple: number; total: number }> = {};
  for (const r of rows) {
    const c = (out[r.competency] ??= { single: 0, multiple: 0, total: 0 });
    c[r.kind] += Number(r.n);
    c.total += Number(r.n);
  }
  return out;
}

/** Bank keys of the organisation, with titles. */
export async function listBankKeys(db: Reader, orgId: string): Promise<{ bankKey: string; title: string }[]> {
  return db.select({ bankKey: itemBanks.bankKey, title: itemBanks.title }).from(itemBanks).where(eq(itemBanks.orgId, orgId)).orderBy(asc(itemBanks.bankKey));
}

/** 1 when the chosen option ids are exactly the correct ones (order and duplicates ignored), else 0. */
export function scoreAnswer(version: Pick<ItemVersionView, 'options'>, chosenOptionIds: readonly string[]): 0 | 1 {
  const chosen = new Set(chosenOptionIds);
  const correct = version.options.filter((o) => o.correct).map((o) => o.id);
  if (chosen.size !== correct.length) return 0;
  return correct.every((id) => chosen.has(id)) ? 1 : 0;
}

/** The version as a candidate may see it during an exam (no key, no rationale). */
export function candidateView(version: ItemVersionView): CandidateItemView {
  return {
    itemVersionId: version.itemVersionId,
    kind: version.kind,
    stem: version.stem,
    options: version.options.map((o) => ({ id: o.id, text: o.text })),
    scenario: version.scenario ? { id: version.scenario.id, title: version.scenario.title, caseText: version.scenario.caseText } : null,
  };
}
