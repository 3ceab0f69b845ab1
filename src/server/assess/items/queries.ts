import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { people } from '../../identity/schema.js';
import { notFound } from '../../http/errors.js';
import type { PageQuery } from '../../http/pagination.js';
import { itemBanks, items, itemScenarios, itemVersions, ITEM_KINDS, ITEM_SOURCES, ITEM_STATUSES } from './schema.js';

type Reader = Pick<Db, 'select'>;

export const optionView = z.object({ id: z.string(), text: z.string(), correct: z.boolean(), rationale: z.string() });
export const versionView = z.object({
  itemVersionId: z.uuid(),
  version: z.number().int(),
  kind: z.enum(ITEM_KINDS),
  competency: z.string(),
  stem: z.string(),
  options: z.array(optionView),
  scenario: z.object({ id: z.string().nullable(), key: z.string(), title: z.string(), caseText: z.string() }).nullable(),
  createdAt: z.date(),
  createdByName: z.string().nullable(),
});
export const itemSummary = z.object({
  id: z.uuid(),
  itemKey: z.string(),
  bankKey: z.string(),
  status: z.enum(ITEM_STATUSES),
  source: z.enum(ITEM_SOURCES),
  kind: z.enum(ITEM_KINDS),
  competency: z.string(),
  stem: z.string(),
  currentVersion: z.number().int(),
  scenario: z.object({ id: z.uuid(), key: z.string(), title: z.string() }).nullable(),
  scenarioPosition: z.number().int(),
  updatedAt: z.date(),
  retiredAt: z.date().nullable(),
});
export const itemDetail = itemSummary.extend({
  current: versionView,
  versions: z.array(z.object({ version: z.number().int(), itemVersionId: z.uuid(), createdAt: z.date(), createdByName: z.string().nullable() })),
});
export type ItemSummary = z.infer<typeof itemSummary>;
export type ItemDetail = z.infer<typeof itemDetail>;

export interface ItemFilters {
  bankKey?: string;
  competency?: string;
  kind?: (typeof ITEM_KINDS)[number];
  status?: (typeof ITEM_STATUSES)[number];
  scenarioId?: string;
  q?: string;
}

const summaryColumns = {
  id: items.id,
  itemKey: items.itemKey,
  bankKey: itemBanks.bankKey,
  status: items.status,
  source: items.source,
  kind: items.kind,
  competency: items.competency,
  stem: items.stem,
  currentVersion: items.currentVersion,
  scenarioId: itemScenarios.id,
  scenarioKey: itemScenarios.scenarioKey,
  scenarioTitle: itemScenarios.title,
  scenarioPosition: items.scenarioPosition,
  updatedAt: items.updatedAt,
  retiredAt: items.retiredAt,
};

function toSummary(r: { scenarioId: string | null; scenarioKey: string | null; scenarioTitle: string | null } & Omit<ItemSummary, 'scenario'>): ItemSummary {
  const { scenarioId, scenarioKey, scenarioTitle, ...rest } = r;
  return { ...rest, scenario: scenarioId && scenarioKey !== null ? { id: scenarioId, key: scenarioKey, title: scenarioTitle ?? '' } : null };
}

export function escapeLike(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterCondition(orgId: string, f: ItemFilters): SQL {
  const parts: (SQL | undefined)[] = [eq(items.orgId, orgId)];
  if (f.bankKey) parts.push(eq(itemBanks.bankKey, f.bankKey));
  if (f.competency) parts.push(eq(items.competency, f.competency));
  if (f.kind) parts.push(eq(items.kind, f.kind));
  if (f.status) parts.push(eq(items.status, f.status));
  if (f.scenarioId) parts.push(eq(items.scenarioId, f.scenarioId));
  if (f.q) {
    const like = escapeLike(f.q);
    // Options and rationales live in the current version's jsonb.
    parts.push(
      or(
        ilike(items.stem, like),
        ilike(items.itemKey, like),
        sql`exists (select 1 from item_versions v, jsonb_array_elements(v.options) o
                    where v.item_id = ${items.id} and v.version = ${items.currentVersion}
                      and (o->>'text' ilike ${like} or o->>'rationale' ilike ${like}))`,
      ),
    );
  }
  return and(...parts)!;
}

export async function listItems(db: Reader, orgId: string, filters: ItemFilters, q: PageQuery) {
  const where = filterCondition(orgId, filters);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(items)
      .innerJoin(itemBanks, eq(itemBanks.id, items.bankId))
      .leftJoin(itemScenarios, eq(itemScenarios.id, items.scenarioId))
      .where(where)
      .orderBy(asc(itemBanks.bankKey), asc(items.competency), asc(items.itemKey))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ total: count() }).from(items).innerJoin(itemBanks, eq(itemBanks.id, items.bankId)).where(where),
  ]);
  return { items: rows.map(toSummary), total: Number(total), limit: q.limit, offset: q.offset };
}

async function findSummary(db: Reader, orgId: string, itemId: string): Promise<ItemSummary | undefined> {
  const [row] = await db
    .select(summaryColumns)
    .from(items)
    .innerJoin(itemBanks, eq(itemBanks.id, items.bankId))
    .leftJoin(itemScenarios, eq(itemScenarios.id, items.scenarioId))
    .where(and(eq(items.orgId, orgId), eq(items.id, itemId)));
  return row ? toSummary(row) : undefined;
}

const versionColumns = {
  itemVersionId: itemVersions.id,
  version: itemVersions.version,
  kind: itemVersions.kind,
  competency: itemVersions.competency,
  stem: itemVersions.stem,
  options: itemVersions.options,
  scenarioId: itemVersions.scenarioId,
  scenarioKey: itemVersions.scenarioKey,
  scenarioTitle: itemVersions.scenarioTitle,
  caseText: itemVersions.caseText,
  createdAt: itemVersions.createdAt,
  createdByName: people.name,
};

export async function findVersion(db: Reader, orgId: string, itemId: string, version: number) {
  const [r] = await db
    .select(versionColumns)
    .from(itemVersions)
    .leftJoin(people, eq(people.id, itemVersions.createdBy))
    .where(and(eq(itemVersions.orgId, orgId), eq(itemVersions.itemId, itemId), eq(itemVersions.version, version)));
  if (!r) return undefined;
  const { scenarioId, scenarioKey, scenarioTitle, caseText, ...rest } = r;
  return {
    ...rest,
    scenario: scenarioKey !== null && caseText !== null ? { id: scenarioId, key: scenarioKey, title: scenarioTitle ?? '', caseText } : null,
  };
}

export async function getItem(db: Reader, orgId: string, itemId: string): Promise<ItemDetail> {
  const summary = await findSummary(db, orgId, itemId);
  if (!summary) throw notFound('Item');
  const current = await findVersion(db, orgId, itemId, summary.currentVersion);
  const versions = await db
    .select({ version: itemVersions.version, itemVersionId: itemVersions.id, createdAt: itemVersions.createdAt, createdByName: people.name })
    .from(itemVersions)
    .leftJoin(people, eq(people.id, itemVersions.createdBy))
    .where(eq(itemVersions.itemId, itemId))
    .orderBy(desc(itemVersions.version));
  return { ...summary, current: current!, versions };
}

export async function getVersion(db: Reader, orgId: string, itemId: string, version: number) {
  const v = await findVersion(db, orgId, itemId, version);
  if (!v) throw notFound('Item version');
  return v;
}

export const bankView = z.object({
  id: z.uuid(),
  bankKey: z.string(),
  title: z.string(),
  description: z.string(),
  counts: z.object({ draft: z.number().int(), published: z.number().int(), retired: z.number().int() }),
  scenarioCount: z.number().int(),
});

export async function listBanks(db: Reader, orgId: string) {
  const banks = await db.select().from(itemBanks).where(eq(itemBanks.orgId, orgId)).orderBy(asc(itemBanks.bankKey));
  const counts = await db
    .select({ bankId: items.bankId, status: items.status, n: count() })
    .from(items)
    .where(eq(items.orgId, orgId))
    .groupBy(items.bankId, items.status);
  const scenarios = await db
    .select({ bankId: itemScenarios.bankId, n: count() })
    .from(itemScenarios)
    .where(eq(itemScenarios.orgId, orgId))
    .groupBy(itemScenarios.bankId);
  return banks.map((b) => {
    const c = { draft: 0, published: 0, retired: 0 };
    for (const r of counts) if (r.bankId === b.id) c[r.status] = Number(r.n);
    return {
      id: b.id,
      bankKey: b.bankKey,
      title: b.title,
      description: b.description,
      counts: c,
      scenarioCount: Number(scenarios.find((s) => s.bankId === b.id)?.n ?? 0),
    };
  });
}
