import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { AppError, forbidden, notFound, type FieldError } from '../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { people } from '../identity/schema.js';
import { teams } from '../org/schema.js';
import { lockReportingLines } from '../org/locks.js';
import { normaliseEmail } from '../identity/service.js';
import { CAREER_LEVEL_KEYS } from '../../shared/career.js';
import { ROLES } from '../../shared/roles.js';
import { countPeople, findPerson, selectPeople } from './views.js';
import type { PageQuery } from '../http/pagination.js';

type Tx = Pick<Db, 'select' | 'execute'>;

export const personFieldsSchema = z.object({
  teamId: z.uuid().nullable().optional(),
  managerId: z.uuid().nullable().optional(),
  careerLevel: z.enum(CAREER_LEVEL_KEYS).optional(),
  jobRole: z.string().trim().max(120).optional(),
  roles: z.array(z.enum(ROLES)).min(1, 'give at least one role').max(ROLES.length).optional(),
});
export type PersonFields = z.infer<typeof personFieldsSchema>;

/** Team and manager must exist in the caller's organisation; anything else reads as not found. */
export async function assertPersonRefs(tx: Tx, orgId: string, fields: PersonFields, personId?: string) {
  const errors: FieldError[] = [];
  if (fields.teamId) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.id, fields.teamId), eq(teams.orgId, orgId)));
    if (!team) errors.push({ path: 'body.teamId', message: 'no such team in your organisation' });
  }
  if (fields.managerId) {
    const [mgr] = await tx.select({ id: people.id }).from(people).where(and(eq(people.id, fields.managerId), eq(people.orgId, orgId)));
    if (!mgr) errors.push({ path: 'body.managerId', message: 'no such person in your organisation' });
    else if (personId && (await wouldCreateCycle(tx, personId, fields.managerId))) {
      errors.push({ path: 'body.managerId', message: 'would make a reporting loop (this person manages that manager, directly or not)' });
    }
  }
  if (errors.length) throw new AppError(400, 'invalid_reference', errors.map((e) => e.message).join('; '), errors);
}

/** True when `managerId` is `personId` or reports to them somewhere up the line. */
export async function wouldCreateCycle(tx: Tx, personId: string, managerId: string): Promise<boolean> {
  if (personId === managerId) return true;
  const result = await tx.execute(sql`
    with recursive chain(id, depth) as (
      select manager_id, 1 from people where id = ${managerId}
      union all
      select p.manager_id, c.depth + 1 from people p join chain c on p.id = c.id where c.depth < 100
    )
    select 1 as hit from chain where id = ${personId} limit 1`);
  return result.rows.length > 0;
}

export function searchCondition(filters: { q?: string; teamId?: string; managerId?: string }): SQL | undefined {
  const parts: SQL[] = [];
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(people.name, like), ilike(people.email, like), ilike(people.jobRole, like))!);
  }
  if (filters.teamId) parts.push(eq(people.teamId, filters.teamId));
  if (filters.managerId) parts.push(eq(people.managerId, filters.managerId));
  return parts.length ? and(...parts) : undefined;
}

export async function listPeople(ctx: AppContext, actor: Actor, filters: { q?: string; teamId?: string; managerId?: string }, q: PageQuery) {
  const where = searchCondition(filters);
  const [items, total] = await Promise.all([
    selectPeople(ctx.db, actor.orgId, where, { limit: q.limit, offset: q.offset }),
    countPeople(ctx.db, actor.orgId, where),
  ]);
  return { items: items.map(({ createdAt: _c, ...p }) => p), total, limit: q.limit, offset: q.offset };
}

export async function getPerson(ctx: AppContext, actor: Actor, id: string) {
  const person = await findPerson(ctx.db, actor.orgId, id);
  if (!person) throw notFound('Person');
  // Same rule as directReportCount: people who left are no longer anyone's reports.
  const reports = await selectPeople(ctx.db, actor.orgId, and(eq(people.managerId, id), eq(people.status, 'active')));
  return { ...person, directReports: reports.map(({ createdAt: _c, ...p }) => p) };
}

export type NewPerson = { email: string; name: string } & PersonFields;

export async function createPerson(ctx: AppContext, actor: Actor, input: NewPerson) {
  const email = normaliseEmail(input.email);
  const id = await ctx.db.transaction(async (tx) => {
    await assertPersonRefs(tx, actor.orgId, input);
    const [taken] = await tx.select({ id: people.id }).from(people).where(eq(people.email, email));
    if (taken) throw new AppError(409, 'conflict', `${email} is already in use`, [{ path: 'body.email', message: 'already in use' }]);
    return insertPerson(tx, actor, { ...input, email });
  });
  return getPerson(ctx, actor, id);
}

/** Inserts a person (no password) with the defaults for fields not given, and audits it; returns the id. */
export async function insertPerson(tx: Pick<Db, 'insert'>, actor: Actor, input: NewPerson): Promise<string> {
  const [row] = await tx
    .insert(people)
    .values({
      orgId: actor.orgId,
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      teamId: input.teamId ?? null,
      managerId: input.managerId ?? null,
      careerLevel: input.careerLevel ?? 'individual_contributor',
      jobRole: input.jobRole ?? '',
      roles: input.roles ?? ['learner'],
    })
    .returning();
  await recordAudit(tx, actor, { action: 'person.create', entityType: 'person', entityId: row.id, after: row });
  return row.id;
}

export type PersonPatch = { name?: string; status?: 'active' | 'deactivated' } & PersonFields;

export async function updatePerson(ctx: AppContext, actor: Actor, id: string, patch: PersonPatch) {
  await ctx.db.transaction(async (tx) => {
    if (patch.roles !== undefined || patch.status !== undefined) {
      // Two admins removing each other at once each passed the access check at the start of their
      // request; role and status changes take turns and re-check that the caller is still an admin.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`org-admins:${actor.orgId}`}))`);
      const [me] = await tx.select({ roles: people.roles, status: people.status }).from(people).where(eq(people.id, actor.personId));
      if (!me || me.status !== 'active' || !me.roles.includes('org_admin')) throw forbidden('You are no longer an administrator of this organisation');
    }
    const [before] = await tx.select().from(people).where(and(eq(people.id, id), eq(people.orgId, actor.orgId)));
    if (!before) throw notFound('Person');
    // Two concurrent changes could each pass the loop check and together close a loop;
    // reporting-line changes in one organisation therefore take turns.
    if (patch.managerId) await lockReportingLines(tx, actor.orgId);
    await assertPersonRefs(tx, actor.orgId, patch, id);
    if (id === actor.personId && (patch.status === 'deactivated' || (patch.roles && !patch.roles.includes('org_admin')))) {
      throw new AppError(400, 'self_lockout', 'You cannot deactivate yourself or remove your own admin role; ask another admin');
    }
    const changes: Partial<typeof people.$inferInsert> = {};
    for (const key of ['name', 'teamId', 'managerId', 'careerLevel', 'jobRole', 'roles', 'status'] as const) {
      if (patch[key] !== undefined) (changes as Record<string, unknown>)[key] = patch[key];
    }
    if (Object.keys(changes).length === 0) return;
    const [after] = await tx.update(people).set({ ...changes, updatedAt: new Date() }).where(eq(people.id, id)).returning();
    if (patch.status === 'deactivated') {
      await tx.execute(sql`delete from sessions where person_id = ${id}`);
    }
    const pick = (row: Record<string, unknown>) => Object.fromEntries(Object.keys(changes).map((k) => [k, row[k]]));
    await recordAudit(tx, actor, { action: 'person.update', entityType: 'person', entityId: id, before: pick(before), after: pick(after) });
  });
  return getPerson(ctx, actor, id);
}
