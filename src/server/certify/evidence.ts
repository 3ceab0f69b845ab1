import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { can, type Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import { AppError, badRequest, notFound } from '../http/errors.js';
import { escalationProcedures } from '../toolkit/escalations/binder/schema.js';
import { incidentReviews, incidents } from '../toolkit/escalations/incidents/schema.js';
import { evidenceFiles, type Evidence } from './program-schema.js';

type Reader = Pick<Db, 'select'>;

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** What a practicum file may be: documents, spreadsheets, slides, images and plain text. */
export const EVIDENCE_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook (.xlsx)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (.pptx)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text (.odt)',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'text/plain': 'plain text',
  'text/markdown': 'Markdown',
  'text/csv': 'CSV',
};

export const allowedTypesText = () => Object.values(EVIDENCE_TYPES).join(', ');

export type EvidenceFileRow = typeof evidenceFiles.$inferSelect;

export function evidenceFileView(row: Pick<EvidenceFileRow, 'id' | 'fileName' | 'contentType' | 'sizeBytes' | 'createdAt'>) {
  return { id: row.id, fileName: row.fileName, contentType: row.contentType, sizeBytes: row.sizeBytes, createdAt: row.createdAt.toISOString() };
}

/** Stores an uploaded evidence file of the actor after checking its size and type. */
export async function storeEvidenceFile(db: Db, actor: Actor, input: { fileName: string; contentType: string; bytes: Buffer }): Promise<EvidenceFileRow> {
  const contentType = input.contentType.split(';')[0]!.trim().toLowerCase();
  if (!EVIDENCE_TYPES[contentType]) {
    throw new AppError(415, 'unsupported_media_type', `Files of type "${contentType || 'unknown'}" cannot be evidence; upload one of: ${allowedTypesText()}`, [{ path: 'file', message: 'file type not accepted' }]);
  }
  if (input.bytes.length === 0) throw badRequest('The file is empty; choose the file again', [{ path: 'file', message: 'empty file' }]);
  if (input.bytes.length > EVIDENCE_MAX_BYTES) throw tooLarge();
  const fileName = input.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'evidence';
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(evidenceFiles).values({ orgId: actor.orgId, personId: actor.personId, fileName, contentType, sizeBytes: input.bytes.length, content: input.bytes }).returning();
    await recordAudit(tx, actor, { action: 'certify.evidence_file.upload', entityType: 'certify_evidence_file', entityId: row.id, after: evidenceFileView(row) });
    return row;
  });
}

export const tooLarge = () => new AppError(413, 'file_too_large', `The file is larger than ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB; upload a smaller file or share a link to it instead`, [{ path: 'file', message: 'too large' }]);

/** A file its owner, or a practicum reviewer of the same organisation, may download. */
export async function downloadableEvidenceFile(db: Reader, actor: Actor, id: string): Promise<EvidenceFileRow> {
  const [row] = await db.select().from(evidenceFiles).where(and(eq(evidenceFiles.id, id), eq(evidenceFiles.orgId, actor.orgId)));
  if (!row || (row.personId !== actor.personId && !can(actor, 'certify.review'))) throw notFound('Evidence file');
  return row;
}

export interface Artefact {
  ref: string;
  kind: 'escalation-procedure' | 'incident-review';
  title: string;
  detail: string;
}

/**
 * Toolkit work the actor owns and may offer as practicum evidence: published escalation
 * procedures they are the Expert of or created, and post-incident reviews of resolved incidents
 * they opened, resolved or wrote the review of.
 */
export async function ownedArtefacts(db: Reader, actor: Actor): Promise<Artefact[]> {
  const procedures = await db
    .select({ id: escalationProcedures.id, title: escalationProcedures.title, version: escalationProcedures.currentVersion })
    .from(escalationProcedures)
    .where(
      and(
        eq(escalationProcedures.orgId, actor.orgId),
        eq(escalationProcedures.status, 'published'),
        or(eq(escalationProcedures.expertPersonId, actor.personId), eq(escalationProcedures.createdBy, actor.personId)),
      ),
    );
  const reviews = await db
    .select({ id: incidents.id, title: incidents.title, resolvedAt: incidents.resolvedAt })
    .from(incidentReviews)
    .innerJoin(incidents, eq(incidents.id, incidentReviews.incidentId))
    .where(
      and(
        eq(incidents.orgId, actor.orgId),
        isNotNull(incidents.resolvedAt),
        or(eq(incidents.openedByPersonId, actor.personId), eq(incidents.resolvedByPersonId, actor.personId), eq(incidentReviews.updatedByPersonId, actor.personId)),
      ),
    );
  return [
    ...procedures.map((p) => ({ ref: `escalation-procedure:${p.id}`, kind: 'escalation-procedure' as const, title: p.title, detail: `Published escalation procedure, version ${p.version ?? 1}` })),
    ...reviews.map((r) => ({ ref: `incident-review:${r.id}`, kind: 'incident-review' as const, title: `Post-incident review: ${r.title}`, detail: `Incident resolved on ${r.resolvedAt!.toISOString().slice(0, 10)}` })),
  ];
}

/** Checks that every file and artefact of a submission is the actor's own; returns field errors. */
export async function checkEvidenceOwnership(db: Reader, actor: Actor, evidence: Evidence[]): Promise<void> {
  const fields: { path: string; message: string }[] = [];
  const fileIds = evidence.filter((e) => e.kind === 'file').map((e) => e.ref);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const validIds = fileIds.filter((id) => uuid.test(id));
  const owned = validIds.length
    ? new Set((await db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(and(inArray(evidenceFiles.id, validIds), eq(evidenceFiles.orgId, actor.orgId), eq(evidenceFiles.personId, actor.personId)))).map((r) => r.id))
    : new Set<string>();
  const artefacts = evidence.some((e) => e.kind === 'artefact') ? new Set((await ownedArtefacts(db, actor)).map((a) => a.ref)) : new Set<string>();
  evidence.forEach((e, i) => {
    if (e.kind === 'file' && !owned.has(e.ref)) fields.push({ path: `evidence.${i}.ref`, message: 'not a file you uploaded: upload it first and use the id you get back' });
    if (e.kind === 'artefact' && !artefacts.has(e.ref)) fields.push({ path: `evidence.${i}.ref`, message: 'not a published escalation procedure or post-incident review of yours (see GET /api/v1/certify/artefacts)' });
  });
  if (fields.length) throw badRequest('Some evidence is not yours to submit', fields);
}
