import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { careerLevels, competencies, jobRoles, proficiencyLevels, trainingStages } from './schema.js';

type Tx = Pick<Db, 'select'>;

export const requirementSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('certificate'), ref: z.enum(['professional', 'executive']), withinMonths: z.number().int().min(1).max(120).optional() }),
  z.strictObject({ kind: z.literal('path'), ref: z.string().min(1).max(100), withinMonths: z.number().int().min(1).max(120).optional() }),
  z.strictObject({ kind: z.literal('competency'), ref: z.string().min(1).max(64), proficiency: z.number().int().min(1).max(10) }),
]);

const edited = z.boolean().describe('Changed by the organisation: a pack upgrade leaves its text alone');
export const scaleLevelSchema = z.object({ level: z.number().int(), label: z.string(), description: z.string(), orgEdited: edited });
export const careerLevelSchema = z.object({ id: z.string(), label: z.string(), description: z.string(), position: z.number().int(), orgEdited: edited });
export const stageSchema = z.object({ id: z.string(), title: z.string(), description: z.string(), levels: z.array(z.string()), position: z.number().int(), orgEdited: edited });
export const competencySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  stage: z.string(),
  targets: z.record(z.string(), z.number().int()).describe('Career level id -> target proficiency'),
  position: z.number().int(),
  orgEdited: edited,
});
export const jobRoleSchema = z.object({ id: z.string(), title: z.string(), level: z.string(), summary: z.string(), requirements: z.array(requirementSchema), position: z.number().int(), orgEdited: edited });
export const frameworkSchema = z.object({
  proficiencyScale: z.array(scaleLevelSchema),
  levels: z.array(careerLevelSchema),
  stages: z.array(stageSchema),
  competencies: z.array(competencySchema),
  jobRoles: z.array(jobRoleSchema),
});
export type FrameworkView = z.infer<typeof frameworkSchema>;

/** The organisation's whole framework, each list in its order. */
export async function loadFramework(db: Tx, orgId: string): Promise<FrameworkView> {
  const [scale, levels, stages, comps, roles] = await Promise.all([
    db.select().from(proficiencyLevels).where(eq(proficiencyLevels.orgId, orgId)).orderBy(asc(proficiencyLevels.level)),
    db.select().from(careerLevels).where(eq(careerLevels.orgId, orgId)).orderBy(asc(careerLevels.position), asc(careerLevels.levelKey)),
    db.select().from(trainingStages).where(eq(trainingStages.orgId, orgId)).orderBy(asc(trainingStages.position), asc(trainingStages.stageKey)),
    db.select().from(competencies).where(eq(competencies.orgId, orgId)).orderBy(asc(competencies.position), asc(competencies.competencyKey)),
    db.select().from(jobRoles).where(and(eq(jobRoles.orgId, orgId), isNull(jobRoles.removedAt))).orderBy(asc(jobRoles.position), asc(jobRoles.roleKey)),
  ]);
  return {
    proficiencyScale: scale.map((s) => ({ level: s.level, label: s.label, description: s.description, orgEdited: !!s.orgEditedAt })),
    levels: levels.map((l) => ({ id: l.levelKey, label: l.label, description: l.description, position: l.position, orgEdited: !!l.orgEditedAt })),
    stages: stages.map((s) => ({ id: s.stageKey, title: s.title, description: s.description, levels: s.levels, position: s.position, orgEdited: !!s.orgEditedAt })),
    competencies: comps.map((c) => ({ id: c.competencyKey, name: c.name, description: c.description, stage: c.stageKey, targets: c.targets, position: c.position, orgEdited: !!c.orgEditedAt })),
    jobRoles: roles.map((r) => ({ id: r.roleKey, title: r.title, level: r.levelKey, summary: r.summary, requirements: r.requirements, position: r.position, orgEdited: !!r.orgEditedAt })),
  };
}
