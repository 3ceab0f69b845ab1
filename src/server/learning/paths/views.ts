import { and, desc, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { people } from '../../identity/schema.js';
import { teams } from '../../org/schema.js';
import { learningPaths } from '../../content/schema.js';
import { pathEnrolments } from '../schema.js';
import { pathProgressMany } from './progress.js';

type Tx = Pick<Db, 'select'>;
const assigner = alias(people, 'assigner');

export type EnrolmentStatus = 'active' | 'completed' | 'withdrawn';

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function statusCondition(status: EnrolmentStatus | 'overdue' | undefined, now = new Date()): SQL | undefined {
  switch (status) {
    case 'active':
      return and(isNull(pathEnrolments.withdrawnAt), isNull(pathEnrolments.completedAt));
    case 'completed':
      return and(isNull(pathEnrolments.withdrawnAt), isNotNull(pathEnrolments.completedAt));
    case 'withdrawn':
      return isNotNull(pathEnrolments.withdrawnAt);
    case 'overdue':
      return and(isNull(pathEnrolments.withdrawnAt), isNull(pathEnrolments.completedAt), lt(pathEnrolments.dueDate, todayUtc(now)));
    default:
      return undefined;
  }
}

/** Enrolments as the API shows them, with the learner, the path and live progress. */
export async function selectEnrolments(tx: Tx, orgId: string, where: SQL | undefined, page?: { limit: number; offset: number }) {
  let q = tx
    .select({
      id: pathEnrolments.id,
      personId: people.id,
      personName: people.name,
      personEmail: people.email,
      teamId: people.teamId,
      teamName: teams.name,
      path: learningPaths,
      source: pathEnrolments.source,
      assignedById: pathEnrolments.assignedBy,
      assignedByName: assigner.name,
      dueDate: pathEnrolments.dueDate,
      enrolledAt: pathEnrolments.enrolledAt,
      completedAt: pathEnrolments.completedAt,
      withdrawnAt: pathEnrolments.withdrawnAt,
    })
    .from(pathEnrolments)
    .innerJoin(people, eq(people.id, pathEnrolments.personId))
    .innerJoin(learningPaths, eq(learningPaths.id, pathEnrolments.pathId))
    .leftJoin(teams, eq(teams.id, people.teamId))
    .leftJoin(assigner, eq(assigner.id, pathEnrolments.assignedBy))
    .where(and(eq(pathEnrolments.orgId, orgId), where))
    .orderBy(desc(pathEnrolments.enrolledAt), pathEnrolments.id)
    .$dynamic();
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q;
  const progress = await pathProgressMany(tx, orgId, rows.map((r) => ({ personId: r.personId, path: r.path })));
  const today = todayUtc();
  return rows.map((r, i) => {
    const status: EnrolmentStatus = r.withdrawnAt ? 'withdrawn' : r.completedAt ? 'completed' : 'active';
    return {
      id: r.id,
      person: { id: r.personId, name: r.personName, email: r.personEmail, teamId: r.teamId, teamName: r.teamName },
      path: { pathKey: r.path.pathKey, title: r.path.title, summary: r.path.summary, retired: r.path.retiredAt !== null },
      source: r.source as 'self' | 'manager' | 'admin',
      assignedBy: r.assignedById ? { id: r.assignedById, name: r.assignedByName ?? '' } : null,
      dueDate: r.dueDate,
      enrolledAt: r.enrolledAt,
      completedAt: r.completedAt,
      withdrawnAt: r.withdrawnAt,
      status,
      overdue: status === 'active' && !!r.dueDate && r.dueDate < today,
      progress: progress[i],
    };
  });
}
export type EnrolmentView = Awaited<ReturnType<typeof selectEnrolments>>[number];

export async function countEnrolments(tx: Tx, orgId: string, where: SQL | undefined): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(pathEnrolments)
    .innerJoin(people, eq(people.id, pathEnrolments.personId))
    .innerJoin(learningPaths, eq(learningPaths.id, pathEnrolments.pathId))
    .where(and(eq(pathEnrolments.orgId, orgId), where));
  return Number(row.n);
}
