import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

type Tx = Pick<Db, 'execute'>;

/**
 * Loop checks (reporting lines, team tree) read then write; two concurrent changes could each pass
 * the check and together store a loop. These transaction locks serialise such changes per organisation.
 */
export async function lockReportingLines(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reporting-lines:${orgId}`}))`);
}

export async function lockTeamTree(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`team-tree:${orgId}`}))`);
}
