import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { notFound } from '../../http/errors.js';
import { lessons } from '../../content/schema.js';
import { organisations } from '../../org/schema.js';
import { findVisiblePath, type LessonRow } from '../lookups.js';
import { STAGE_TITLES, type Stage } from '../stages.js';
import { buildGuide, type GuideLesson } from './build-guide.js';

function guideLesson(l: LessonRow): GuideLesson {
  return {
    title: l.title,
    summary: l.summary,
    minutes: l.minutes,
    stageTitle: STAGE_TITLES[l.stage as Stage] ?? l.stage,
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
  const pdf = await buildGuide({
    title: path.title,
    subtitle: path.summary,
    organisationName: await organisationName(ctx, actor.orgId),
    date: new Date(),
    groups: path.sections.map((s) => ({ title: s.title, description: s.description, lessons: s.lessonKeys.flatMap((k) => (byKey.has(k) ? [guideLesson(byKey.get(k)!)] : [])) })),
  });
  return { pdf, filename: `${path.pathKey}-guide.pdf` };
}

/** Every current lesson of a training stage as a PDF, in pack order. */
export async function stageGuide(ctx: AppContext, actor: Actor, stage: Stage) {
  const rows = await ctx.db
    .select()
    .from(lessons)
    .where(and(eq(lessons.orgId, actor.orgId), eq(lessons.stage, stage), isNull(lessons.retiredAt)))
    .orderBy(asc(lessons.sourcePath), asc(lessons.lessonKey));
  if (rows.length === 0) throw notFound(`Lessons for the "${STAGE_TITLES[stage]}" stage`);
  const pdf = await buildGuide({
    title: `${STAGE_TITLES[stage]}: study guide`,
    subtitle: `Every lesson of the ${STAGE_TITLES[stage]} stage, in library order.`,
    organisationName: await organisationName(ctx, actor.orgId),
    date: new Date(),
    groups: [{ lessons: rows.map(guideLesson) }],
  });
  return { pdf, filename: `${stage}-guide.pdf` };
}
