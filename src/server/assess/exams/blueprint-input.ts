import { z } from 'zod';
import { EXAM_STATUSES, FEEDBACK_RELEASES } from './schema.js';

const dateHint = 'must be a date-time such as 2026-03-31T09:00:00Z';
const key = (what: string) => z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, `${what} takes lower-case letters, digits and dashes (at most 63)`);

export const blueprintLineSchema = z
  .object({
    competency: z.string().trim().min(1).max(80),
    count: z.number().int().min(1).max(200),
  })
  .strict();

/** Every field of an exam definition an author sets. */
export const examFieldsSchema = z
  .object({
    examKey: key('examKey'),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(5000).default(''),
    bankKey: key('bankKey'),
    blueprint: z.array(blueprintLineSchema).min(1).max(60),
    timeLimitMinutes: z.number().int().min(1).max(600),
    attemptLimit: z.number().int().min(1).max(100).nullable().default(null),
    cooldownMinutes: z.number().int().min(0).max(525_600).default(0),
    cutScorePercent: z.number().int().min(1).max(100),
    shuffleOptions: z.boolean().default(true),
    feedbackRelease: z.enum(FEEDBACK_RELEASES).default('on_submit'),
    requiredPathKey: key('requiredPathKey').nullable().default(null),
    opensAt: z.coerce.date({ error: dateHint }).nullable().default(null),
    closesAt: z.coerce.date({ error: dateHint }).nullable().default(null),
    status: z.enum(EXAM_STATUSES).default('draft'),
  })
  .strict();

export type ExamFields = z.output<typeof examFieldsSchema>;

/** A change: any subset of the fields. */
export const examPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(5000),
    bankKey: key('bankKey'),
    blueprint: z.array(blueprintLineSchema).min(1).max(60),
    timeLimitMinutes: z.number().int().min(1).max(600),
    attemptLimit: z.number().int().min(1).max(100).nullable(),
    cooldownMinutes: z.number().int().min(0).max(525_600),
    cutScorePercent: z.number().int().min(1).max(100),
    shuffleOptions: z.boolean(),
    feedbackRelease: z.enum(FEEDBACK_RELEASES),
    requiredPathKey: key('requiredPathKey').nullable(),
    opensAt: z.coerce.date({ error: dateHint }).nullable(),
    closesAt: z.coerce.date({ error: dateHint }).nullable(),
    status: z.enum(EXAM_STATUSES),
  })
  .partial()
  .strict();

export type ExamPatch = z.output<typeof examPatchSchema>;

export const MAX_FORM_ITEMS = 300;
