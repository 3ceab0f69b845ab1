import { and, eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client.js';
import { can, binderRules, type Actor } from '../../../access/policy.js';
import { peopleByIds, personRefSchema, type PersonRef } from './people-refs.js';
import { missingForPublish, sameContent, type ProcedureRow } from './readiness.js';
import { escalationProcedureVersions, escalationSupportAreas } from './schema.js';
import { SITUATION_LABELS, SITUATIONS, type Situation } from './templates.js';

type Reader = Pick<Db, 'select'>;

export const contactSchema = z.object({
  id: z.string(),
  kind: z.enum(['person', 'vendor']),
  name: z.string(),
  personId: z.uuid().nullable(),
  role: z.string(),
  email: z.string().nullable(),
  webhookUrl: z.string().nullable(),
});
export const stepSchema = z.object({ id: z.string(), offsetMinutes: z.number().int(), title: z.string(), notify: z.array(z.string()), expected: z.string() });

export const PROCEDURE_STATUSES = ['draft', 'reviewed', 'published', 'archived'] as const;
export const PROCEDURE_ACTIONS = ['edit', 'submit', 'review', 'return', 'publish', 'share', 'archive', 'restore'] as const;
type ProcedureAction = (typeof PROCEDURE_ACTIONS)[number];

export const procedureSchema = z.object({
  id: z.uuid(),
  supportAreaId: z.uuid().nullable(),
  supportAreaName: z.string().nullable(),
  proposalId: z.uuid().nullable(),
  templateKey: z.string().nullable(),
  situation: z.enum(SITUATIONS),
  situationLabel: z.string(),
  title: z.string(),
  summary: z.string(),
  expertPersonId: z.uuid().nullable(),
  itPointPersonId: z.uuid().nullable(),
  sitePointPersonId: z.uuid().nullable(),
  sitePointContactId: z.string().nullable(),
  expert: personRefSchema.nullable(),
  itPointPerson: personRefSchema.nullable(),
  sitePointPerson: personRefSchema.nullable(),
  sites: z.array(z.string()),
  services: z.array(z.string()),
  contacts: z.array(contactSchema),
  steps: z.array(stepSchema),
  repeatEveryMinutes: z.number().int().nullable(),
  statusUpdateEveryMinutes: z.number().int(),
  status: z.enum(PROCEDURE_STATUSES),
  revision: z.number().int(),
  submittedAt: z.date().nullable(),
  reviewedBy: personRefSchema.nullable(),
  reviewedAt: z.date().nullable(),
  reviewNote: z.string(),
  /** The published version in force, if any; it stays in force while a newer draft is edited. */
  currentVersion: z.number().int().nullable(),
  /** The working copy differs from the version in force (always false before the first publish). */
  hasUnpublishedChanges: z.boolean(),
  /** What blocks review and publishing; empty when the procedure is complete. */
  missing: z.array(z.object({ path: z.string(), message: z.string() })),
  /** What the caller may do with this procedure now. */
  allowedActions: z.array(z.enum(PROCEDURE_ACTIONS)),
  createdAt: z.date(),
  updatedAt: z.date(),
  archivedAt: z.date().nullable(),
});
export type ProcedureView = z.infer<typeof procedureSchema>;

export const procedureSummarySchema = procedureSchema.pick({
  id: true,
  supportAreaId: true,
  supportAreaName: true,
  situation: true,
  situationLabel: true,
  title: true,
  expert: true,
  status: true,
  submittedAt: true,
  currentVersion: true,
  hasUnpublishedChanges: true,
  updatedAt: true,
});

function allowedActions(actor: Actor, p: ProcedureRow, missing: number): ProcedureAction[] {
  const manager = can(actor, 'escalations.binder.manage');
  const editor = binderRules.editProcedure(actor, p);
  const out: ProcedureAction[] = [];
  if (p.status === 'archived') return manager ? ['restore'] : [];
  if (editor) out.push('edit');
  if (editor && p.status === 'draft' && !p.submittedAt) out.push('submit');
  if (manager && p.status === 'draft' && missing === 0) out.push('review');
  if (manager && (p.status === 'draft' || p.status === 'reviewed')) out.push('return');
  if (manager && p.status === 'reviewed' && missing === 0) out.push('publish');
  if (manager && p.currentVersion !== null) out.push('share');
  if (manager) out.push('archive');
  return out;
}

/** The API view of procedures: names of the people, the support area, readiness and versions. */
export async function procedureViews(db: Reader, actor: Actor, rows: ProcedureRow[]): Promise<ProcedureView[]> {
  const people = await peopleByIds(
    db,
    actor.orgId,
    rows.flatMap((p) => [p.expertPersonId, p.itPointPersonId, p.sitePointPersonId, p.reviewedBy]),
  );
  const areaIds = [...new Set(rows.map((r) => r.supportAreaId).filter((id): id is string => !!id))];
  const areaRows = areaIds.length
    ? await db.select({ id: escalationSupportAreas.id, name: escalationSupportAreas.name }).from(escalationSupportAreas).where(and(eq(escalationSupportAreas.orgId, actor.orgId), inArray(escalationSupportAreas.id, areaIds)))
    : [];
  const areas = new Map(areaRows.map((a) => [a.id, a.name]));
  const published = rows.filter((r) => r.currentVersion !== null);
  const versionRows = published.length
    ? await db
        .select({ procedureId: escalationProcedureVersions.procedureId, version: escalationProcedureVersions.version, snapshot: escalationProcedureVersions.snapshot })
        .from(escalationProcedureVersions)
        .where(or(...published.map((r) => and(eq(escalationProcedureVersions.procedureId, r.id), eq(escalationProcedureVersions.version, r.currentVersion!)))))
    : [];
  const inForce = new Map(versionRows.map((v) => [v.procedureId, v.snapshot]));
  const views: ProcedureView[] = [];
  for (const p of rows) {
    const publishedSnapshot = inForce.get(p.id);
    const changed = !!publishedSnapshot && !sameContent(p, publishedSnapshot);
    const ref = (id: string | null): PersonRef | null => (id ? (people.get(id) ?? null) : null);
    const missing = missingForPublish(p, people);
    views.push({
      id: p.id,
      supportAreaId: p.supportAreaId,
      supportAreaName: p.supportAreaId ? (areas.get(p.supportAreaId) ?? null) : null,
      proposalId: p.proposalId,
      templateKey: p.templateKey,
      situation: p.situation as Situation,
      situationLabel: SITUATION_LABELS[p.situation as Situation] ?? p.situation,
      title: p.title,
      summary: p.summary,
      expertPersonId: p.expertPersonId,
      itPointPersonId: p.itPointPersonId,
      sitePointPersonId: p.sitePointPersonId,
      sitePointContactId: p.sitePointContactId,
      expert: ref(p.expertPersonId),
      itPointPerson: ref(p.itPointPersonId),
      sitePointPerson: ref(p.sitePointPersonId),
      sites: p.sites,
      services: p.services,
      contacts: p.contacts,
      steps: p.steps,
      repeatEveryMinutes: p.repeatEveryMinutes,
      statusUpdateEveryMinutes: p.statusUpdateEveryMinutes,
      status: p.status as ProcedureView['status'],
      revision: p.revision,
      submittedAt: p.submittedAt,
      reviewedBy: ref(p.reviewedBy),
      reviewedAt: p.reviewedAt,
      reviewNote: p.reviewNote,
      currentVersion: p.currentVersion,
      hasUnpublishedChanges: changed,
      missing,
      allowedActions: allowedActions(actor, p, missing.length),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      archivedAt: p.archivedAt,
    });
  }
  return views;
}
