import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { careerLevels, competencies, trainingStages } from '../framework/schema.js';
import { toolkitTool } from '../../shared/toolkit-tools.js';
import { findReadableLesson, findReadablePath } from './lesson-access.js';
import { lessonSummaries } from './library.js';
import { renderMarkdown } from './markdown.js';
import { learningPaths } from './schema.js';

/** Response shapes of the library (also the OpenAPI document's). */

const labelled = z.object({ id: z.string(), label: z.string() });

export const snippetPartSchema = z.object({ text: z.string(), highlight: z.boolean() });

export const libraryItemSchema = z.object({
  id: z.uuid().describe('Lesson row id (stable across pack upgrades)'),
  key: z.string().describe('The lesson id used in the pack and in URLs'),
  title: z.string(),
  summary: z.string(),
  minutes: z.number().int(),
  stage: z.string(),
  stageTitle: z.string().nullable(),
  levels: z.array(z.string()),
  competencies: z.array(z.string()),
  revision: z.number().int().describe('Goes up each time a pack upgrade changes the lesson'),
  updatedAt: z.date(),
  rank: z.number().nullable().describe('Search relevance, higher first; null when listing without q'),
  snippet: z.array(snippetPartSchema).describe('Where the query matched; highlight marks the matching words. The summary when listing.'),
});

export const lessonDetailSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  title: z.string(),
  summary: z.string(),
  minutes: z.number().int(),
  stage: labelled,
  levels: z.array(labelled),
  competencies: z.array(labelled),
  objectives: z.array(z.string()),
  html: z.string().describe('The body rendered from Markdown (raw HTML in the source is shown as text)'),
  wordCount: z.number().int(),
  revision: z.number().int(),
  updatedAt: z.date(),
  retired: z.boolean().describe('Left out of the latest pack version; readable only with progress on it'),
  applyIt: z.object({
    title: z.string(),
    task: z.string(),
    tool: z.object({ id: z.string(), name: z.string(), capability: z.string(), available: z.boolean().describe('Whether this release ships the tool yet') }),
  }),
  knowledgeCheck: z
    .array(z.object({ id: z.string(), prompt: z.string(), kind: z.enum(['single', 'multiple']), options: z.array(z.object({ index: z.number().int(), text: z.string() })) }))
    .describe('Questions and options only: correctness and feedback come from POST .../check'),
  paths: z.array(z.object({ key: z.string(), title: z.string() })).describe('Learning paths that include the lesson'),
});

export const checkResultSchema = z.object({
  questionId: z.string(),
  kind: z.enum(['single', 'multiple']),
  correct: z.boolean(),
  options: z.array(z.object({ index: z.number().int(), text: z.string(), selected: z.boolean(), correct: z.boolean(), feedback: z.string() })),
});

const pathLessonSchema = z.object({ id: z.uuid(), key: z.string(), title: z.string(), summary: z.string(), minutes: z.number().int(), stage: z.string(), revision: z.number().int(), retired: z.boolean() });

export const pathSummarySchema = z.object({
  id: z.uuid(),
  key: z.string(),
  title: z.string(),
  summary: z.string(),
  fromLevel: labelled,
  toLevel: labelled,
  lessonCount: z.number().int(),
  minutes: z.number().int(),
});

export const pathDetailSchema = pathSummarySchema.extend({
  retired: z.boolean(),
  sections: z.array(z.object({ title: z.string(), description: z.string(), lessons: z.array(pathLessonSchema) })),
});

async function labelMaps(db: Db, orgId: string) {
  const [levels, stages, comps] = await Promise.all([
    db.select({ key: careerLevels.levelKey, label: careerLevels.label, position: careerLevels.position }).from(careerLevels).where(eq(careerLevels.orgId, orgId)),
    db.select({ key: trainingStages.stageKey, label: trainingStages.title }).from(trainingStages).where(eq(trainingStages.orgId, orgId)),
    db.select({ key: competencies.competencyKey, label: competencies.name }).from(competencies).where(eq(competencies.orgId, orgId)),
  ]);
  const map = (rows: { key: string; label: string }[]) => {
    const m = new Map(rows.map((r) => [r.key, r.label]));
    return (id: string) => ({ id, label: m.get(id) ?? id });
  };
  const positions = new Map(levels.map((l) => [l.key, l.position]));
  return { level: map(levels), stage: map(stages), competency: map(comps), levelPosition: (id: string) => positions.get(id) ?? Number.MAX_SAFE_INTEGER };
}

export async function lessonDetail(db: Db, actor: Actor, lessonKey: string): Promise<z.infer<typeof lessonDetailSchema>> {
  const l = await findReadableLesson(db, actor, lessonKey);
  const [labels, paths] = await Promise.all([
    labelMaps(db, actor.orgId),
    db.select({ key: learningPaths.pathKey, title: learningPaths.title, sections: learningPaths.sections }).from(learningPaths).where(and(eq(learningPaths.orgId, actor.orgId), isNull(learningPaths.retiredAt))).orderBy(asc(learningPaths.pathKey)),
  ]);
  const tool = toolkitTool(l.applyIt.tool);
  return {
    id: l.id,
    key: l.lessonKey,
    title: l.title,
    summary: l.summary,
    minutes: l.minutes,
    stage: labels.stage(l.stage),
    levels: l.levels.map(labels.level),
    competencies: l.competencies.map(labels.competency),
    objectives: l.objectives,
    html: renderMarkdown(l.bodyMarkdown),
    wordCount: l.wordCount,
    revision: l.revision,
    updatedAt: l.updatedAt,
    retired: !!l.retiredAt,
    applyIt: {
      title: l.applyIt.title,
      task: l.applyIt.task,
      tool: { id: l.applyIt.tool, name: tool?.name ?? l.applyIt.tool, capability: tool?.capability ?? '', available: tool?.available ?? false },
    },
    knowledgeCheck: l.knowledgeCheck.map((q) => ({ id: q.id, prompt: q.prompt, kind: q.kind, options: q.options.map((o, index) => ({ index, text: o.text })) })),
    paths: paths.filter((p) => p.sections.some((s) => s.lessonKeys.includes(l.lessonKey))).map((p) => ({ key: p.key, title: p.title })),
  };
}

type PathRow = typeof learningPaths.$inferSelect;

async function pathViews(db: Db, orgId: string, rows: PathRow[]) {
  const labels = await labelMaps(db, orgId);
  // Up the ladder: paths starting lower come first, then those ending lower.
  rows = [...rows].sort((a, b) => labels.levelPosition(a.fromLevel) - labels.levelPosition(b.fromLevel) || labels.levelPosition(a.toLevel) - labels.levelPosition(b.toLevel) || a.title.localeCompare(b.title));
  const summaries = await lessonSummaries(db, orgId, [...new Set(rows.flatMap((p) => p.sections.flatMap((s) => s.lessonKeys)))]);
  return rows.map((p) => {
    const sections = p.sections.map((s) => ({
      title: s.title,
      description: s.description,
      lessons: s.lessonKeys.flatMap((key) => {
        const l = summaries.get(key);
        return l ? [{ id: l.id, key: l.key, title: l.title, summary: l.summary, minutes: l.minutes, stage: l.stage, revision: l.revision, retired: l.retired }] : [];
      }),
    }));
    const current = sections.flatMap((s) => s.lessons).filter((l) => !l.retired);
    return {
      id: p.id,
      key: p.pathKey,
      title: p.title,
      summary: p.summary,
      fromLevel: labels.level(p.fromLevel),
      toLevel: labels.level(p.toLevel),
      lessonCount: current.length,
      minutes: current.reduce((n, l) => n + l.minutes, 0),
      retired: !!p.retiredAt,
      sections,
    };
  });
}

export async function listPaths(db: Db, orgId: string) {
  const rows = await db.select().from(learningPaths).where(and(eq(learningPaths.orgId, orgId), isNull(learningPaths.retiredAt))).orderBy(asc(learningPaths.title));
  const views = await pathViews(db, orgId, rows);
  return { items: views.map(({ sections: _s, retired: _r, ...summary }) => summary) };
}

export async function pathDetail(db: Db, actor: Actor, pathKey: string) {
  const row = await findReadablePath(db, actor, pathKey);
  const [view] = await pathViews(db, actor.orgId, [row]);
  return view;
}
