import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import { AppError, notFound } from '../http/errors.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { recordAudit } from '../audit/service.js';
import { teams } from './schema.js';
import { lockTeamTree } from './locks.js';

const teamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  parentTeamId: z.uuid().nullable(),
  memberCount: z.number().int(),
});
// Written out as teams.id: drizzle renders ${teams.id} unqualified ("id") in single-table
// selects, which inside this subquery would bind to p.id and always count zero.
const memberCount = sql<number>`(select count(*)::int from people p where p.team_id = teams.id and p.status = 'active')`;
const columns = { id: teams.id, name: teams.name, description: teams.description, parentTeamId: teams.parentTeamId, memberCount };
const idParams = z.object({ id: z.uuid('must be a team id (UUID)') });
const teamBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  description: z.string().trim().max(500).optional(),
  parentTeamId: z.uuid().nullable().optional(),
});

async function loadTeam(db: Pick<Db, 'select'>, orgId: string, id: string) {
  const [row] = await db.select(columns).from(teams).where(and(eq(teams.id, id), eq(teams.orgId, orgId)));
  if (!row) throw notFound('Team');
  return { ...row, memberCount: Number(row.memberCount) };
}

async function assertParent(db: Pick<Db, 'select' | 'execute'>, orgId: string, teamId: string | null, parentTeamId: string | null | undefined) {
  if (!parentTeamId) return;
  const [parent] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.id, parentTeamId), eq(teams.orgId, orgId)));
  if (!parent) throw new AppError(400, 'invalid_reference', 'No such parent team in your organisation', [{ path: 'body.parentTeamId', message: 'no such team' }]);
  if (!teamId) return;
  const loop = await db.execute(sql`
    with recursive up(id, depth) as (
      select ${parentTeamId}::uuid, 0
      union all select t.parent_team_id, u.depth + 1 from teams t join up u on t.id = u.id where t.parent_team_id is not null and u.depth < 100
    ) select 1 from up where id = ${teamId} limit 1`);
  if (loop.rows.length) throw new AppError(400, 'invalid_reference', 'A team cannot sit inside itself', [{ path: 'body.parentTeamId', message: 'would make a loop' }]);
}

function nameTaken(name: string) {
  return new AppError(409, 'conflict', `A team called "${name}" already exists`, [{ path: 'body.name', message: 'already exists' }]);
}

export function teamRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/teams',
      { config: { access: 'signed-in' }, schema: { tags: ['org'], summary: 'Teams of your organisation', querystring: pageQuery, response: { 200: pageOf(teamSchema) } } },
      async (request) => {
        const { limit, offset } = request.query;
        const orgId = request.actor!.orgId;
        const items = await ctx.db.select(columns).from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.name)).limit(limit).offset(offset);
        const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(teams).where(eq(teams.orgId, orgId));
        return { items: items.map((t) => ({ ...t, memberCount: Number(t.memberCount) })), total: Number(row.n), limit, offset };
      },
    );

    app.get(
      '/teams/:id',
      { config: { access: 'signed-in' }, schema: { tags: ['org'], summary: 'One team', params: idParams, response: { 200: teamSchema } } },
      async (request) => loadTeam(ctx.db, request.actor!.orgId, request.params.id),
    );

    app.post(
      '/teams',
      { config: { access: 'teams.manage' }, schema: { tags: ['org'], summary: 'Create a team', body: teamBody, response: { 201: teamSchema } } },
      async (request, reply) => {
        const actor = request.actor!;
        await assertParent(ctx.db, actor.orgId, null, request.body.parentTeamId);
        const [dupe] = await ctx.db.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, actor.orgId), eq(teams.name, request.body.name)));
        if (dupe) throw nameTaken(request.body.name);
        const id = await ctx.db.transaction(async (tx) => {
          const [row] = await tx
            .insert(teams)
            .values({ orgId: actor.orgId, name: request.body.name, description: request.body.description ?? '', parentTeamId: request.body.parentTeamId ?? null })
            .returning();
          await recordAudit(tx, actor, { action: 'team.create', entityType: 'team', entityId: row.id, after: row });
          return row.id;
        });
        return reply.status(201).send(await loadTeam(ctx.db, actor.orgId, id));
      },
    );

    app.patch(
      '/teams/:id',
      { config: { access: 'teams.manage' }, schema: { tags: ['org'], summary: 'Rename or move a team', params: idParams, body: teamBody.partial(), response: { 200: teamSchema } } },
      async (request) => {
        const actor = request.actor!;
        const id = request.params.id;
        const before = await loadTeam(ctx.db, actor.orgId, id);
        if (request.body.name && request.body.name !== before.name) {
          const [dupe] = await ctx.db.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, actor.orgId), eq(teams.name, request.body.name)));
          if (dupe) throw nameTaken(request.body.name);
        }
        await ctx.db.transaction(async (tx) => {
          // Two concurrent moves could each pass the loop check and together close a loop;
          // moves within one organisation therefore take turns, and check inside the transaction.
          if (request.body.parentTeamId) await lockTeamTree(tx, actor.orgId);
          await assertParent(tx, actor.orgId, id, request.body.parentTeamId);
          await tx.update(teams).set({ ...request.body, updatedAt: new Date() }).where(eq(teams.id, id));
          await recordAudit(tx, actor, { action: 'team.update', entityType: 'team', entityId: id, before, after: request.body });
        });
        return loadTeam(ctx.db, actor.orgId, id);
      },
    );

    app.delete(
      '/teams/:id',
      { config: { access: 'teams.manage' }, schema: { tags: ['org'], summary: 'Delete a team (its members keep their accounts, without a team)', params: idParams } },
      async (request, reply) => {
        const actor = request.actor!;
        const before = await loadTeam(ctx.db, actor.orgId, request.params.id);
        await ctx.db.transaction(async (tx) => {
          await tx.delete(teams).where(eq(teams.id, before.id));
          await recordAudit(tx, actor, { action: 'team.delete', entityType: 'team', entityId: before.id, before });
        });
        return reply.status(204).send();
      },
    );
  };
}
