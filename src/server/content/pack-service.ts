import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people } from '../identity/schema.js';
import { importPack, PackInvalidError, type ImportScope, type ImportSummary } from './import-pack.js';
import type { PackProblem } from './pack/problems.js';
import type { PackFiles } from './pack/read-files.js';
import { contentPacks } from './schema.js';

export interface ValidationReport {
  valid: boolean;
  problems: PackProblem[];
  notes: string[];
  /** What an import would do, when the pack is valid. */
  preview: ImportSummary | null;
}

/** Validates a pack against the organisation and previews the import; writes nothing. */
export async function validateForOrg(db: Db, scope: ImportScope, files: PackFiles): Promise<ValidationReport> {
  try {
    const preview = await importPack(db, scope, files, { dryRun: true });
    return { valid: true, problems: [], notes: preview.notes, preview };
  } catch (err) {
    if (err instanceof PackInvalidError) return { valid: false, problems: err.problems, notes: [], preview: null };
    throw err;
  }
}

export async function listInstalledPacks(db: Db, orgId: string) {
  const count = (table: string, retired: boolean) =>
    // content_packs.id spelled out: drizzle would leave the table name off and bind it to the subquery's table.
    sql<number>`(select count(*)::int from ${sql.raw(table)} x where x.pack_id = content_packs.id and x.retired_at is ${sql.raw(retired ? 'not null' : 'null')})`;
  const items = await db
    .select({
      id: contentPacks.id,
      key: contentPacks.packKey,
      name: contentPacks.name,
      version: contentPacks.version,
      description: contentPacks.description,
      importedAt: contentPacks.importedAt,
      importedByName: people.name,
      lessonCount: count('lessons', false),
      retiredLessonCount: count('lessons', true),
      pathCount: count('learning_paths', false),
      tipCount: count('tips', false),
    })
    .from(contentPacks)
    .leftJoin(people, eq(people.id, contentPacks.importedBy))
    .where(and(eq(contentPacks.orgId, orgId)))
    .orderBy(asc(contentPacks.name));
  return { items };
}
