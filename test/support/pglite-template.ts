import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/server/db/client.js';

/**
 * Vitest global setup: on PGlite, create and migrate one database and save its data directory, so
 * each test file's fresh database (test/support/database.ts) loads that instead of running initdb
 * and every migration again. Made anew on each run, so it always has the current migrations.
 */
export async function setup() {
  if (process.env.TEST_DATABASE_URL) return;
  const db = await openDatabase({ dataDir: 'memory://' });
  await db.migrate();
  const dump = await db.pglite!.dumpDataDir('none');
  await db.close();
  const dir = await mkdtemp(join(tmpdir(), 'milewide-pglite-template-'));
  const file = join(dir, 'migrated.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  process.env.MILEWIDE_TEST_PGLITE_TEMPLATE = file;
  return async () => rm(dir, { recursive: true, force: true });
}
