import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../../db/client.js';

/**
 * Runs one SQL statement on the driver under drizzle, outside any transaction. On PostgreSQL it
 * is a named prepared statement (parsed and planned once per connection); PGlite runs in this
 * process, so there is no round trip to save and the text goes straight to it. Array values are
 * passed as arrays (drizzle's sql template would spread them into separate parameters).
 */
export async function runPrepared<R>(db: Db, name: string, text: string, values: unknown[]): Promise<R[]> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof pg.Pool) return (await client.query({ name, text, values })).rows as R[];
  return (await (client as PGlite).query<R>(text, values)).rows;
}
