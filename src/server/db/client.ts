import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema.js';

export type Db = NodePgDatabase<typeof schema>;
export type SqlRows = { rows: Record<string, unknown>[] };

export interface Database {
  kind: 'pglite' | 'postgres';
  /** drizzle over either driver; the query builder API is identical. */
  db: Db;
  /** Raw SQL for pg-boss and health checks. Several statements are allowed when there are no values. */
  executeSql(text: string, values?: unknown[]): Promise<SqlRows>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The PGlite instance in embedded mode (backup and restore use it). */
  pglite?: PGlite;
}

/** The drizzle/ folder at the package root, found from wherever this module runs (source or bundle). */
function findMigrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The drizzle/ migrations folder is missing from this installation');
    dir = parent;
  }
}

export const MIGRATIONS_FOLDER = findMigrationsFolder();

export interface DatabaseOptions {
  databaseUrl?: string;
  /** A directory, or 'memory://' for a throwaway in-process database. */
  dataDir?: string;
  poolSize?: number;
  /** PGlite only: start from this data directory dump (PGlite's dumpDataDir) instead of an empty one. */
  loadDataDir?: Blob;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 20);
  return openPglite(options.dataDir ?? 'memory://', options.loadDataDir);
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    // PGlite writes its files world-readable (some world-writable); the directory keeps other local users out.
    // A directory owned by someone else (a mounted volume) cannot be changed; its owner decides then.
    try {
      chmodSync(dataDir, 0o700);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    }
  }
  // Postgres's default 128MB of shared_buffers is most of PGlite's idle memory; 32MB holds a
  // 1,000-person organisation easily and keeps idle RSS under the 400 MB target (docs/benchmarks.md).
  const client = await PGlite.create(dataDir, { loadDataDir, startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'] });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
      }
      const result = await client.query(text, values as unknown[]);
      return { rows: result.rows as Record<string, unknown>[] };
    },
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection closed by the server (restart, failover, pg_terminate_backend) is dropped by
  // the pool and replaced on the next query; without a listener its 'error' would end the process.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`, 'MilewideDatabaseWarning'));
  // Fail fast with a clear message when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { schema });
  return {
    kind: 'postgres',
    db,
    async executeSql(text, values) {
      const result = await pool.query(text, values as unknown[] | undefined);
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
    async migrate() {
      // An advisory lock so that instances starting together migrate one at a time.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(727001)');
        await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock(727001)').catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
