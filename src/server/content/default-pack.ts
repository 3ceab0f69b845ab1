import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { importPack, PackInvalidError, type ImportProgress, type ImportSummary } from './import-pack.js';
import { formatProblem } from './pack/problems.js';
import { readPackFolder, type PackFiles } from './pack/read-files.js';

/** content/default at the package root, found from wherever this module runs (source or bundle). */
export function defaultPackDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'content', 'default');
    if (existsSync(join(candidate, 'pack.yaml'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The content/default pack is missing from this installation');
    dir = parent;
  }
}

let cached: Promise<PackFiles> | undefined;

/** The default pack's files, read once per process. */
export function defaultPackFiles(): Promise<PackFiles> {
  cached ??= readPackFolder(defaultPackDir()).catch((err) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/**
 * Imports the default curriculum (framework, lessons, paths, tips) into a new organisation so it
 * starts populated. A problem in the shipped pack is logged, not thrown: the organisation is made
 * either way, and `milewide pack import content/default --org SLUG` can add the pack later.
 */
export async function installDefaultPack(db: Db, log: Pick<Logger, 'warn'>, orgId: string, actor: Actor | null, onProgress?: ImportProgress): Promise<ImportSummary | null> {
  try {
    return await importPack(db, { orgId, actor }, await defaultPackFiles(), { onProgress });
  } catch (err) {
    if (!(err instanceof PackInvalidError)) throw err;
    log.warn({ problems: err.problems.slice(0, 10).map(formatProblem), count: err.problems.length }, 'the default content pack has problems and was not imported; fix content/default and run `milewide pack import content/default --org SLUG`');
    return null;
  }
}
