import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import { permissionsOf, PERMISSIONS, type Actor } from '../access/policy.js';
import { organisations } from '../org/schema.js';
import { findPerson, personSchema } from '../people/views.js';
import { SESSION_COOKIE } from './sessions.js';
import type { Role } from '../../shared/roles.js';

export const meSchema = personSchema.extend({
  orgId: z.uuid(),
  organisationName: z.string(),
  permissions: z.array(z.enum(PERMISSIONS as [string, ...string[]])),
});

export async function loadMe(ctx: AppContext, personId: string, orgId: string) {
  const [person, [org]] = await Promise.all([
    findPerson(ctx.db, orgId, personId),
    ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)),
  ]);
  const actor: Actor = { personId, orgId, email: person.email, name: person.name, roles: person.roles as Role[], managesPeople: person.directReportCount > 0, via: 'session' };
  const { createdAt: _created, ...view } = person;
  return { ...view, orgId, organisationName: org.name, permissions: permissionsOf(actor) };
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.secureCookies,
    expires: expiresAt,
  });
}

export function clearSessionCookie(ctx: AppContext, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies });
}
