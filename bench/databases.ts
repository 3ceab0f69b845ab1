import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/server/db/client.js';
import { seedSyntheticOrg, type SyntheticOrg } from './synthetic-org.js';
import type { Target } from './targets.js';

export interface Prepared {
  target: Target;
  org: SyntheticOrg;
  drop(): Promise<void>;
}

async function seed(open: () => ReturnType<typeof openDatabase>, label: string): Promise<SyntheticOrg> {
  const started = Date.now();
  const database = await open();
  try {
    await database.migrate();
    const org = await seedSyntheticOrg(database);
    process.stdout.write(`  ${label}: migrated and seeded ${org.people} people in ${org.teams} teams in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return org;
  } finally {
    await database.close();
  }
}

/** A new PGlite data directory with the synthetic organisation (closed again before servers open it). */
export async function preparePglite(workDir: string): Promise<Prepared> {
  const dataDir = join(workDir, 'pglite-data');
  const org = await seed(() => openDatabase({ dataDir }), 'PGlite');
  return { target: { kind: 'pglite', dataDir }, org, drop: async () => undefined };
}

/** A new database on the PostgreSQL server of `adminUrl`, dropped by drop(). */
export async function preparePostgres(adminUrl: string): Promise<Prepared> {
  const name = `mw_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const org = await seed(() => openDatabase({ databaseUrl: url.toString(), poolSize: 4 }), `PostgreSQL (${name})`);
  return {
    target: { kind: 'postgres', url: url.toString() },
    org,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
