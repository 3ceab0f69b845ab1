import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { AppError, conflict, notFound, type FieldError } from '../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { learningPaths } from '../content/schema.js';
import { careerLevels, competencies, jobRoles, proficiencyLevels, trainingStages, type JobRequirement } from './schema.js';
import { loadFramework } from './views.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface LevelInput { id: string; label: string; description?: string; position?: number }
export interface StageInput { id: string; title: string; description?: string; levels?: string[]; position?: number }
export interface CompetencyInput { id: string; name: string; description: string; stage: string; targets?: Record<string, number>; position?: number }
export interface JobRoleInput { id: string; title: string; level: string; summary?: string; requirements?: JobRequirement[]; position?: number }

/** Framework changes in one organisation take turns, so positions and references stay consistent. */
async function lock(tx: Tx, orgId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`framework:${orgId}`}))`);
}

async function known(tx: Tx, orgId: string) {
  const [levels, stages, comps, scale, paths] = await Promise.all([
    tx.select({ key: careerLevels.levelKey }).from(careerLevels).where(eq(careerLevels.orgId, orgId)),
    tx.select({ key: trainingStages.stageKey }).from(trainingStages).where(eq(trainingStages.orgId, orgId)),
    tx.select({ key: competencies.competencyKey }).from(competencies).where(eq(competencies.orgId, orgId)),
    tx.select({ level: proficiencyLevels.level }).from(proficiencyLevels).where(eq(proficiencyLevels.orgId, orgId)),
    tx.select({ key: learningPaths.pathKey }).from(learningPaths).where(and(eq(learningPaths.orgId, orgId), isNull(learningPaths.retiredAt))),
  ]);
  return {
    levels: new Set(levels.map((r) => r.key)),
    stages: new Set(stages.map((r) => r.key)),
    competencies: new Set(comps.map((r) => r.key)),
    scale: new Set(scale.map((r) => r.level)),
    paths: new Set(paths.map((r) => r.key)),
  };
}
type Known = Awaited<ReturnType<typeof known>>;

function fail(errors: FieldError[]) {
  if (errors.length) throw new AppError(400, 'invalid_reference', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

const onScale = (k: Known, value: number) => k.scale.size === 0 || k.scale.has(value);
const scaleText = (k: Known) => [...k.scale].sort((a, b) => a - b).join(', ');

function checkTargets(k: Known, targets: Record<string, number> | undefined, errors: FieldError[]) {
  for (const [level, value] of Object.entries(targets ?? {})) {
    if (!k.levels.has(level)) errors.push({ path: `body.targets.${level}`, message: `"${level}" is not a career level` });
    else if (!onScale(k, value)) errors.push({ path: `body.targets.${level}`, message: `${value} is not on the proficiency scale (${scaleText(k)})` });
  }
}

function checkRequirements(k: Known, requirements: JobRequirement[] | undefined, errors: FieldError[]) {
  (requirements ?? []).forEach((r, i) => {
    const path = `body.requirements.${i}.ref`;
    if (r.kind === 'path' && !k.paths.has(r.ref)) errors.push({ path, message: `"${r.ref}" is not an installed learning path` });
    if (r.kind === 'competency') {
      if (!k.competencies.has(r.ref)) errors.push({ path, message: `"${r.ref}" is not a competency` });
      if (!onScale(k, r.proficiency)) errors.push({ path: `body.requirements.${i}.proficiency`, message: `${r.proficiency} is not on the proficiency scale (${scaleText(k)})` });
    }
  });
}

type Ordered = 'career_levels' | 'training_stages' | 'competencies' | 'job_roles';
const KEY_COLUMN: Record<Ordered, string> = { career_levels: 'level_key', training_stages: 'stage_key', competencies: 'competency_key', job_roles: 'role_key' };

/** Moves one item to a 0-based place in its list and renumbers the list. */
async function moveTo(tx: Tx, table: Ordered, orgId: string, key: string, index: number) {
  const keyColumn = sql.raw(KEY_COLUMN[table]);
  const result = await tx.execute(sql`select id, ${keyColumn} as key, position from ${sql.raw(table)} where org_id = ${orgId} order by position, ${keyColumn}`);
  const rows = result.rows as { id: string; key: string; position: number }[];
  const from = rows.findIndex((r) => r.key === key);
  if (from < 0) return;
  const [moved] = rows.splice(from, 1);
  rows.splice(Math.min(Math.max(index, 0), rows.length), 0, moved);
  for (const [i, row] of rows.entries()) {
    if (row.position !== i) await tx.execute(sql`update ${sql.raw(table)} set position = ${i} where id = ${row.id}`);
  }
}

async function nextPosition(tx: Tx, table: Ordered, orgId: string): Promise<number> {
  const result = await tx.execute(sql`select coalesce(max(position) + 1, 0)::int as n from ${sql.raw(table)} where org_id = ${orgId}`);
  return Number((result.rows[0] as { n: number }).n);
}

async function audited(ctx: AppContext, actor: Actor, action: string, entityType: string, entityId: string, change: (tx: Tx, k: Known) => Promise<{ before: unknown; after: unknown } | null>): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lock(tx, actor.orgId);
    const k = await known(tx, actor.orgId);
    const diff = await change(tx, k);
    if (diff) await recordAudit(tx, actor, { action, entityType, entityId, before: diff.before, after: diff.after });
  });
}

const pick = <T extends object>(row: T, keys: string[]) => Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, (row as Record<string, unknown>)[k]]));

export async function updateScaleLevel(ctx: AppContext, actor: Actor, level: number, patch: { label?: string; description?: string }) {
  await audited(ctx, actor, 'framework.scale.update', 'proficiency_level', String(level), async (tx) => {
    const where = and(eq(proficiencyLevels.orgId, actor.orgId), eq(proficiencyLevels.level, level));
    const [before] = await tx.select().from(proficiencyLevels).where(where);
    if (!before) throw notFound(`Proficiency level ${level}`);
    const [after] = await tx.update(proficiencyLevels).set({ ...patch, orgEditedAt: new Date() }).where(where).returning();
    return { before: pick(before, Object.keys(patch)), after: pick(after, Object.keys(patch)) };
  });
  return (await loadFramework(ctx.db, actor.orgId)).proficiencyScale.find((s) => s.level === level)!;
}

export async function createLevel(ctx: AppContext, actor: Actor, input: LevelInput) {
  await audited(ctx, actor, 'framework.level.create', 'career_level', input.id, async (tx, k) => {
    if (k.levels.has(input.id)) throw conflict(`There is already a career level "${input.id}"`, [{ path: 'body.id', message: 'already used' }]);
    const position = await nextPosition(tx, 'career_levels', actor.orgId);
    const [row] = await tx.insert(careerLevels).values({ orgId: actor.orgId, levelKey: input.id, label: input.label, description: input.description ?? '', position, orgEditedAt: new Date() }).returning();
    if (input.position !== undefined) await moveTo(tx, 'career_levels', actor.orgId, input.id, input.position);
    return { before: null, after: row };
  });
  return (await loadFramework(ctx.db, actor.orgId)).levels.find((l) => l.id === input.id)!;
}

export async function updateLevel(ctx: AppContext, actor: Actor, key: string, patch: Partial<Omit<LevelInput, 'id'>>) {
  await audited(ctx, actor, 'framework.level.update', 'career_level', key, async (tx) => {
    const [before] = await tx.select().from(careerLevels).where(and(eq(careerLevels.orgId, actor.orgId), eq(careerLevels.levelKey, key)));
    if (!before) throw notFound(`Career level "${key}"`);
    const { position, ...text } = patch;
    const [after] = await tx.update(careerLevels).set({ ...text, orgEditedAt: new Date(), updatedAt: new Date() }).where(eq(careerLevels.id, before.id)).returning();
    if (position !== undefined) await moveTo(tx, 'career_levels', actor.orgId, key, position);
    return { before: pick(before, Object.keys(patch)), after: { ...pick(after, Object.keys(text)), ...(position !== undefined ? { position } : {}) } };
  });
  return (await loadFramework(ctx.db, actor.orgId)).levels.find((l) => l.id === key)!;
}

export async function createStage(ctx: AppContext, actor: Actor, input: StageInput) {
  await audited(ctx, actor, 'framework.stage.create', 'training_stage', input.id, async (tx, k) => {
    if (k.stages.has(input.id)) throw conflict(`There is already a training stage "${input.id}"`, [{ path: 'body.id', message: 'already used' }]);
    const errors: FieldError[] = [];
    (input.levels ?? []).forEach((l, i) => k.levels.has(l) || errors.push({ path: `body.levels.${i}`, message: `"${l}" is not a career level` }));
    fail(errors);
    const position = await nextPosition(tx, 'training_stages', actor.orgId);
    const [row] = await tx.insert(trainingStages).values({ orgId: actor.orgId, stageKey: input.id, title: input.title, description: input.description ?? '', levels: input.levels ?? [], position, orgEditedAt: new Date() }).returning();
    if (input.position !== undefined) await moveTo(tx, 'training_stages', actor.orgId, input.id, input.position);
    return { before: null, after: row };
  });
  return (await loadFramework(ctx.db, actor.orgId)).stages.find((s) => s.id === input.id)!;
}

export async function updateStage(ctx: AppContext, actor: Actor, key: string, patch: Partial<Omit<StageInput, 'id'>>) {
  await audited(ctx, actor, 'framework.stage.update', 'training_stage', key, async (tx, k) => {
    const [before] = await tx.select().from(trainingStages).where(and(eq(trainingStages.orgId, actor.orgId), eq(trainingStages.stageKey, key)));
    if (!before) throw notFound(`Training stage "${key}"`);
    const errors: FieldError[] = [];
    (patch.levels ?? []).forEach((l, i) => k.levels.has(l) || errors.push({ path: `body.levels.${i}`, message: `"${l}" is not a career level` }));
    fail(errors);
    const { position, ...text } = patch;
    const [after] = await tx.update(trainingStages).set({ ...text, orgEditedAt: new Date(), updatedAt: new Date() }).where(eq(trainingStages.id, before.id)).returning();
    if (position !== undefined) await moveTo(tx, 'training_stages', actor.orgId, key, position);
    return { before: pick(before, Object.keys(patch)), after: { ...pick(after, Object.keys(text)), ...(position !== undefined ? { position } : {}) } };
  });
  return (await loadFramework(ctx.db, actor.orgId)).stages.find((s) => s.id === key)!;
}

export async function createCompetency(ctx: AppContext, actor: Actor, input: CompetencyInput) {
  await audited(ctx, actor, 'framework.competency.create', 'competency', input.id, async (tx, k) => {
    if (k.competencies.has(input.id)) throw conflict(`There is already a competency "${input.id}"`, [{ path: 'body.id', message: 'already used' }]);
    const errors: FieldError[] = [];
    if (!k.stages.has(input.stage)) errors.push({ path: 'body.stage', message: `"${input.stage}" is not a training stage` });
    checkTargets(k, input.targets, errors);
    fail(errors);
    const position = await nextPosition(tx, 'competencies', actor.orgId);
    const [row] = await tx
      .insert(competencies)
      .values({ orgId: actor.orgId, competencyKey: input.id, name: input.name, description: input.description, stageKey: input.stage, targets: input.targets ?? {}, position, orgEditedAt: new Date() })
      .returning();
    if (input.position !== undefined) await moveTo(tx, 'competencies', actor.orgId, input.id, input.position);
    return { before: null, after: row };
  });
  return (await loadFramework(ctx.db, actor.orgId)).competencies.find((c) => c.id === input.id)!;
}

export async function updateCompetency(ctx: AppContext, actor: Actor, key: string, patch: Partial<Omit<CompetencyInput, 'id'>>) {
  await audited(ctx, actor, 'framework.competency.update', 'competency', key, async (tx, k) => {
    const [before] = await tx.select().from(competencies).where(and(eq(competencies.orgId, actor.orgId), eq(competencies.competencyKey, key)));
    if (!before) throw notFound(`Competency "${key}"`);
    const errors: FieldError[] = [];
    if (patch.stage !== undefined && !k.stages.has(patch.stage)) errors.push({ path: 'body.stage', message: `"${patch.stage}" is not a training stage` });
    checkTargets(k, patch.targets, errors);
    fail(errors);
    const { position, stage, ...rest } = patch;
    const set = { ...rest, ...(stage !== undefined ? { stageKey: stage } : {}) };
    const [after] = await tx.update(competencies).set({ ...set, orgEditedAt: new Date(), updatedAt: new Date() }).where(eq(competencies.id, before.id)).returning();
    if (position !== undefined) await moveTo(tx, 'competencies', actor.orgId, key, position);
    return { before: pick(before, Object.keys(set)), after: { ...pick(after, Object.keys(set)), ...(position !== undefined ? { position } : {}) } };
  });
  return (await loadFramework(ctx.db, actor.orgId)).competencies.find((c) => c.id === key)!;
}

export async function createJobRole(ctx: AppContext, actor: Actor, input: JobRoleInput) {
  await audited(ctx, actor, 'framework.job_role.create', 'job_role', input.id, async (tx, k) => {
    const [existing] = await tx.select().from(jobRoles).where(and(eq(jobRoles.orgId, actor.orgId), eq(jobRoles.roleKey, input.id)));
    if (existing && !existing.removedAt) throw conflict(`There is already a job role "${input.id}"`, [{ path: 'body.id', message: 'already used' }]);
    const errors: FieldError[] = [];
    if (!k.levels.has(input.level)) errors.push({ path: 'body.level', message: `"${input.level}" is not a career level` });
    checkRequirements(k, input.requirements, errors);
    fail(errors);
    const position = await nextPosition(tx, 'job_roles', actor.orgId);
    const values = { title: input.title, levelKey: input.level, summary: input.summary ?? '', requirements: input.requirements ?? [], position, orgEditedAt: new Date() };
    // A role removed earlier keeps its row (so pack upgrades leave it out); adding it again brings the row back.
    const [row] = existing
      ? await tx.update(jobRoles).set({ ...values, removedAt: null, updatedAt: new Date() }).where(eq(jobRoles.id, existing.id)).returning()
      : await tx.insert(jobRoles).values({ orgId: actor.orgId, roleKey: input.id, ...values }).returning();
    if (input.position !== undefined) await moveTo(tx, 'job_roles', actor.orgId, input.id, input.position);
    return { before: null, after: row };
  });
  return (await loadFramework(ctx.db, actor.orgId)).jobRoles.find((r) => r.id === input.id)!;
}

export async function updateJobRole(ctx: AppContext, actor: Actor, key: string, patch: Partial<Omit<JobRoleInput, 'id'>>) {
  await audited(ctx, actor, 'framework.job_role.update', 'job_role', key, async (tx, k) => {
    const [before] = await tx.select().from(jobRoles).where(and(eq(jobRoles.orgId, actor.orgId), eq(jobRoles.roleKey, key), isNull(jobRoles.removedAt)));
    if (!before) throw notFound(`Job role "${key}"`);
    const errors: FieldError[] = [];
    if (patch.level !== undefined && !k.levels.has(patch.level)) errors.push({ path: 'body.level', message: `"${patch.level}" is not a career level` });
    checkRequirements(k, patch.requirements, errors);
    fail(errors);
    const { position, level, ...rest } = patch;
    const set = { ...rest, ...(level !== undefined ? { levelKey: level } : {}) };
    const [after] = await tx.update(jobRoles).set({ ...set, orgEditedAt: new Date(), updatedAt: new Date() }).where(eq(jobRoles.id, before.id)).returning();
    if (position !== undefined) await moveTo(tx, 'job_roles', actor.orgId, key, position);
    return { before: pick(before, Object.keys(set)), after: { ...pick(after, Object.keys(set)), ...(position !== undefined ? { position } : {}) } };
  });
  return (await loadFramework(ctx.db, actor.orgId)).jobRoles.find((r) => r.id === key)!;
}

export async function deleteJobRole(ctx: AppContext, actor: Actor, key: string) {
  await audited(ctx, actor, 'framework.job_role.delete', 'job_role', key, async (tx) => {
    // Kept as removed rather than deleted, so that importing a newer pack does not bring it back.
    const now = new Date();
    const [before] = await tx.update(jobRoles).set({ removedAt: now, orgEditedAt: now, updatedAt: now }).where(and(eq(jobRoles.orgId, actor.orgId), eq(jobRoles.roleKey, key), isNull(jobRoles.removedAt))).returning();
    if (!before) throw notFound(`Job role "${key}"`);
    return { before: { ...before, removedAt: null }, after: null };
  });
}
