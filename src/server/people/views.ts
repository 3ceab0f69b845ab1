import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { people } from '../identity/schema.js';
import { teams } from '../org/schema.js';
import { CAREER_LEVEL_KEYS } from '../../shared/career.js';
import { ROLES } from '../../shared/roles.js';

const manager = alias(people, 'manager');

export const personSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  managerId: z.uuid().nullable(),
  managerName: z.string().nullable(),
  careerLevel: z.enum(CAREER_LEVEL_KEYS),
  jobRole: z.string(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(['active', 'invited', 'deactivated']),
  directReportCount: z.number().int(),
});
export type PersonView = z.infer<typeof personSchema>;

const directReportCount = sql<number>`(select count(*)::int from people r where r.manager_id = ${people.id} and r.status = 'active')`;

const columns = {
  id: people.id,
  email: people.email,
  name: people.name,
  teamId: people.teamId,
  teamName: teams.name,
  managerId: people.managerId,
  managerName: manager.name,
  careerLevel: people.careerLevel,
  jobRole: people.jobRole,
  roles: people.roles,
  rawStatus: people.status,
  hasPassword: sql<boolean>`${people.passwordHash} is not null`,
  directReportCount,
  createdAt: people.createdAt,
};

type Row = { [K in keyof typeof columns]: unknown } & Record<string, unknown>;

function toView(row: Row): PersonView & { createdAt: Date } {
  const { rawStatus, hasPassword, ...rest } = row as Record<string, unknown>;
  return {
    ...(rest as Omit<PersonView, 'status'> & { createdAt: Date }),
    directReportCount: Number(rest.directReportCount),
    status: rawStatus === 'deactivated' ? 'deactivated' : hasPassword ? 'active' : 'invited',
  };
}

/** People of one organisation as the API shows them, with team and manager names. */
export async function selectPeople(db: Db, orgId: string, where?: SQL, opts: { limit?: number; offset?: number } = {}) {
  let q = db
    .select(columns)
    .from(people)
    .leftJoin(teams, eq(teams.id, people.teamId))
    .leftJoin(manager, eq(manager.id, people.managerId))
    .where(where ? and(eq(people.orgId, orgId), where) : eq(people.orgId, orgId))
    .orderBy(people.name, people.id)
    .$dynamic();
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  if (opts.offset !== undefined) q = q.offset(opts.offset);
  return (await q).map(toView);
}

export async function countPeople(db: Db, orgId: string, where?: SQL): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(where ? and(eq(people.orgId, orgId), where) : eq(people.orgId, orgId));
  return Number(row.n);
}

export async function findPerson(db: Db, orgId: string, id: string) {
  const [row] = await selectPeople(db, orgId, eq(people.id, id));
  return row;
}
