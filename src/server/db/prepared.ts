import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { Column, is, Placeholder, SQL } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * Statements parsed and planned once per connection, on both drivers, for the hot paths.
 *
 * On PostgreSQL they are named prepared statements of node-postgres. PGlite has no such API: each
 * query is parsed and planned again, which for a join or a statement with CTEs costs two to three
 * times its execution (measured on the session lookup: 1.1 ms of CPU against 0.33 ms prepared). So
 * on PGlite the statement is PREPAREd once in its one session and run with EXECUTE and literal
 * arguments. Use outside transactions only.
 */

export interface PreparedSql {
  /** Statement name, unique in the application. */
  name: string;
  text: string;
  /** Parameter types in order ($1, $2, ...), as PREPARE wants them. */
  types: string[];
}

export type SqlValue = string | number | boolean | null | Date | readonly (string | number)[];

/** A SQL literal for EXECUTE. Strings are quoted by doubling quotes (standard_conforming_strings is on). */
function literal(v: SqlValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('not a finite number');
    return String(v);
  }
  if (v instanceof Date) return literal(v.toISOString());
  if (Array.isArray(v)) return literal(`{${v.map((x) => (typeof x === 'number' ? String(x) : `"${String(x).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`);
  return `'${String(v).replace(/'/g, "''")}'`;
}

const preparedOn = new WeakMap<object, Map<string, Promise<unknown>>>();

function pgliteOf(db: Db): PGlite | undefined {
  const client = (db as unknown as { $client: unknown }).$client;
  return client instanceof pg.Pool ? undefined : (client as PGlite);
}

async function prepareOnce(lite: PGlite, statement: PreparedSql): Promise<void> {
  let prepared = preparedOn.get(lite);
  if (!prepared) preparedOn.set(lite, (prepared = new Map()));
  let ready = prepared.get(statement.name);
  if (!ready) {
    // Kept as a promise so that concurrent first calls prepare once; a failure is retried next time.
    ready = lite.exec(`prepare ${statement.name}(${statement.types.join(', ')}) as ${statement.text}`);
    prepared.set(statement.name, ready);
    ready.catch(() => prepared.delete(statement.name));
  }
  await ready;
}

/** Runs a raw statement. Array values are passed as arrays (drizzle's sql template would spread them). */
export async function runPrepared<R>(db: Db, statement: PreparedSql, values: SqlValue[]): Promise<R[]> {
  const lite = pgliteOf(db);
  if (!lite) {
    const pool = (db as unknown as { $client: pg.Pool }).$client;
    return (await pool.query({ name: statement.name, text: statement.text, values: values as unknown[] })).rows as R[];
  }
  await prepareOnce(lite, statement);
  // The simple query protocol: EXECUTE takes no bind parameters, and it is one message instead of five.
  const results = await lite.exec(`execute ${statement.name}(${values.map(literal).join(', ')})`);
  return (results.at(-1)?.rows ?? []) as R[];
}

interface SelectBuilder<T> {
  toSQL(): { sql: string; params: unknown[] };
  prepare(name: string): { execute(placeholders: Record<string, unknown>): Promise<T[]> };
}

/**
 * A drizzle select, prepared: on PostgreSQL drizzle's own `.prepare(name)`; on PGlite its SQL is
 * PREPAREd and rows are mapped back to the selection's keys (columns through their own mapping).
 * `fields` is the object given to `select()`; `types` the PREPARE types of the query's parameters.
 */
export function preparedSelect<T>(db: Db, name: string, query: SelectBuilder<T>, fields: Record<string, unknown>, types: string[]) {
  const lite = pgliteOf(db);
  if (!lite) return query.prepare(name);
  const { sql: text, params } = query.toSQL();
  const keys = Object.keys(fields);
  const statement: PreparedSql = { name, text, types };
  return {
    async execute(placeholders: Record<string, unknown>): Promise<T[]> {
      await prepareOnce(lite, statement);
      const args = params.map((p) => literal((is(p, Placeholder) ? placeholders[(p as Placeholder).name] : p) as SqlValue));
      const results = await lite.exec(`execute ${name}(${args.join(', ')})`, { rowMode: 'array' });
      return ((results.at(-1)?.rows ?? []) as unknown[][]).map((row) => {
        const out: Record<string, unknown> = {};
        keys.forEach((key, i) => {
          const field = fields[key];
          const value = row[i];
          if (value === null || value === undefined) out[key] = null;
          else if (value instanceof Date) out[key] = value;
          else if (is(field, Column)) out[key] = (field as Column).mapFromDriverValue(value);
          else if (is(field, SQL) && (field as SQL & { decoder?: { mapFromDriverValue(v: unknown): unknown } }).decoder) {
            out[key] = (field as unknown as { decoder: { mapFromDriverValue(v: unknown): unknown } }).decoder.mapFromDriverValue(value);
          } else out[key] = value;
        });
        return out as T;
      });
    },
  };
}
