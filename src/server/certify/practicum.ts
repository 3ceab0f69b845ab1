import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people } from '../identity/schema.js';
import { assertSameOrg, type Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import { badRequest, conflict, forbidden } from '../http/errors.js';
import { practicumSubmissions, programs, enrolments, type Evidence } from './program-schema.js';
import { loadProgram, requireEnrolment } from './programs.js';
import { checkEvidenceOwnership } from './evidence.js';

export type SubmissionRow = typeof practicumSubmissions.$inferSelect;

/** The actor's submissions in a program, newest round first. */
export async function ownSubmissions(db: Pick<Db, 'select'>, actor: Actor, programId: string): Promise<SubmissionRow[]> {
  await loadProgram(db, actor, programId);
  return db
    .select({ s: practicumSubmissions })
    .from(practicumSubmissions)
    .innerJoin(enrolments, eq(enrolments.id, practicumSubmissions.enrolmentId))
    .where(and(eq(enrolments.programId, programId), eq(enrolments.personId, actor.personId)))
    .orderBy(desc(practicumSubmissions.round))
    .then((rows) => rows.map((r) => r.s));
}

export async function latestSubmission(db: Pick<Db, 'select'>, enrolmentId: string): Promise<SubmissionRow | null> {
  const [row] = await db.select().from(practicumSubmissions).where(eq(practicumSubmissions.enrolmentId, enrolmentId)).orderBy(desc(practicumSubmissions.round)).limit(1);
  return row ?? null;
}

/** Submits (or, after a return, resubmits) practicum evidence. */
export async function submitPracticum(db: Db, actor: Actor, programId: string, input: { evidence: Evidence[]; note: string }): Promise<SubmissionRow> {
  await loadProgram(db, actor, programId);
  const enrolment = await requireEnrolment(db, programId, actor.personId);
  await checkEvidenceOwnership(db, actor, input.evidence);
  return db.transaction(async (tx) => {
    const [last] = await tx.select().from(practicumSubmissions).where(eq(practicumSubmissions.enrolmentId, enrolment.id)).orderBy(desc(practicumSubmissions.round)).limit(1).for('update');
    if (last?.status === 'submitted') throw conflict('Your practicum is waiting for review; you can resubmit once a reviewer returns it');
    if (last?.status === 'accepted') throw conflict('Your practicum was already accepted');
    const [row] = await tx.insert(practicumSubmissions).values({ orgId: actor.orgId, enrolmentId: enrolment.id, personId: actor.personId, round: (last?.round ?? 0) + 1, evidence: input.evidence, note: input.note }).returning();
    await recordAudit(tx, actor, { action: 'certify.practicum.submit', entityType: 'certify_practicum', entityId: row.id, after: row });
    return row;
  });
}

export async function reviewQueue(db: Db, actor: Actor, status: SubmissionRow['status']) {
  return db
    .select({ submission: practicumSubmissions, programName: programs.name, programId: programs.id, rubric: programs.rubric, personName: people.name })
    .from(practicumSubmissions)
    .innerJoin(enrolments, eq(enrolments.id, practicumSubmissions.enrolmentId))
    .innerJoin(programs, eq(programs.id, enrolments.programId))
    .innerJoin(people, eq(people.id, practicumSubmissions.personId))
    .where(and(eq(practicumSubmissions.orgId, actor.orgId), eq(practicumSubmissions.status, status)))
    .orderBy(practicumSubmissions.submittedAt);
}

/**
 * A reviewer scores every rubric criterion and accepts or returns with comments. Accepting needs
 * every criterion at or above its pass level; returning needs comments saying what to improve.
 */
export async function reviewPracticum(db: Db, actor: Actor, submissionId: string, input: { decision: 'accept' | 'return'; scores: Record<string, number>; comments: string }): Promise<SubmissionRow> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(practicumSubmissions).where(eq(practicumSubmissions.id, submissionId)).for('update');
    const submission = assertSameOrg(actor, found, 'Practicum submission');
    if (submission.personId === actor.personId) throw forbidden('You cannot review your own practicum');
    if (submission.status !== 'submitted') throw conflict(`This submission was already ${submission.status}`);
    const [enrolment] = await tx.select().from(enrolments).where(eq(enrolments.id, submission.enrolmentId));
    const [program] = await tx.select().from(programs).where(eq(programs.id, enrolment.programId));
    const fields = program.rubric.flatMap((c) => {
      const score = input.scores[c.key];
      if (score === undefined) return [{ path: `scores.${c.key}`, message: `score "${c.title}" (0-${c.levels.length - 1})` }];
      if (!Number.isInteger(score) || score < 0 || score >= c.levels.length) return [{ path: `scores.${c.key}`, message: `must be a level from 0 to ${c.levels.length - 1}` }];
      return [];
    });
    const unknown = Object.keys(input.scores).filter((k) => !program.rubric.some((c) => c.key === k));
    fields.push(...unknown.map((k) => ({ path: `scores.${k}`, message: 'not a criterion of this rubric' })));
    if (fields.length) throw badRequest('Score every rubric criterion with one of its levels', fields);
    if (input.decision === 'accept') {
      const below = program.rubric.filter((c) => input.scores[c.key]! < c.passLevel);
      if (below.length) throw badRequest(`Cannot accept: below the pass level on ${below.map((c) => `"${c.title}" (needs ${c.levels[c.passLevel]})`).join(', ')}; return it with comments instead`);
    } else if (input.comments.trim().length < 3) {
      throw badRequest('Say what to improve in comments when you return a practicum', [{ path: 'comments', message: 'required when returning' }]);
    }
    const [row] = await tx
      .update(practicumSubmissions)
      .set({ status: input.decision === 'accept' ? 'accepted' : 'returned', reviewerId: actor.personId, scores: input.scores, comments: input.comments, reviewedAt: new Date() })
      .where(eq(practicumSubmissions.id, submission.id))
      .returning();
    await recordAudit(tx, actor, { action: `certify.practicum.${input.decision}`, entityType: 'certify_practicum', entityId: row.id, before: { status: submission.status }, after: { status: row.status, scores: row.scores, comments: row.comments } });
    return row;
  });
}
