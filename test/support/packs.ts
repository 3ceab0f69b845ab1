import { resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { readPackFolder, type PackFiles } from '../../src/server/content/pack/read-files.js';
import { importPack, type ImportSummary } from '../../src/server/content/import-pack.js';
import type { Db } from '../../src/server/db/client.js';

/** A small, valid pack on disk: framework, three lessons, a path and two tips (test/fixtures/packs/small). */
export const SMALL_PACK_DIR = resolve(import.meta.dirname, '../fixtures/packs/small');

export async function smallPack(): Promise<PackFiles> {
  return readPackFolder(SMALL_PACK_DIR);
}

/** A copy of `pack` with files replaced, added, or (null) removed. */
export function withFiles(pack: PackFiles, changes: Record<string, string | null>): PackFiles {
  const files = new Map(pack.files);
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) files.delete(path);
    else files.set(path, text);
  }
  return { files, problems: [...pack.problems] };
}

/** A copy of `pack` with one file's text changed by `edit` (which must change it). */
export function editFile(pack: PackFiles, path: string, edit: (text: string) => string): PackFiles {
  const before = pack.files.get(path);
  if (before === undefined) throw new Error(`the pack has no ${path}`);
  const after = edit(before);
  if (after === before) throw new Error(`the edit did not change ${path}`);
  return withFiles(pack, { [path]: after });
}

export function zipOf(files: Map<string, string> | Record<string, string | Uint8Array>, prefix = ''): Uint8Array {
  const entries = files instanceof Map ? Object.fromEntries(files) : files;
  return zipSync(Object.fromEntries(Object.entries(entries).map(([path, data]) => [prefix + path, typeof data === 'string' ? strToU8(data) : data])));
}

export async function importSmallPack(db: Db, orgId: string): Promise<ImportSummary> {
  return importPack(db, { orgId, actor: null }, await smallPack());
}
