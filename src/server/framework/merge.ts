import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { ParsedFramework } from '../content/pack/types.js';
import { careerLevels, competencies, jobRoles, proficiencyLevels, trainingStages } from './schema.js';

type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'execute'>;

export interface FrameworkMergeCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Items the pack would change but the organisation has edited: the organisation's text stays. */
  keptOrgEdits: number;
}

interface Plan<R, I> {
  add: I[];
  update: { row: R; item: I }[];
  unchanged: number;
  kept: number;
}

function planMerge<R extends { orgEditedAt: Date | null; removedAt?: Date | null }, I>(rows: R[], items: I[], rowKey: (r: R) => string, itemKey: (i: I) => string, same: (r: R, i: I) => boolean): Plan<R, I> {
  const byKey = new Map(rows.map((r) => [rowKey(r), r]));
  const plan: Plan<R, I> = { add: [], update: [], unchanged: 0, kept: 0 };
  for (const item of items) {
    const row = byKey.get(itemKey(item));
    if (!row) plan.add.push(item);
    else if (row.removedAt) plan.kept += 1; // removed by the organisation: stays removed
    else if (same(row, item)) plan.unchanged += 1;
    else if (row.orgEditedAt) plan.kept += 1;
    else plan.update.push({ row, item });
  }
  return plan;
}

/** JSON with object keys sorted: jsonb gives keys back in its own order, so plain JSON.stringify would see changes that are not there. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}
const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const sameTargets = (a: Record<string, number>, b: Record<string, number>) => sameJson(a, b);

async function loadRows(tx: Tx, orgId: string) {
  const [scale, levels, stages, comps, roles] = await Promise.all([
    tx.select().from(proficiencyLevels).where(eq(proficiencyLevels.orgId, orgId)),
    tx.select().from(careerLevels).where(eq(careerLevels.orgId, orgId)),
    tx.select().from(trainingStages).where(eq(trainingStages.orgId, orgId)),
    tx.select().from(competencies).where(eq(competencies.orgId, orgId)),
    tx.select().from(jobRoles).where(eq(jobRoles.orgId, orgId)),
  ]);
  return { scale, levels, stages, comps, roles };
}

function planAll(rows: Awaited<ReturnType<typeof loadRows>>, fw: ParsedFramework) {
  return {
    scale: planMerge(rows.scale, fw.proficiencyScale ?? [], (r) => String(r.level), (i) => String(i.level), (r, i) => r.label === i.label && r.description === i.description),
    levels: planMerge(rows.levels, fw.levels, (r) => r.levelKey, (i) => i.key, (r, i) => r.label === i.label && r.description === i.description),
    stages: planMerge(rows.stages, fw.stages, (r) => r.stageKey, (i) => i.key, (r, i) => r.title === i.title && r.description === i.description && sameJson(r.levels, i.levels)),
    comps: planMerge(rows.comps, fw.competencies, (r) => r.competencyKey, (i) => i.key, (r, i) => r.name === i.name && r.description === i.description && r.stageKey === i.stage && sameTargets(r.targets, i.targets)),
    roles: planMerge(rows.roles, fw.jobRoles, (r) => r.roleKey, (i) => i.key, (r, i) => r.title === i.title && r.levelKey === i.level && r.summary === i.summary && sameJson(r.requirements, i.requirements)),
  };
}

function countPlans(plans: ReturnType<typeof planAll>): FrameworkMergeCounts {
  const all = Object.values(plans) as Plan<unknown, unknown>[];
  return {
    added: all.reduce((n, p) => n + p.add.length, 0),
    updated: all.reduce((n, p) => n + p.update.length, 0),
    unchanged: all.reduce((n, p) => n + p.unchanged, 0),
    keptOrgEdits: all.reduce((n, p) => n + p.kept, 0),
  };
}

/** What merging `fw` would do, without writing. */
export async function planFrameworkMerge(tx: Tx, orgId: string, fw: ParsedFramework): Promise<FrameworkMergeCounts> {
  return countPlans(planAll(await loadRows(tx, orgId), fw));
}

/**
 * Merges a pack's framework into the organisation's: new items are added (after the existing ones,
 * in the pack's order), items the organisation never edited take the pack's text, and edited items
 * stay as the organisation left them. Nothing is removed.
 */
export async function mergeFramework(tx: Tx, orgId: string, fw: ParsedFramework): Promise<FrameworkMergeCounts> {
  const rows = await loadRows(tx, orgId);
  const plans = planAll(rows, fw);
  const now = new Date();
  const next = (positions: number[]) => (positions.length ? Math.max(...positions) + 1 : 0);

  if (plans.scale.add.length) await tx.insert(proficiencyLevels).values(plans.scale.add.map((s) => ({ orgId, level: s.level, label: s.label, description: s.description })));
  for (const { row, item } of plans.scale.update) {
    await tx.update(proficiencyLevels).set({ label: item.label, description: item.description }).where(and(eq(proficiencyLevels.orgId, orgId), eq(proficiencyLevels.level, row.level)));
  }

  let pos = next(rows.levels.map((r) => r.position));
  if (plans.levels.add.length) await tx.insert(careerLevels).values(plans.levels.add.map((l) => ({ orgId, levelKey: l.key, label: l.label, description: l.description, position: pos++ })));
  for (const { row, item } of plans.levels.update) await tx.update(careerLevels).set({ label: item.label, description: item.description, updatedAt: now }).where(eq(careerLevels.id, row.id));

  pos = next(rows.stages.map((r) => r.position));
  if (plans.stages.add.length) await tx.insert(trainingStages).values(plans.stages.add.map((s) => ({ orgId, stageKey: s.key, title: s.title, description: s.description, levels: s.levels, position: pos++ })));
  for (const { row, item } of plans.stages.update) await tx.update(trainingStages).set({ title: item.title, description: item.description, levels: item.levels, updatedAt: now }).where(eq(trainingStages.id, row.id));

  pos = next(rows.comps.map((r) => r.position));
  if (plans.comps.add.length) {
    await tx.insert(competencies).values(plans.comps.add.map((c) => ({ orgId, competencyKey: c.key, name: c.name, description: c.description, stageKey: c.stage, targets: c.targets, position: pos++ })));
  }
  for (const { row, item } of plans.comps.update) {
    await tx.update(competencies).set({ name: item.name, description: item.description, stageKey: item.stage, targets: item.targets, updatedAt: now }).where(eq(competencies.id, row.id));
  }

  pos = next(rows.roles.map((r) => r.position));
  if (plans.roles.add.length) {
    await tx.insert(jobRoles).values(plans.roles.add.map((r) => ({ orgId, roleKey: r.key, title: r.title, levelKey: r.level, summary: r.summary, requirements: r.requirements, position: pos++ })));
  }
  for (const { row, item } of plans.roles.update) {
    await tx.update(jobRoles).set({ title: item.title, levelKey: item.level, summary: item.summary, requirements: item.requirements, updatedAt: now }).where(eq(jobRoles.id, row.id));
  }
  return countPlans(plans);
}
