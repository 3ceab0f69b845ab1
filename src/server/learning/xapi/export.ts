import { Readable } from 'node:stream';
import { and, asc, eq, gt, gte, lt, or } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { xapiStatements } from '../schema.js';

const PAGE = 500;

export interface ExportRange {
  from?: Date;
  to?: Date;
}

/**
 * The organisation's statements as JSON Lines (one statement per line), oldest first, read a page at
 * a time (keyset on timestamp, id) so that a large export streams in constant memory.
 */
export function exportStatements(ctx: AppContext, actor: Actor, range: ExportRange): Readable {
  async function* pages() {
    let after: { timestamp: Date; id: string } | undefined;
    for (;;) {
      const rows = await ctx.db
        .select({ id: xapiStatements.id, timestamp: xapiStatements.timestamp, statement: xapiStatements.statement })
        .from(xapiStatements)
        .where(
          and(
            eq(xapiStatements.orgId, actor.orgId),
            range.from ? gte(xapiStatements.timestamp, range.from) : undefined,
            range.to ? lt(xapiStatements.timestamp, range.to) : undefined,
            after ? or(gt(xapiStatements.timestamp, after.timestamp), and(eq(xapiStatements.timestamp, after.timestamp), gt(xapiStatements.id, after.id))) : undefined,
          ),
        )
        .orderBy(asc(xapiStatements.timestamp), asc(xapiStatements.id))
        .limit(PAGE);
      if (rows.length === 0) return;
      yield rows.map((r) => `${JSON.stringify(r.statement)}\n`).join('');
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { timestamp: last.timestamp, id: last.id };
    }
  }
  return Readable.from(pages());
}
