import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { careerLevels, competencies, proficiencyLevels, trainingStages } from '../framework/schema.js';
import type { InstalledContext } from './pack/validate.js';
import { contentPacks, learningPaths, lessons, tips } from './schema.js';

type Tx = Pick<Db, 'select'>;

/** An organisation's framework ids and installed content, for validating a pack against it. */
export async function loadInstalledContext(tx: Tx, orgId: string): Promise<InstalledContext> {
  const [levels, stages, comps, scale, packs, lessonRows, pathRows, tipRows] = await Promise.all([
    tx.select({ key: careerLevels.levelKey }).from(careerLevels).where(eq(careerLevels.orgId, orgId)),
    tx.select({ key: trainingStages.stageKey }).from(trainingStages).where(eq(trainingStages.orgId, orgId)),
    tx.select({ key: competencies.competencyKey }).from(competencies).where(eq(competencies.orgId, orgId)),
    tx.select({ level: proficiencyLevels.level }).from(proficiencyLevels).where(eq(proficiencyLevels.orgId, orgId)),
    tx.select({ key: contentPacks.packKey, version: contentPacks.version, id: contentPacks.id }).from(contentPacks).where(eq(contentPacks.orgId, orgId)),
    tx.select({ key: lessons.lessonKey, packId: lessons.packId, retiredAt: lessons.retiredAt }).from(lessons).where(eq(lessons.orgId, orgId)),
    tx.select({ key: learningPaths.pathKey, packId: learningPaths.packId, retiredAt: learningPaths.retiredAt }).from(learningPaths).where(eq(learningPaths.orgId, orgId)),
    tx.select({ key: tips.tipKey, packId: tips.packId, retiredAt: tips.retiredAt }).from(tips).where(eq(tips.orgId, orgId)),
  ]);
  const packKeyOf = new Map(packs.map((p) => [p.id, p.key]));
  const owners = (rows: { key: string; packId: string; retiredAt: Date | null }[]) => new Map(rows.map((r) => [r.key, { pack: packKeyOf.get(r.packId) ?? '', retired: !!r.retiredAt }]));
  const hasFramework = levels.length > 0 || stages.length > 0 || comps.length > 0;
  return {
    framework: hasFramework
      ? { levels: new Set(levels.map((r) => r.key)), stages: new Set(stages.map((r) => r.key)), competencies: new Set(comps.map((r) => r.key)), scale: new Set(scale.map((r) => r.level)) }
      : null,
    lessons: owners(lessonRows),
    paths: owners(pathRows),
    tips: owners(tipRows),
    packs: new Map(packs.map((p) => [p.key, p.version])),
  };
}
