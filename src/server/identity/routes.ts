import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { CAREER_LEVELS } from '../../shared/career.js';
import { changePassword, createOrganisation, login, setupNeeded } from './service.js';
import { passwordSchema } from './passwords.js';
import { clearSessionCookie, loadMe, meSchema, setSessionCookie } from './me.js';
import { createSession, endAllSessions, endSession, SESSION_COOKIE } from './sessions.js';
import { completePasswordReset, requestPasswordReset } from './password-reset.js';
import { people } from './schema.js';
import { installDefaultPack } from '../content/default-pack.js';
import { loadDefaultItemBanks } from '../assess/items/demo-banks.js';

const email = z.email('must be an e-mail address').max(254);
const name = z.string().trim().min(1, 'is required').max(120);

export function identityRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/setup',
      { config: { access: 'public' }, schema: { tags: ['identity'], summary: 'Whether first-run setup is needed', response: { 200: z.object({ needed: z.boolean() }) } } },
      async () => ({ needed: await setupNeeded(ctx) }),
    );

    app.post(
      '/setup',
      {
        config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Create the first organisation and its administrator',
          body: z.strictObject({ organisationName: z.string().trim().min(2).max(120), name, email, password: passwordSchema }),
          response: { 201: meSchema },
        },
      },
      async (request, reply) => {
        if (!(await setupNeeded(ctx))) throw new AppError(409, 'already_set_up', 'This installation is already set up; sign in instead');
        const { org, admin } = await createOrganisation(ctx, request.body, { onlyIfFirst: true });
        await installDefaultPack(ctx.db, request.log, org.id, null);
        await loadDefaultItemBanks(ctx, org.id);
        const session = await createSession(ctx.db, admin.id, ctx.config.sessionDays, request.headers['user-agent']);
        setSessionCookie(ctx, reply, session.token, session.expiresAt);
        return reply.status(201).send(await loadMe(ctx, admin.id, org.id));
      },
    );

    app.post(
      '/auth/login',
      {
        config: { access: 'public', rateLimit: { max: ctx.config.authRatePerMinute, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Sign in with e-mail and password',
          body: z.strictObject({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) }),
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        const { person, session } = await login(ctx, request.body.email, request.body.password, request.headers['user-agent'] ?? '');
        setSessionCookie(ctx, reply, session.token, session.expiresAt);
        return loadMe(ctx, person.id, person.orgId);
      },
    );

    app.post('/auth/logout', { config: { access: 'public' }, schema: { tags: ['identity'], summary: 'Sign out of this session' } }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await endSession(ctx.db, token);
      clearSessionCookie(ctx, reply);
      return reply.status(204).send();
    });

    app.post(
      '/auth/logout-everywhere',
      { config: { access: 'signed-in' }, schema: { tags: ['identity'], summary: 'End every session of the signed-in person' } },
      async (request, reply) => {
        const actor = request.actor!;
        await endAllSessions(ctx.db, actor.personId);
        await recordAudit(ctx.db, actor, { action: 'person.logout_everywhere', entityType: 'person', entityId: actor.personId });
        clearSessionCookie(ctx, reply);
        return reply.status(204).send();
      },
    );

    app.post(
      '/auth/password-reset/request',
      {
        config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
        schema: { tags: ['identity'], summary: 'E-mail a password reset link', body: z.strictObject({ email: z.string().trim().min(1).max(254) }), response: { 202: z.object({ message: z.string() }) } },
      },
      async (request, reply) => {
        await requestPasswordReset(ctx, request.body.email);
        return reply.status(202).send({ message: 'If that address has an account, a reset link is on its way.' });
      },
    );

    app.post(
      '/auth/password-reset/complete',
      {
        config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags: ['identity'], summary: 'Set a new password with a reset token', body: z.strictObject({ token: z.string().min(10).max(200), password: passwordSchema }) },
      },
      async (request, reply) => {
        await completePasswordReset(ctx, request.body.token, request.body.password);
        return reply.status(204).send();
      },
    );

    app.get('/me', { config: { access: 'signed-in' }, schema: { tags: ['identity'], summary: 'The signed-in person', response: { 200: meSchema } } }, async (request) => {
      const actor = request.actor!;
      return loadMe(ctx, actor.personId, actor.orgId);
    });

    app.patch(
      '/me',
      { config: { access: 'signed-in' }, schema: { tags: ['identity'], summary: 'Update your own name', body: z.strictObject({ name: name.optional() }), response: { 200: meSchema } } },
      async (request) => {
        const actor = request.actor!;
        if (request.body.name !== undefined) {
          await ctx.db.transaction(async (tx) => {
            const [before] = await tx.select({ name: people.name }).from(people).where(eq(people.id, actor.personId));
            await tx.update(people).set({ name: request.body.name!, updatedAt: sql`now()` }).where(eq(people.id, actor.personId));
            await recordAudit(tx, actor, { action: 'person.update', entityType: 'person', entityId: actor.personId, before, after: { name: request.body.name } });
          });
        }
        return loadMe(ctx, actor.personId, actor.orgId);
      },
    );

    app.post(
      '/me/password',
      {
        config: { access: 'signed-in', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags: ['identity'], summary: 'Change your password', body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }) },
      },
      async (request, reply) => {
        await changePassword(ctx, request.actor!, request.body.currentPassword, request.body.newPassword);
        return reply.status(204).send();
      },
    );

    app.get(
      '/career-levels',
      { config: { access: 'signed-in' }, schema: { tags: ['org'], summary: 'The career ladder', response: { 200: z.object({ items: z.array(z.object({ key: z.string(), label: z.string() })) }) } } },
      async () => ({ items: CAREER_LEVELS.map((l) => ({ ...l })) }),
    );
  };
}
