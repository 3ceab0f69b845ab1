import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { zipSync, strToU8 } from 'fflate';
import { Document, isCollection } from 'yaml';
import type { Db } from '../db/client.js';
import { notFound } from '../http/errors.js';
import { careerLevels, competencies, jobRoles, proficiencyLevels, trainingStages } from '../framework/schema.js';
import { contentPacks, learningPaths, lessons, tips } from './schema.js';

/** Flow style ([a, b] and { a: 1 }) for the short lists and maps named, block style elsewhere. */
function yamlText(value: unknown, flowPaths: (string | number)[][] = []): string {
  const doc = new Document(value);
  for (const path of flowPaths) {
    const node = doc.getIn(path, true);
    if (isCollection(node)) node.flow = true;
  }
  return doc.toString({ lineWidth: 100, minContentWidth: 40 });
}

/**
 * The organisation's framework as framework.yaml. The framework belongs to the organisation, not to
 * one pack; job roles that need a path from another pack are left out (and named in a comment), so
 * the exported pack validates on its own.
 */
async function frameworkFile(db: Db, orgId: string, packPaths: Set<string>): Promise<string | null> {
  const [scale, levels, stages, comps, roles] = await Promise.all([
    db.select().from(proficiencyLevels).where(eq(proficiencyLevels.orgId, orgId)).orderBy(asc(proficiencyLevels.level)),
    db.select().from(careerLevels).where(eq(careerLevels.orgId, orgId)).orderBy(asc(careerLevels.position)),
    db.select().from(trainingStages).where(eq(trainingStages.orgId, orgId)).orderBy(asc(trainingStages.position)),
    db.select().from(competencies).where(eq(competencies.orgId, orgId)).orderBy(asc(competencies.position)),
    db.select().from(jobRoles).where(and(eq(jobRoles.orgId, orgId), isNull(jobRoles.removedAt))).orderBy(asc(jobRoles.position)),
  ]);
  if (!levels.length && !stages.length && !comps.length) return null;
  const outside = (r: (typeof roles)[number]) => r.requirements.filter((q) => q.kind === 'path' && !packPaths.has(q.ref)).map((q) => q.ref);
  const left = roles.filter((r) => outside(r).length > 0);
  roles.splice(0, roles.length, ...roles.filter((r) => outside(r).length === 0));
  const value = {
    ...(scale.length ? { proficiencyScale: scale.map((s) => ({ level: s.level, label: s.label, description: s.description })) } : {}),
    levels: levels.map((l) => ({ id: l.levelKey, label: l.label, description: l.description })),
    stages: stages.map((s) => ({ id: s.stageKey, title: s.title, levels: s.levels, description: s.description })),
    competencies: comps.map((c) => ({ id: c.competencyKey, name: c.name, stage: c.stageKey, description: c.description, targets: c.targets })),
    jobRoles: roles.map((r) => ({ id: r.roleKey, title: r.title, level: r.levelKey, summary: r.summary, requirements: r.requirements })),
  };
  const flows = [
    ...stages.map((_s, i) => ['stages', i, 'levels']),
    ...comps.map((_c, i) => ['competencies', i, 'targets']),
    ...roles.flatMap((r, i) => r.requirements.map((_q, j) => ['jobRoles', i, 'requirements', j])),
  ];
  const note = left.length ? `# Left out: job roles that need learning paths from other packs: ${left.map((r) => `${r.roleKey} (${outside(r).join(', ')})`).join('; ')}.\n` : '';
  return `# Career framework exported from Milewide.\n${note}${yamlText(value, flows)}`;
}

/** The organisation's installed version of a pack as files (path -> text); retired items are left out. */
export async function exportPack(db: Db, orgId: string, packKey: string): Promise<Map<string, string>> {
  const [pack] = await db.select().from(contentPacks).where(and(eq(contentPacks.orgId, orgId), eq(contentPacks.packKey, packKey)));
  if (!pack) throw notFound(`Content pack "${packKey}"`);
  const files = new Map<string, string>();
  files.set('pack.yaml', yamlText({ id: pack.packKey, name: pack.name, version: pack.version, ...(pack.description ? { description: pack.description } : {}) }));
  const pathRows = await db.select().from(learningPaths).where(and(eq(learningPaths.packId, pack.id), isNull(learningPaths.retiredAt))).orderBy(asc(learningPaths.pathKey));
  const framework = await frameworkFile(db, orgId, new Set(pathRows.map((p) => p.pathKey)));
  if (framework) files.set('framework.yaml', framework);

  const lessonRows = await db.select().from(lessons).where(and(eq(lessons.packId, pack.id), isNull(lessons.retiredAt))).orderBy(asc(lessons.lessonKey));
  for (const l of lessonRows) {
    const frontMatter = {
      id: l.lessonKey,
      title: l.title,
      minutes: l.minutes,
      stage: l.stage,
      levels: l.levels,
      competencies: l.competencies,
      summary: l.summary,
      objectives: l.objectives,
      knowledgeCheck: l.knowledgeCheck,
      applyIt: l.applyIt,
    };
    const yaml = yamlText(frontMatter, [['levels'], ['competencies']]);
    files.set(l.sourcePath || `lessons/${l.stage}/${l.lessonKey}.md`, `---\n${yaml}---\n\n${l.bodyMarkdown}`);
  }

  for (const p of pathRows) {
    const value = {
      id: p.pathKey,
      title: p.title,
      summary: p.summary,
      fromLevel: p.fromLevel,
      toLevel: p.toLevel,
      sections: p.sections.map((s) => ({ title: s.title, ...(s.description ? { description: s.description } : {}), lessons: s.lessonKeys })),
    };
    files.set(p.sourcePath || `paths/${p.pathKey}.yaml`, yamlText(value, p.sections.map((_s, i) => ['sections', i, 'lessons'])));
  }

  const tipRows = await db.select().from(tips).where(and(eq(tips.packId, pack.id), isNull(tips.retiredAt))).orderBy(asc(tips.sourcePath), asc(tips.position), asc(tips.tipKey));
  const tipFiles = new Map<string, { id: string; stage: string; title: string; body: string }[]>();
  for (const t of tipRows) {
    const file = t.sourcePath || `tips/${t.stage}.yaml`;
    if (!tipFiles.has(file)) tipFiles.set(file, []);
    tipFiles.get(file)!.push({ id: t.tipKey, stage: t.stage, title: t.title, body: t.bodyMarkdown });
  }
  for (const [file, list] of tipFiles) files.set(file, yamlText(list));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export async function writePackFolder(dir: string, files: Map<string, string>, onProgress?: (done: number, total: number) => void): Promise<void> {
  let done = 0;
  for (const [path, text] of files) {
    const target = join(dir, path);
    const rel = relative(resolve(dir), resolve(target));
    if (rel.startsWith('..') || rel === '') throw new Error(`Refusing to write ${path}: it would land outside ${dir}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    onProgress?.(++done, files.size);
  }
}

export function zipPack(files: Map<string, string>): Uint8Array {
  return zipSync(Object.fromEntries([...files].map(([path, text]) => [path, strToU8(text)])), { level: 6 });
}
