import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { conflict, notFound } from '../../../http/errors.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';
import { escalationProcedures, escalationProcedureVersions } from './schema.js';

type Reader = Pick<Db, 'select'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The version of a procedure in force, as live incidents need it. Throws 404 when the procedure is
 * not in this organisation (or does not exist) and 409 when it has no published version yet or is
 * archived. Pass a transaction as `db` to read inside it.
 */
export async function loadPublishedSnapshot(db: Reader, orgId: string, procedureId: string): Promise<ProcedureSnapshot> {
  if (!UUID.test(procedureId)) throw notFound('Escalation procedure');
  const [procedure] = await db
    .select({ status: escalationProcedures.status, title: escalationProcedures.title, currentVersion: escalationProcedures.currentVersion })
    .from(escalationProcedures)
    .where(and(eq(escalationProcedures.id, procedureId), eq(escalationProcedures.orgId, orgId)));
  if (!procedure) throw notFound('Escalation procedure');
  if (procedure.status === 'archived') throw conflict(`The procedure "${procedure.title}" is archived; pick a published procedure`);
  if (procedure.currentVersion === null) throw conflict(`The procedure "${procedure.title}" has no published version yet; publish it first`);
  const [row] = await db
    .select({ snapshot: escalationProcedureVersions.snapshot })
    .from(escalationProcedureVersions)
    .where(and(eq(escalationProcedureVersions.procedureId, procedureId), eq(escalationProcedureVersions.version, procedure.currentVersion)));
  if (!row) throw conflict(`The procedure "${procedure.title}" has no published version yet; publish it first`);
  return row.snapshot;
}
