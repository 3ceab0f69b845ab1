import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { AppError } from '../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { mergeFramework, planFrameworkMerge, type FrameworkMergeCounts } from '../framework/merge.js';
import { loadInstalledContext } from './installed.js';
import { formatProblem, type PackProblem } from './pack/problems.js';
import type { PackFiles } from './pack/read-files.js';
import type { ParsedLesson, ParsedPath, ParsedTip } from './pack/types.js';
import { validatePack } from './pack/validate.js';
import { contentPacks, learningPaths, lessons, tips } from './schema.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A pack with problems: nothing was imported. `fields` carries every problem as "file:line". */
export class PackInvalidError extends AppError {
  constructor(readonly problems: PackProblem[]) {
    const n = problems.length;
    super(
      400,
      'pack_invalid',
      `The pack has ${n} problem${n === 1 ? '' : 's'}; nothing was imported. ${n > 1 ? 'The first: ' : ''}${formatProblem(problems[0])}`,
      problems.map((p) => ({ path: p.line ? `${p.file}:${p.line}` : p.file, message: p.message })),
    );
  }
}

export interface ItemCounts {
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
  /** Retired earlier and back in this version. */
  restored: number;
}

export interface ImportSummary {
  dryRun: boolean;
  pack: { id: string | null; key: string; name: string; version: string; previousVersion: string | null };
  lessons: ItemCounts;
  paths: ItemCounts;
  tips: ItemCounts;
  framework: FrameworkMergeCounts | null;
  /** Lessons whose content changed (their revision went up). */
  updatedLessons: string[];
  retiredLessons: string[];
  notes: string[];
}

export type ImportProgress = (step: string, done: number, total: number) => void;

export interface ImportScope {
  orgId: string;
  /** Null when the system imports (first-run setup, the CLI). */
  actor: Actor | null;
}

interface ExistingRow {
  id: string;
  key: string;
  packId: string;
  contentHash: string;
  retiredAt: Date | null;
}

interface ItemPlan<T> {
  create: T[];
  update: { id: string; item: T }[];
  restore: string[];
  retire: ExistingRow[];
  unchanged: number;
}

function planItems<T extends { key: string; contentHash: string }>(items: T[], existing: ExistingRow[], packId: string | undefined): ItemPlan<T> {
  const byKey = new Map(existing.map((r) => [r.key, r]));
  const plan: ItemPlan<T> = { create: [], update: [], restore: [], retire: [], unchanged: 0 };
  for (const item of items) {
    const row = byKey.get(item.key);
    if (!row) plan.create.push(item);
    else if (row.contentHash !== item.contentHash) plan.update.push({ id: row.id, item });
    else if (row.retiredAt) plan.restore.push(row.id);
    else plan.unchanged += 1;
  }
  const keys = new Set(items.map((i) => i.key));
  plan.retire = existing.filter((r) => r.packId === packId && !r.retiredAt && !keys.has(r.key));
  return plan;
}

const counts = (plan: ItemPlan<unknown>): ItemCounts => ({
  created: plan.create.length,
  updated: plan.update.length,
  unchanged: plan.unchanged,
  retired: plan.retire.length,
  restored: plan.restore.length,
});
const changes = (c: ItemCounts) => c.created + c.updated + c.retired + c.restored;

function lessonValues(l: ParsedLesson) {
  return {
    title: l.title,
    summary: l.summary,
    minutes: l.minutes,
    stage: l.stage,
    levels: l.levels,
    competencies: l.competencies,
    objectives: l.objectives,
    bodyMarkdown: l.bodyMarkdown,
    bodyText: l.bodyText,
    knowledgeCheck: l.knowledgeCheck,
    applyIt: l.applyIt,
    wordCount: l.wordCount,
    contentHash: l.contentHash,
    sourcePath: l.file,
  };
}
const pathValues = (p: ParsedPath) => ({ title: p.title, summary: p.summary, fromLevel: p.fromLevel, toLevel: p.toLevel, sections: p.sections, contentHash: p.contentHash, sourcePath: p.file });
const tipValues = (t: ParsedTip) => ({ stage: t.stage, title: t.title, bodyMarkdown: t.bodyMarkdown, contentHash: t.contentHash, sourcePath: t.file, position: t.position });

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function lineOf(text: string | undefined, key: string): number | null {
  if (!text) return null;
  const index = text.split('\n').findIndex((line) => line.startsWith(`${key}:`));
  return index < 0 ? null : index + 1;
}

/**
 * Validates `files` against the organisation and, when there is no problem, imports them in one
 * transaction: the pack row, the framework merge, lessons, paths and tips upserted by id, changed
 * lessons' revision raised, items the new version leaves out retired. Any problem imports nothing.
 */
export async function importPack(db: Db, scope: ImportScope, files: PackFiles, opts: { dryRun?: boolean; onProgress?: ImportProgress } = {}): Promise<ImportSummary> {
  const { orgId, actor } = scope;
  const summary = await db.transaction(async (tx) => {
    // Imports into one organisation take turns, so each validates against what the previous one left.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`content-import:${orgId}`}))`);
    const installed = await loadInstalledContext(tx, orgId);
    const validation = validatePack(files, installed);
    if (!validation.pack) throw new PackInvalidError(validation.problems);
    const pack = validation.pack;
    const { manifest } = pack;

    const [packRow] = await tx.select().from(contentPacks).where(and(eq(contentPacks.orgId, orgId), eq(contentPacks.packKey, manifest.id)));
    const [lessonRows, pathRows, tipRows] = await Promise.all([
      tx.select({ id: lessons.id, key: lessons.lessonKey, packId: lessons.packId, contentHash: lessons.contentHash, retiredAt: lessons.retiredAt }).from(lessons).where(eq(lessons.orgId, orgId)),
      tx.select({ id: learningPaths.id, key: learningPaths.pathKey, packId: learningPaths.packId, contentHash: learningPaths.contentHash, retiredAt: learningPaths.retiredAt }).from(learningPaths).where(eq(learningPaths.orgId, orgId)),
      tx.select({ id: tips.id, key: tips.tipKey, packId: tips.packId, contentHash: tips.contentHash, retiredAt: tips.retiredAt }).from(tips).where(eq(tips.orgId, orgId)),
    ]);
    const lessonPlan = planItems(pack.lessons, lessonRows, packRow?.id);
    const pathPlan = planItems(pack.paths, pathRows, packRow?.id);
    const tipPlan = planItems(pack.tips, tipRows, packRow?.id);
    const frameworkPlan = pack.framework ? await planFrameworkMerge(tx, orgId, pack.framework) : null;

    const summary: ImportSummary = {
      dryRun: !!opts.dryRun,
      pack: { id: packRow?.id ?? null, key: manifest.id, name: manifest.name, version: manifest.version, previousVersion: packRow?.version ?? null },
      lessons: counts(lessonPlan),
      paths: counts(pathPlan),
      tips: counts(tipPlan),
      framework: frameworkPlan,
      updatedLessons: lessonPlan.update.map((u) => u.item.key),
      retiredLessons: lessonPlan.retire.map((r) => r.key),
      notes: validation.notes,
    };
    const changed = changes(summary.lessons) + changes(summary.paths) + changes(summary.tips) + (frameworkPlan ? frameworkPlan.added + frameworkPlan.updated : 0);
    const sameMetadata = packRow && packRow.name === manifest.name && packRow.description === manifest.description;
    if (packRow && packRow.version === manifest.version && (changed > 0 || !sameMetadata)) {
      throw new PackInvalidError([
        { file: 'pack.yaml', line: lineOf(files.files.get('pack.yaml'), 'version'), message: `version ${manifest.version} is already installed and this pack differs from it; raise the version to upgrade` },
      ]);
    }
    if (opts.dryRun || (packRow && changed === 0 && sameMetadata)) return summary;

    const now = new Date();
    let packId = packRow?.id;
    if (packRow) {
      await tx.update(contentPacks).set({ name: manifest.name, version: manifest.version, description: manifest.description, importedAt: now, importedBy: actor?.personId ?? null }).where(eq(contentPacks.id, packRow.id));
    } else {
      [{ id: packId }] = await tx.insert(contentPacks).values({ orgId, packKey: manifest.id, name: manifest.name, version: manifest.version, description: manifest.description, importedBy: actor?.personId ?? null }).returning({ id: contentPacks.id });
    }
    summary.pack.id = packId!;
    if (pack.framework) summary.framework = await mergeFramework(tx, orgId, pack.framework);

    await writeItems(tx, 'lessons', lessonPlan, now, opts.onProgress, {
      insert: (batch) => tx.insert(lessons).values(batch.map((l) => ({ orgId, packId: packId!, lessonKey: l.key, ...lessonValues(l) }))),
      update: (id, l) => tx.update(lessons).set({ ...lessonValues(l), packId: packId!, revision: sql`${lessons.revision} + 1`, retiredAt: null, updatedAt: now }).where(eq(lessons.id, id)),
      setRetired: (ids, at) => tx.update(lessons).set({ retiredAt: at }).where(inArray(lessons.id, ids)),
    });
    await writeItems(tx, 'paths', pathPlan, now, opts.onProgress, {
      insert: (batch) => tx.insert(learningPaths).values(batch.map((p) => ({ orgId, packId: packId!, pathKey: p.key, ...pathValues(p) }))),
      update: (id, p) => tx.update(learningPaths).set({ ...pathValues(p), packId: packId!, retiredAt: null, updatedAt: now }).where(eq(learningPaths.id, id)),
      setRetired: (ids, at) => tx.update(learningPaths).set({ retiredAt: at }).where(inArray(learningPaths.id, ids)),
    });
    await writeItems(tx, 'tips', tipPlan, now, opts.onProgress, {
      insert: (batch) => tx.insert(tips).values(batch.map((t) => ({ orgId, packId: packId!, tipKey: t.key, ...tipValues(t) }))),
      update: (id, t) => tx.update(tips).set({ ...tipValues(t), packId: packId!, retiredAt: null, updatedAt: now }).where(eq(tips.id, id)),
      setRetired: (ids, at) => tx.update(tips).set({ retiredAt: at }).where(inArray(tips.id, ids)),
    });

    await recordAudit(tx, actor, {
      orgId,
      action: packRow ? 'content_pack.upgrade' : 'content_pack.import',
      entityType: 'content_pack',
      entityId: packId!,
      before: packRow ? { version: packRow.version } : null,
      after: { key: manifest.id, version: manifest.version, lessons: summary.lessons, paths: summary.paths, tips: summary.tips, framework: summary.framework, updatedLessons: summary.updatedLessons, retiredLessons: summary.retiredLessons },
    });
    return summary;
  });
  // Fresh statistics after a large import, so the planner sees the new lessons (not in the transaction: it would only see them after commit).
  if (!summary.dryRun && summary.lessons.created + summary.lessons.updated > 100) await db.execute(sql`analyze lessons`);
  return summary;
}

interface ItemWriters<T> {
  insert(batch: T[]): PromiseLike<unknown>;
  update(id: string, item: T): PromiseLike<unknown>;
  setRetired(ids: string[], at: Date | null): PromiseLike<unknown>;
}

async function writeItems<T>(_tx: Tx, step: string, plan: ItemPlan<T>, now: Date, onProgress: ImportProgress | undefined, w: ItemWriters<T>) {
  const total = plan.create.length + plan.update.length;
  let done = 0;
  for (const batch of chunks(plan.create, 50)) {
    await w.insert(batch);
    done += batch.length;
    onProgress?.(step, done, total);
  }
  for (const { id, item } of plan.update) {
    await w.update(id, item);
    done += 1;
    if (done % 25 === 0 || done === total) onProgress?.(step, done, total);
  }
  if (plan.restore.length) await w.setRetired(plan.restore, null);
  if (plan.retire.length) await w.setRetired(plan.retire.map((r) => r.id), now);
}
