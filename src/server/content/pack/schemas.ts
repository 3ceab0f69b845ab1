import { z } from 'zod';
import { TOOLKIT_TOOL_IDS } from '../../../shared/toolkit-tools.js';

/** The shapes of the files in a content pack (docs/content-packs.md). References between files are checked in validate.ts. */

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const KEY_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

const slug = z.string().max(100, 'is too long (at most 100 characters)').regex(SLUG_PATTERN, 'must be lowercase letters, digits and hyphens, like "b16-downtime-planning"');
/** Framework ids may also use underscores (the ladder's `it_manager`). */
const key = z.string().max(64, 'is too long (at most 64 characters)').regex(KEY_PATTERN, 'must be lowercase letters, digits, hyphens and underscores, like "it_manager"');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `is too long (at most ${max} characters)`);
const optionalText = (max: number) => z.string().trim().max(max, `is too long (at most ${max} characters)`).optional().default('');
const oneLine = (max: number) => text(max).refine((s) => !s.includes('\n'), 'must be one line');
const wholeNumber = (min: number, max: number) => z.number().int('must be a whole number').min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`);

export const manifestSchema = z.strictObject({
  id: slug,
  name: oneLine(200),
  version: z.string().regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}$/, 'must be a version like 1.0.0 (major.minor.patch)'),
  description: optionalText(2000),
});
export type Manifest = z.infer<typeof manifestSchema>;

const requirementSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('certificate'), ref: z.enum(['professional', 'executive']), withinMonths: wholeNumber(1, 120).optional() }),
    z.strictObject({ kind: z.literal('path'), ref: slug, withinMonths: wholeNumber(1, 120).optional() }),
    z.strictObject({ kind: z.literal('competency'), ref: key, proficiency: wholeNumber(1, 10) }),
  ],
  { error: 'kind must be certificate, path or competency' },
);

export const frameworkSchema = z.strictObject({
  proficiencyScale: z
    .array(z.strictObject({ level: wholeNumber(1, 10), label: oneLine(60), description: optionalText(500) }))
    .min(2)
    .max(10)
    .optional(),
  levels: z.array(z.strictObject({ id: key, label: oneLine(120), description: optionalText(1000) })).max(30).optional().default([]),
  stages: z.array(z.strictObject({ id: key, title: oneLine(120), levels: z.array(key).max(30).optional().default([]), description: optionalText(1000) })).max(30).optional().default([]),
  competencies: z
    .array(z.strictObject({ id: key, name: oneLine(120), stage: key, description: text(1000), targets: z.record(z.string(), wholeNumber(1, 10)).optional().default({}) }))
    .max(500)
    .optional()
    .default([]),
  jobRoles: z.array(z.strictObject({ id: slug, title: oneLine(120), level: key, summary: optionalText(1000), requirements: z.array(requirementSchema).max(30).optional().default([]) })).max(200).optional().default([]),
});
export type FrameworkFile = z.infer<typeof frameworkSchema>;

const optionSchema = z.strictObject({ text: text(500), correct: z.boolean('must be true or false'), feedback: text(1000) });

// Correct-option counts and unique question ids are checked in parse-lesson.ts on the raw values,
// so they are reported even when something else in the same question is wrong.
const questionSchema = z.strictObject({
  id: slug,
  prompt: text(1000),
  kind: z.enum(['single', 'multiple'], 'must be single or multiple'),
  options: z.array(optionSchema).min(2, 'needs at least 2 options').max(6, 'has too many options (at most 6)'),
});

export const lessonFrontMatterSchema = z.strictObject({
  id: slug,
  title: oneLine(200),
  minutes: wholeNumber(5, 60),
  stage: key,
  levels: z.array(key).min(1, 'name at least one level').max(30),
  competencies: z.array(key).min(1, 'name at least one competency').max(20),
  summary: oneLine(400),
  objectives: z.array(oneLine(300)).min(2, 'needs 2 to 6 objectives').max(6, 'needs 2 to 6 objectives'),
  knowledgeCheck: z.array(questionSchema).min(1, 'needs 1 to 8 questions').max(8, 'needs 1 to 8 questions'),
  applyIt: z.strictObject({
    tool: z.enum(TOOLKIT_TOOL_IDS, `must be a toolkit tool: ${TOOLKIT_TOOL_IDS.join(', ')}`),
    title: oneLine(200),
    task: text(2000),
  }),
});
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

export const pathSchema = z.strictObject({
  id: slug,
  title: oneLine(200),
  summary: text(1000),
  fromLevel: key,
  toLevel: key,
  sections: z
    .array(z.strictObject({ title: oneLine(200), description: optionalText(1000), lessons: z.array(slug).min(1, 'name at least one lesson').max(200) }))
    .min(1, 'needs at least one section')
    .max(50),
});
export type PathFile = z.infer<typeof pathSchema>;

export const tipsSchema = z
  .array(z.strictObject({ id: slug, stage: key, title: oneLine(200), body: text(4000) }), 'must be a list of tips (lines starting with "- id:")')
  .min(1, 'needs at least one tip')
  .max(2000);
export type TipsFile = z.infer<typeof tipsSchema>;
