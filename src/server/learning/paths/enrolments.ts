import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import { can, canFor, enforceFor, type Actor } from '../../access/policy.js';
import { AppError, badRequest, notFound } from '../../http/errors.js';
import { recordAudit } from '../../audit/service.js';
import { writeEmail } from '../../notify/outbox.js';
import { people } from '../../identity/schema.js';
import { learningPaths } from '../../content/schema.js';
import { pathEnrolments } from '../schema.js';
import { findVisiblePath, type PathRow } from '../lookups.js';
import { loadSubject, relationTo, type Subject } from '../relations.js';
import { agent, extension, pathActivity, recordStatement } from '../xapi/statements.js';
import { afterLearningEvent } from '../xapi/forward-kick.js';
import type { PageQuery } from '../../http/pagination.js';
import { completePathsContaining } from './completion.js';
import { countEnrolments, selectEnrolments, statusCondition, todayUtc, type EnrolmentStatus } from './views.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function personOf(actor: Actor) {
  return { id: actor.personId, name: actor.name, email: actor.email };
}

async function enrolmentView(tx: Pick<Db, 'select'>, orgId: string, id: string) {
  const [view] = await selectEnrolments(tx, orgId, eq(pathEnrolments.id, id));
  return view;
}

function assertPathOpen(path: PathRow) {
  if (path.retiredAt) throw new AppError(409, 'path_retired', `The learning path "${path.title}" was retired and takes no new enrolments`);
}

/** Enrolments of one person take turns, so two clicks cannot both pass the "already enrolled" check. */
async function lockPerson(tx: Tx, personId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`enrol:${personId}`}))`);
}

async function assertNotEnrolled(tx: Tx, subject: Subject, path: PathRow, you: boolean) {
  const [existing] = await tx
    .select({ enrolledAt: pathEnrolments.enrolledAt, completedAt: pathEnrolments.completedAt })
    .from(pathEnrolments)
    .where(and(eq(pathEnrolments.personId, subject.id), eq(pathEnrolments.pathId, path.id), isNull(pathEnrolments.withdrawnAt)));
  if (!existing) return;
  const who = you ? 'You are' : `${subject.name} is`;
  const when = existing.completedAt ? `and completed it on ${existing.completedAt.toISOString().slice(0, 10)}` : `since ${existing.enrolledAt.toISOString().slice(0, 10)}`;
  throw new AppError(409, 'already_enrolled', `${who} already enrolled in "${path.title}" ${when}`);
}

/** Self-enrolment. Enrolling twice answers 409; after withdrawing, enrolling again starts a new enrolment. */
export async function enrolSelf(ctx: AppContext, actor: Actor, pathKey: string) {
  const id = await ctx.db.transaction(async (tx) => {
    const path = await findVisiblePath(tx, actor, pathKey);
    assertPathOpen(path);
    await lockPerson(tx, actor.personId);
    const { subject } = await loadSubject(tx, actor, actor.personId);
    await assertNotEnrolled(tx, subject, path, true);
    const [row] = await tx.insert(pathEnrolments).values({ orgId: actor.orgId, personId: actor.personId, pathId: path.id, source: 'self' }).returning();
    await recordStatement(tx, { orgId: actor.orgId, subjectId: actor.personId, actor: personOf(actor), verb: 'registered', object: pathActivity(ctx.config.publicUrl, path), context: { registration: row.id }, timestamp: row.enrolledAt });
    await recordAudit(tx, actor, { action: 'learning.enrol', entityType: 'path_enrolment', entityId: row.id, after: { personId: actor.personId, pathKey, source: 'self' } });
    // Someone who already finished every lesson of the path has finished the path too.
    await completePathsContaining(tx, ctx, personOf(actor), new Date(), row.id);
    return row.id;
  });
  await afterLearningEvent(ctx, actor.orgId);
  return enrolmentView(ctx.db, actor.orgId, id);
}

export interface Assignment {
  personId: string;
  pathKey: string;
  dueDate: string;
}

/** A manager assigns a path to a direct report, or an admin to anyone, with a due date. */
export async function assignPath(ctx: AppContext, actor: Actor, input: Assignment) {
  if (input.dueDate < todayUtc()) throw badRequest(`The due date ${input.dueDate} is in the past; choose today or a later day`, [{ path: 'body.dueDate', message: 'must be today or later' }]);
  const { id, emailId } = await ctx.db.transaction(async (tx) => {
    const { subject, relation } = await loadSubject(tx, actor, input.personId);
    enforceFor(actor, 'learning.assign', relation, 'You can assign learning paths only to your direct reports (admins to anyone in the organisation)');
    if (subject.status !== 'active') throw new AppError(409, 'person_inactive', `${subject.name} is deactivated; learning paths can be assigned to active people only`);
    const path = await findVisiblePath(tx, actor, input.pathKey);
    assertPathOpen(path);
    await lockPerson(tx, subject.id);
    await assertNotEnrolled(tx, subject, path, subject.id === actor.personId);
    const source = relation.managesSubject ? 'manager' : 'admin';
    const [row] = await tx.insert(pathEnrolments).values({ orgId: actor.orgId, personId: subject.id, pathId: path.id, source, assignedBy: actor.personId, dueDate: input.dueDate }).returning();
    const learner = { id: subject.id, name: subject.name, email: subject.email };
    const activity = pathActivity(ctx.config.publicUrl, path);
    const dueExt = { [extension(ctx.config.publicUrl, 'due-date')]: input.dueDate };
    await recordStatement(tx, { orgId: actor.orgId, subjectId: subject.id, actor: learner, verb: 'registered', object: activity, context: { registration: row.id, instructor: personOf(actor), extensions: dueExt }, timestamp: row.enrolledAt });
    await recordStatement(tx, {
      orgId: actor.orgId,
      subjectId: subject.id,
      actor: personOf(actor),
      verb: 'assigned',
      object: activity,
      context: { registration: row.id, extensions: { ...dueExt, [extension(ctx.config.publicUrl, 'assignee')]: agent(learner) } },
      timestamp: row.enrolledAt,
    });
    await recordAudit(tx, actor, { action: 'learning.assign', entityType: 'path_enrolment', entityId: row.id, after: { personId: subject.id, pathKey: path.pathKey, dueDate: input.dueDate, source } });
    const emailId = await writeEmail(tx, {
      orgId: actor.orgId,
      to: subject.email,
      kind: 'learning_assignment',
      subject: `Learning path assigned: ${path.title}`,
      text: [
        `Hello ${subject.name},`,
        '',
        `${actor.name} assigned you the learning path "${path.title}", due on ${input.dueDate}.`,
        '',
        path.summary,
        '',
        `Start here: ${ctx.config.publicUrl}/learn/paths/${encodeURIComponent(path.pathKey)}`,
      ].join('\n'),
    });
    await completePathsContaining(tx, ctx, learner, new Date(), row.id);
    return { id: row.id, emailId };
  });
  await ctx.email.deliver([emailId]);
  await afterLearningEvent(ctx, actor.orgId);
  return enrolmentView(ctx.db, actor.orgId, id);
}

async function loadEnrolment(tx: Pick<Db, 'select'>, actor: Actor, id: string) {
  const [row] = await tx
    .select({ enrolment: pathEnrolments, path: learningPaths, managerId: people.managerId, status: people.status, name: people.name, email: people.email })
    .from(pathEnrolments)
    .innerJoin(learningPaths, eq(learningPaths.id, pathEnrolments.pathId))
    .innerJoin(people, eq(people.id, pathEnrolments.personId))
    .where(and(eq(pathEnrolments.id, id), eq(pathEnrolments.orgId, actor.orgId)));
  if (!row) throw notFound('Enrolment');
  const relation = relationTo(actor, { id: row.enrolment.personId, managerId: row.managerId, status: row.status });
  // Enrolments the caller may not see look like ones that do not exist.
  if (!canFor(actor, 'learning.progress.read', relation)) throw notFound('Enrolment');
  return { ...row, relation: { ...relation, subjectStarted: row.enrolment.source === 'self' } };
}

export async function getEnrolment(ctx: AppContext, actor: Actor, id: string) {
  await loadEnrolment(ctx.db, actor, id);
  return enrolmentView(ctx.db, actor.orgId, id);
}

/**
 * Sets, moves or removes the due date of an open enrolment (same rule as assigning). A due date set
 * on a self-enrolment makes it an assignment by the caller, so the learner can no longer drop it
 * unnoticed. The learner is told by e-mail; reminders follow the new date.
 */
export async function changeDueDate(ctx: AppContext, actor: Actor, id: string, dueDate: string | null) {
  if (dueDate && dueDate < todayUtc()) throw badRequest(`The due date ${dueDate} is in the past; choose today or a later day`, [{ path: 'body.dueDate', message: 'must be today or later' }]);
  const emailId = await ctx.db.transaction(async (tx) => {
    const row = await loadEnrolment(tx, actor, id);
    enforceFor(actor, 'learning.assign', row.relation, 'Only the learner\'s manager or an administrator can set the due date of a learning path');
    const [locked] = await tx.select().from(pathEnrolments).where(eq(pathEnrolments.id, id)).for('update');
    if (locked.withdrawnAt) throw new AppError(409, 'already_withdrawn', `This enrolment in "${row.path.title}" was withdrawn; assign the path again instead`);
    if (locked.completedAt) throw new AppError(409, 'already_completed', `"${row.path.title}" was completed on ${locked.completedAt.toISOString().slice(0, 10)}; it needs no due date`);
    if (locked.dueDate === dueDate) return null;
    const takeOver = locked.source === 'self' && dueDate !== null;
    const source = takeOver ? (row.relation.managesSubject ? 'manager' : 'admin') : locked.source;
    await tx
      .update(pathEnrolments)
      .set({ dueDate, ...(takeOver ? { source, assignedBy: actor.personId } : {}) })
      .where(eq(pathEnrolments.id, id));
    await recordAudit(tx, actor, {
      action: 'learning.due_date',
      entityType: 'path_enrolment',
      entityId: id,
      before: { dueDate: locked.dueDate, source: locked.source },
      after: { personId: locked.personId, pathKey: row.path.pathKey, dueDate, source },
    });
    if (locked.personId === actor.personId) return null;
    return writeEmail(tx, {
      orgId: actor.orgId,
      to: row.email,
      kind: 'learning_due_date',
      subject: dueDate ? `New due date for ${row.path.title}: ${dueDate}` : `No due date any more: ${row.path.title}`,
      text: [
        `Hello ${row.name},`,
        '',
        dueDate ? `${actor.name} set the due date of your learning path "${row.path.title}" to ${dueDate}.` : `${actor.name} removed the due date of your learning path "${row.path.title}".`,
        '',
        `Continue here: ${ctx.config.publicUrl}/learn/paths/${encodeURIComponent(row.path.pathKey)}`,
      ].join('\n'),
    });
  });
  if (emailId) await ctx.email.deliver([emailId]);
  return enrolmentView(ctx.db, actor.orgId, id);
}

/** Ends an enrolment. Completed enrolments stay on record and cannot be withdrawn. */
export async function withdrawEnrolment(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadEnrolment(tx, actor, id);
    enforceFor(actor, 'learning.withdraw', row.relation, `"${row.path.title}" was assigned by ${row.enrolment.source === 'admin' ? 'an administrator' : 'your manager'}; ask them to withdraw it`);
    const [locked] = await tx.select().from(pathEnrolments).where(eq(pathEnrolments.id, id)).for('update');
    if (locked.withdrawnAt) throw new AppError(409, 'already_withdrawn', `This enrolment in "${row.path.title}" was already withdrawn on ${locked.withdrawnAt.toISOString().slice(0, 10)}`);
    if (locked.completedAt) throw new AppError(409, 'already_completed', `"${row.path.title}" was completed on ${locked.completedAt.toISOString().slice(0, 10)}; completed paths stay on record`);
    const now = new Date();
    await tx.update(pathEnrolments).set({ withdrawnAt: now, withdrawnBy: actor.personId }).where(eq(pathEnrolments.id, id));
    const learner = { id: locked.personId, name: row.name, email: row.email };
    await recordStatement(tx, {
      orgId: actor.orgId,
      subjectId: learner.id,
      actor: learner,
      verb: 'left',
      object: pathActivity(ctx.config.publicUrl, row.path),
      context: { registration: id, ...(actor.personId !== learner.id ? { instructor: personOf(actor) } : {}) },
      timestamp: now,
    });
    await recordAudit(tx, actor, { action: 'learning.withdraw', entityType: 'path_enrolment', entityId: id, before: { withdrawnAt: null }, after: { personId: learner.id, pathKey: row.path.pathKey, withdrawnAt: now } });
  });
  await afterLearningEvent(ctx, actor.orgId);
  return enrolmentView(ctx.db, actor.orgId, id);
}

export async function myEnrolments(ctx: AppContext, actor: Actor, filters: { status?: EnrolmentStatus | 'overdue'; pathKey?: string }, q: PageQuery) {
  const where = and(eq(pathEnrolments.personId, actor.personId), statusCondition(filters.status), filters.pathKey ? eq(learningPaths.pathKey, filters.pathKey) : undefined);
  const [items, total] = await Promise.all([selectEnrolments(ctx.db, actor.orgId, where, q), countEnrolments(ctx.db, actor.orgId, where)]);
  return { items, total, limit: q.limit, offset: q.offset };
}

export interface EnrolmentFilters {
  personId?: string;
  teamId?: string;
  pathKey?: string;
  status?: EnrolmentStatus | 'overdue';
}

/**
 * Progress overview for managers (their direct reports) and admins (everyone). A caller with no
 * reports and no admin role gets an empty list: there is nobody whose progress they may read.
 */
export async function listEnrolments(ctx: AppContext, actor: Actor, filters: EnrolmentFilters, q: PageQuery) {
  const visible = can(actor, 'learning.manage') ? undefined : and(eq(people.managerId, actor.personId), eq(people.status, 'active'));
  const where = and(
    visible,
    filters.personId ? eq(pathEnrolments.personId, filters.personId) : undefined,
    filters.teamId ? eq(people.teamId, filters.teamId) : undefined,
    filters.pathKey ? eq(learningPaths.pathKey, filters.pathKey) : undefined,
    statusCondition(filters.status),
  );
  const [items, total] = await Promise.all([selectEnrolments(ctx.db, actor.orgId, where, q), countEnrolments(ctx.db, actor.orgId, where)]);
  return { items, total, limit: q.limit, offset: q.offset };
}
