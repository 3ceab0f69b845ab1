import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/server/db/client.js';

/**
 * A fresh, empty database for one test file: in-process PGlite by default, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL (CI runs the suite both ways).
 */
export async function freshDatabase(): Promise<Database & { url?: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    // test/support/pglite-template.ts (vitest globalSetup) leaves a migrated database to start from,
    // which saves creating and migrating one per test file.
    const template = process.env.MILEWIDE_TEST_PGLITE_TEMPLATE;
    const loadDataDir = template ? new Blob([await readFile(template)]) : undefined;
    const db = await openDatabase({ dataDir: 'memory://', loadDataDir });
    return Object.assign(db, { drop: async () => undefined });
  }
  const name = `mw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return Object.assign(db, {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // A closed pool's connections can outlive pool.end() by a moment; terminating them (force) while
      // they are still closing makes their clients throw with no listener left, so wait for them first.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  });
}

export const onPostgres = () => !!process.env.TEST_DATABASE_URL;

/**
 * Another connection to the same database, as a second app instance (or the same app after a
 * restart) would open it: a new pool on PostgreSQL. PGlite lives inside one process, so there it
 * is the same in-process database, and closing this handle leaves the original open.
 */
export async function secondConnection(db: Database & { url?: string }): Promise<Database> {
  if (db.url) return openDatabase({ databaseUrl: db.url, poolSize: 10 });
  return { ...db, close: async () => undefined };
}
