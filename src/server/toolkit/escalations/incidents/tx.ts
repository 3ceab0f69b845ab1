import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import type { JobDb } from '../../../jobs/engine.js';

/** A drizzle transaction (or the database itself): what the incident services write through. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** pg-boss's parameterised SQL ($1, $2...) as drizzle SQL, with every value bound as one parameter. */
function fromNumbered(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${sql.param(values[Number(part) - 1])}`));
  return sql.join(chunks, sql.raw(''));
}

/** Lets pg-boss write its jobs through the caller's transaction, so they commit (or vanish) with it. */
export function jobDbOf(tx: Tx): JobDb {
  return {
    async executeSql(text, values) {
      const result = (await tx.execute(fromNumbered(text, values ?? []))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}
