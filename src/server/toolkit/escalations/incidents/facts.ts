import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { forbidden, notFound } from '../../../http/errors.js';
import { incidentRules, type Actor, type IncidentAction } from '../../../access/policy.js';
import type { IncidentFacts } from './messages.js';
import { incidents } from './schema.js';
import type { Tx } from './tx.js';

export type IncidentRow = typeof incidents.$inferSelect;

/** Who did something: a signed-in person, a recipient through their signed link, or the monitoring tool. */
export interface ActingAs {
  actor: Actor | null;
  personId: string | null;
  name: string;
}

export const actingAs = (actor: Actor): ActingAs => ({ actor, personId: actor.personId, name: actor.name });

export function factsOf(row: IncidentRow): IncidentFacts & { orgId: string } {
  return { id: row.id, orgId: row.orgId, title: row.title, details: row.details, state: row.state, openedAt: row.openedAt, openedByName: row.openedByName, snapshot: row.snapshot };
}

const DENIED: Record<IncidentAction, string> = {
  view: 'see this incident',
  open: 'open an incident from this procedure',
  acknowledge: 'acknowledge this incident',
  postUpdate: 'post status updates on this incident',
  resolve: 'resolve this incident',
  review: 'write the review of this incident',
};

/** Answers 404 when the actor may not see the incident (or it is another organisation's), 403 when they may see it but not do `action`. */
export function authorise(actor: Actor, row: IncidentRow | undefined, action: IncidentAction): IncidentRow {
  if (!row || row.orgId !== actor.orgId || !incidentRules.view(actor, row.snapshot)) throw notFound('Incident');
  if (!incidentRules[action](actor, row.snapshot)) {
    throw forbidden(`Only the incident's Expert and point people, people managers and admins may ${DENIED[action]}`);
  }
  return row;
}

/** Loads an incident; with `lock`, holds its row for the rest of the transaction (every change to it takes this lock first). */
export async function findIncident(db: Pick<Tx, 'select'>, orgId: string | null, id: string, lock = false): Promise<IncidentRow | undefined> {
  const q = db
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, id), orgId ? eq(incidents.orgId, orgId) : undefined));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Whether `personId` is on the incident's procedure, as an SQL condition over incidents.snapshot. */
export const onProcedureSql = (personId: string) =>
  sql`(${incidents.snapshot}->>'expertPersonId' = ${personId} or ${incidents.snapshot}->>'itPointPersonId' = ${personId} or ${incidents.snapshot}->>'sitePointPersonId' = ${personId} or ${incidents.snapshot}->'contacts' @> jsonb_build_array(jsonb_build_object('personId', ${personId}::text)))`;

export type Ctx = Pick<AppContext, 'db' | 'jobs' | 'config' | 'log'>;
