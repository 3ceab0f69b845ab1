import { and, asc, eq, isNotNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import { incidentRules, type Actor } from '../../../access/policy.js';
import type { Db } from '../../../db/client.js';
import { escalationProcedures, escalationProcedureVersions } from '../binder/schema.js';

export const openableSchema = z.object({
  procedureId: z.uuid(),
  title: z.string(),
  situation: z.string(),
  version: z.number().int(),
  sites: z.array(z.string()),
  services: z.array(z.string()),
});

/**
 * The published, unarchived procedures the actor may open an incident from, read from the
 * binder's versions in force: a point person or contact who cannot browse the binder still finds
 * the procedures that name them.
 */
export async function openableProcedures(db: Db, actor: Actor) {
  const rows = await db
    .select({ snapshot: escalationProcedureVersions.snapshot })
    .from(escalationProcedures)
    .innerJoin(escalationProcedureVersions, and(eq(escalationProcedureVersions.procedureId, escalationProcedures.id), eq(escalationProcedureVersions.version, escalationProcedures.currentVersion)))
    .where(and(eq(escalationProcedures.orgId, actor.orgId), isNotNull(escalationProcedures.currentVersion), ne(escalationProcedures.status, 'archived')))
    .orderBy(asc(escalationProcedures.title));
  return rows
    .map((r) => r.snapshot)
    .filter((s) => incidentRules.open(actor, s))
    .map((s) => ({ procedureId: s.procedureId, title: s.title, situation: s.situation, version: s.version, sites: s.sites, services: s.services }));
}
