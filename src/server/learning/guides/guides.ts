import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { notFound } from '../../http/errors.js';
import { lessons } from '../../content/schema.js';
import { organisations } from '../../org/schema.js';
import { findVisiblePath, type LessonRow } from '../lookups.js';
import { trainingStages } from '../../framework/schema.js';
import { STAGE_TITLES } from '../stages.js';
import { buildGuide, type GuideLesson } from './build-guide.js';

/** Stage titles as the organisation's framework names them (it may add or rename stages), else the defaults. */
async function stageTitles(ctx: AppContext, orgId: string): Promise<Map<string, string>> {
  const rows = await ctx.db.select({ key: trainingStages.stageKey, title: trainingStages.title }).from(trainingStages).where(eq(trainingStages.orgId, orgId));
  const titles = new Map<string, string>(Object.entries(STAGE_TITLES));
  for (const r of rows) titles.set(r.key, r.title);
  return titles;
}

function guideLesson(l: LessonRow, titles: Map<string, string>): GuideLesson {
  return {
    title: l.title,
    summary: l.summary,
    minutes: l.minutes,
    stageTitle: titles.get(l.stage) ?? l.stage,
    objectives: l.objectives,
    bodyMarkdown: l.bodyMarkdown,
    knowledgeCheck: l.knowledgeCheck,
    applyIt: l.applyIt,
  };
}

async function organisationName(ctx: AppContext, orgId: string): Promise<string> {
  const [org] = await ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId));
  return org.name;
}

/** A learning path as a PDF: one contents group per path section, lessons in path order. */
export async function pathGuide(ctx: AppContext, actor: Actor, pathKey: string) {
  const path = await findVisiblePath(ctx.db, actor, pathKey);
  const keys = path.sections.flatMap((s) => s.lessonKeys);
  const rows = keys.length ? await ctx.db.select().from(lessons).where(and(eq(lessons.orgId, actor.orgId), inArray(lessons.lessonKey, keys), isNull(lessons.retiredAt))) : [];
  const byKey = new Map(rows.map((l) => [l.lessonKey, l]));
  const titles = await stageTitles(ctx, actor.orgId);
  const pdf = await buildGuide({
    title: path.title,
    subtitle: path.summary,
    organisationName: await organisationName(ctx, actor.orgId),
    date: new Date(),
    groups: path.sections.map((s) => ({ title: s.title, description: s.description, lessons: s.lessonKeys.flatMap((k) => (byKey.has(k) ? [guideLesson(byKey.get(k)!, titles)] : [])) })),
  });
  return { pdf, filename: `${path.pathKey}-guide.pdf` };
}

/** Every current lesson of a training stage (the default five or one the organisation added) as a PDF, in pack order. */
export async function stageGuide(ctx: AppContext, actor: Actor, stage: string) {
  const titles = await stageTitles(ctx, actor.orgId);
  const title = titles.get(stage);
  if (!title) throw notFound(`Training stage "${stage}"`);
  const rows = await ctx.db
    .select()
    .from(lessons)
    .where(and(eq(lessons.orgId, actor.orgId), eq(lessons.stage, stage), isNull(lessons.retiredAt)))
    .orderBy(asc(lessons.sourcePath), asc(lessons.lessonKey));
  if (rows.length === 0) throw notFound(`Lessons for the "${title}" stage`);
  const pdf = await buildGuide({
    title: `${title}: study guide`,
    subtitle: `Every lesson of the ${title} stage, in library order.`,
    organisationName: await organisationName(ctx, actor.orgId),
    date: new Date(),
    groups: [{ lessons: rows.map((l) => guideLesson(l, titles)) }],
  });
  return { pdf, filename: `${stage}-guide.pdf` };
}
