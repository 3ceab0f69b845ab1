import { z } from 'zod';
import type { ProgramRow } from './programs.js';
import type { SubmissionRow } from './practicum.js';
import type { ActionPlanRow } from './action-plan.js';

export const rubricSchema = z.array(
  z.object({ key: z.string().min(1).max(60), title: z.string().min(1).max(200), levels: z.array(z.string().min(1).max(80)).min(2).max(6), passLevel: z.number().int().min(0) }),
).min(1).max(12);

export const programSchema = z.object({
  id: z.uuid(), programKey: z.string(), level: z.string(), name: z.string(), description: z.string(), criteriaNarrative: z.string(),
  pathKey: z.string().nullable(), examId: z.uuid().nullable(), rubric: rubricSchema, actionPlanDays: z.number(), validityDays: z.number(), renewalCeHours: z.number(),
});
export const programView = (p: ProgramRow): z.infer<typeof programSchema> => ({
  id: p.id, programKey: p.programKey, level: p.level, name: p.name, description: p.description, criteriaNarrative: p.criteriaNarrative,
  pathKey: p.pathKey, examId: p.examId, rubric: p.rubric, actionPlanDays: p.actionPlanDays, validityDays: p.validityDays, renewalCeHours: p.renewalCeHours,
});

export const evidenceSchema = z.object({
  kind: z.enum(['file', 'link', 'artefact']),
  ref: z.string().trim().min(1, 'say where the evidence is: a URL, a file id or a toolkit artefact reference').max(500),
  title: z.string().trim().min(1, 'give the evidence a title').max(200),
}).refine((e) => e.kind !== 'link' || /^https?:\/\//.test(e.ref), { message: 'a link must start with http:// or https://', path: ['ref'] });

export const submissionSchema = z.object({
  id: z.uuid(), personId: z.uuid(), round: z.number(), evidence: z.array(z.object({ kind: z.string(), ref: z.string(), title: z.string() })), note: z.string(),
  status: z.enum(['submitted', 'accepted', 'returned']), scores: z.record(z.string(), z.number()).nullable(), comments: z.string().nullable(), submittedAt: z.string(), reviewedAt: z.string().nullable(),
});
export const submissionView = (s: SubmissionRow): z.infer<typeof submissionSchema> => ({
  id: s.id, personId: s.personId, round: s.round, evidence: s.evidence, note: s.note, status: s.status, scores: s.scores, comments: s.comments,
  submittedAt: s.submittedAt.toISOString(), reviewedAt: s.reviewedAt?.toISOString() ?? null,
});

export const planSchema = z.object({
  id: z.uuid(), personId: z.uuid(),
  items: z.array(z.object({ title: z.string(), dueDate: z.string(), checkIns: z.array(z.object({ at: z.string(), note: z.string(), done: z.boolean() })) })),
  submittedAt: z.string(), acknowledgedAt: z.string().nullable(), acknowledgedBy: z.uuid().nullable(),
});
export const planView = (p: ActionPlanRow): z.infer<typeof planSchema> => ({
  id: p.id, personId: p.personId, items: p.items, submittedAt: p.submittedAt.toISOString(), acknowledgedAt: p.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: p.acknowledgedBy,
});
