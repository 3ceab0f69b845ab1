import { and, asc, eq, isNotNull, ne, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client.js';
import { can, type Actor } from '../../../access/policy.js';
import { notFound } from '../../../http/errors.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';
import { peopleByIds, personRefSchema } from './people-refs.js';
import { contactSchema, stepSchema } from './procedure-view.js';
import { escalationProcedures, escalationProcedureShares, escalationProcedureVersions, escalationSupportAreas } from './schema.js';
import { SITUATION_LABELS, SITUATIONS, type Situation } from './templates.js';

type Reader = Pick<Db, 'select'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const publishedSummarySchema = z.object({
  procedureId: z.uuid(),
  versionId: z.uuid(),
  version: z.number().int(),
  publishedAt: z.date(),
  title: z.string(),
  situation: z.enum(SITUATIONS),
  situationLabel: z.string(),
  summary: z.string(),
  supportAreaName: z.string().nullable(),
  expert: personRefSchema.nullable(),
  sites: z.array(z.string()),
  services: z.array(z.string()),
  stepCount: z.number().int(),
  /** A newer draft is being prepared; this version stays in force until it is published. */
  newerDraftInProgress: z.boolean(),
});

export const publishedDetailSchema = publishedSummarySchema.extend({
  itPointPerson: personRefSchema.nullable(),
  sitePointPerson: personRefSchema.nullable(),
  sitePointContact: contactSchema.nullable(),
  publishedBy: personRefSchema.nullable(),
  contacts: z.array(contactSchema),
  steps: z.array(stepSchema),
  repeatEveryMinutes: z.number().int().nullable(),
  statusUpdateEveryMinutes: z.number().int(),
});
export type PublishedDetail = z.infer<typeof publishedDetailSchema>;

const columns = {
  procedureId: escalationProcedures.id,
  status: escalationProcedures.status,
  supportAreaName: escalationSupportAreas.name,
  versionId: escalationProcedureVersions.id,
  version: escalationProcedureVersions.version,
  publishedAt: escalationProcedureVersions.publishedAt,
  publishedBy: escalationProcedureVersions.publishedBy,
  snapshot: escalationProcedureVersions.snapshot,
};

/** The versions in force: published, not archived. */
function inForce(db: Reader, orgId: string, extra?: SQL) {
  return db
    .select(columns)
    .from(escalationProcedures)
    .innerJoin(escalationProcedureVersions, and(eq(escalationProcedureVersions.procedureId, escalationProcedures.id), eq(escalationProcedureVersions.version, escalationProcedures.currentVersion)))
    .leftJoin(escalationSupportAreas, eq(escalationSupportAreas.id, escalationProcedures.supportAreaId))
    .where(and(eq(escalationProcedures.orgId, orgId), ne(escalationProcedures.status, 'archived'), isNotNull(escalationProcedures.currentVersion), extra))
    .$dynamic();
}

type InForceRow = { procedureId: string; status: string; supportAreaName: string | null; versionId: string; version: number; publishedAt: Date; publishedBy: string | null; snapshot: ProcedureSnapshot };

function summary(row: InForceRow, people: Awaited<ReturnType<typeof peopleByIds>>) {
  const s = row.snapshot;
  return {
    procedureId: row.procedureId,
    versionId: row.versionId,
    version: row.version,
    publishedAt: row.publishedAt,
    title: s.title,
    situation: s.situation as Situation,
    situationLabel: SITUATION_LABELS[s.situation as Situation] ?? s.situation,
    summary: s.summary,
    supportAreaName: row.supportAreaName,
    expert: s.expertPersonId ? (people.get(s.expertPersonId) ?? null) : null,
    sites: s.sites,
    services: s.services,
    stepCount: s.steps.length,
    newerDraftInProgress: row.status !== 'published',
  };
}

/** The read-only binder: every procedure in force, by title. */
export async function listPublished(db: Reader, actor: Actor) {
  const rows = (await inForce(db, actor.orgId).orderBy(asc(escalationProcedures.title))) as InForceRow[];
  const people = await peopleByIds(db, actor.orgId, rows.map((r) => r.snapshot.expertPersonId));
  return { items: rows.map((r) => summary(r, people)) };
}

/** One procedure as published, with its people named; 404 when it is not in the binder. */
export async function publishedDetail(db: Reader, actor: Actor, procedureId: string): Promise<PublishedDetail> {
  if (!UUID.test(procedureId)) throw notFound('Published procedure');
  const [row] = (await inForce(db, actor.orgId, eq(escalationProcedures.id, procedureId))) as InForceRow[];
  if (!row) throw notFound('Published procedure');
  const s = row.snapshot;
  if (!(await mayReadPublished(db, actor, procedureId, s))) throw notFound('Published procedure');
  const people = await peopleByIds(db, actor.orgId, [s.expertPersonId, s.itPointPersonId, s.sitePointPersonId, row.publishedBy]);
  const ref = (id: string | null) => (id ? (people.get(id) ?? null) : null);
  return {
    ...summary(row, people),
    itPointPerson: ref(s.itPointPersonId),
    sitePointPerson: ref(s.sitePointPersonId),
    sitePointContact: s.sitePointContactId ? (s.contacts.find((c) => c.id === s.sitePointContactId) ?? null) : null,
    publishedBy: ref(row.publishedBy),
    contacts: s.contacts,
    steps: s.steps,
    repeatEveryMinutes: s.repeatEveryMinutes,
    statusUpdateEveryMinutes: s.statusUpdateEveryMinutes,
  };
}

/**
 * Managers and admins read the whole binder. Anyone else reads a procedure that names them (its
 * Expert, a point person, a person contact) or that was shared with them, so a shared e-mail's
 * link opens for its recipient.
 */
async function mayReadPublished(db: Reader, actor: Actor, procedureId: string, s: ProcedureSnapshot): Promise<boolean> {
  if (can(actor, 'escalations.binder.read')) return true;
  const named = [s.expertPersonId, s.itPointPersonId, s.sitePointPersonId, ...s.contacts.map((c) => c.personId ?? null)];
  if (named.includes(actor.personId)) return true;
  const [share] = await db
    .select({ id: escalationProcedureShares.id })
    .from(escalationProcedureShares)
    .where(and(eq(escalationProcedureShares.procedureId, procedureId), eq(escalationProcedureShares.personId, actor.personId)))
    .limit(1);
  return share !== undefined;
}
