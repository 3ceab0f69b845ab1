// Test support: puts published items straight into the item bank tables, so exam tests do not
// depend on the authoring routes of the items module (which has its own tests).
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { itemBanks, items, itemScenarios, itemVersions, type StoredOption } from '../../items/schema.js';

export interface SeedItem {
  key: string;
  competency: string;
  kind?: 'single' | 'multiple';
  /** Option ids that are correct, e.g. ['B'] or ['A', 'C']. */
  correct: string[];
  optionCount?: number;
  scenario?: { key: string; title: string; caseText: string; position: number };
}

export interface SeededItem {
  itemId: string;
  itemVersionId: string;
  competency: string;
  correct: string[];
  stem: string;
  options: StoredOption[];
}

const OPTION_TEXTS = [
  'Escalate to the on-call Expert and post a status update to affected managers',
  'Wait for the vendor to call back before telling anyone',
  'Commit to the date the team expects, without any buffer',
  'Log the work for two weeks and mark what can be delegated',
  'Promise about 100 productive hours per programmer per month',
  'Ask each department manager in person what IT should work on',
  'Explain what is changing, why, and why it helps each person',
  'Report the on-time and on-budget record every month',
];

/** A rationale text that is unique per option, so a test can search response bodies for it. */
export const rationaleText = (itemKey: string, optionId: string, correct: boolean) =>
  `Rationale ${itemKey}/${optionId}: ${correct ? 'this is what a prepared IT manager does' : 'this leaves clients uninformed and the manager without credibility'}.`;

export async function seedBank(db: Db, orgId: string, bankKey: string, list: SeedItem[]): Promise<Map<string, SeededItem>> {
  let [bank] = await db.select().from(itemBanks).where(and(eq(itemBanks.orgId, orgId), eq(itemBanks.bankKey, bankKey)));
  if (!bank) [bank] = await db.insert(itemBanks).values({ orgId, bankKey, title: `Bank ${bankKey}` }).returning();
  const scenarios = new Map<string, string>();
  const out = new Map<string, SeededItem>();
  for (const s of list) {
    let scenarioId: string | null = null;
    if (s.scenario) {
      scenarioId = scenarios.get(s.scenario.key) ?? null;
      if (!scenarioId) {
        const [row] = await db.insert(itemScenarios).values({ orgId, bankId: bank.id, scenarioKey: s.scenario.key, title: s.scenario.title, caseText: s.scenario.caseText }).returning();
        scenarioId = row.id;
        scenarios.set(s.scenario.key, scenarioId);
      }
    }
    const ids = 'ABCDEFGH'.slice(0, s.optionCount ?? 4).split('');
    const options: StoredOption[] = ids.map((id, i) => ({ id, text: `${OPTION_TEXTS[i]} (${s.key})`, correct: s.correct.includes(id), rationale: rationaleText(s.key, id, s.correct.includes(id)) }));
    const kind = s.kind ?? (s.correct.length > 1 ? 'multiple' : 'single');
    const stem = `Item ${s.key}: what should the new IT manager do first in this ${s.competency} situation?`;
    const [item] = await db
      .insert(items)
      .values({ orgId, bankId: bank.id, itemKey: s.key, scenarioId, scenarioPosition: s.scenario?.position ?? 0, status: 'published', source: 'authored', kind, competency: s.competency, stem, currentVersion: 1 })
      .returning();
    const [version] = await db
      .insert(itemVersions)
      .values({
        orgId,
        itemId: item.id,
        version: 1,
        kind,
        competency: s.competency,
        stem,
        options,
        scenarioId,
        scenarioKey: s.scenario?.key ?? null,
        scenarioTitle: s.scenario?.title ?? null,
        caseText: s.scenario?.caseText ?? null,
        contentHash: createHash('sha256').update(JSON.stringify({ stem, options })).digest('hex'),
      })
      .returning();
    out.set(s.key, { itemId: item.id, itemVersionId: version.id, competency: s.competency, correct: s.correct, stem, options });
  }
  return out;
}

/** `count` single-response items per competency, keyed `<competency>-<n>`, with varying keys. */
export function itemsFor(counts: Record<string, number>): SeedItem[] {
  return Object.entries(counts).flatMap(([competency, n]) =>
    Array.from({ length: n }, (_, i) => ({ key: `${competency}-${i + 1}`, competency, correct: ['ABCD'[(i * 3 + competency.length) % 4]] })),
  );
}

/** Adds version 2 of an item (new stem) and makes it current, as an edit of a published item does. */
export async function reviseItem(db: Db, orgId: string, item: SeededItem, newStem: string): Promise<string> {
  const [v] = await db
    .insert(itemVersions)
    .values({ orgId, itemId: item.itemId, version: 2, kind: 'single', competency: item.competency, stem: newStem, options: item.options, contentHash: createHash('sha256').update(newStem).digest('hex') })
    .returning();
  await db.update(items).set({ currentVersion: 2, stem: newStem }).where(eq(items.id, item.itemId));
  return v.id;
}
