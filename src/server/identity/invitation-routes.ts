import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { personFieldsSchema } from '../people/service.js';
import { passwordSchema } from './passwords.js';
import { loadMe, meSchema, setSessionCookie } from './me.js';
import { acceptInvitation, invitationSchema, invite, listInvitations, lookupInvitation, resendInvitation, revokeInvitation } from './invitations.js';

const idParams = z.object({ id: z.uuid('must be an invitation id (UUID)') });

export function invitationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/invitations',
      { config: { access: 'invitations.manage' }, schema: { tags: ['invitations'], summary: 'Invitations of your organisation', querystring: pageQuery, response: { 200: pageOf(invitationSchema) } } },
      async (request) => listInvitations(ctx, request.actor!, request.query),
    );

    app.post(
      '/invitations',
      {
        config: { access: 'invitations.manage' },
        schema: {
          tags: ['invitations'],
          summary: 'Invite someone by e-mail',
          body: personFieldsSchema.extend({ email: z.email('must be an e-mail address').max(254), name: z.string().trim().min(1).max(120) }).strict(),
          response: { 201: invitationSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await invite(ctx, request.actor!, request.body)),
    );

    app.post(
      '/invitations/:id/revoke',
      { config: { access: 'invitations.manage' }, schema: { tags: ['invitations'], summary: 'Withdraw an invitation', params: idParams, response: { 200: invitationSchema } } },
      async (request) => revokeInvitation(ctx, request.actor!, request.params.id),
    );

    app.post(
      '/invitations/:id/resend',
      { config: { access: 'invitations.manage' }, schema: { tags: ['invitations'], summary: 'Send a fresh invitation link (the old one stops working)', params: idParams, response: { 201: invitationSchema } } },
      async (request, reply) => reply.status(201).send(await resendInvitation(ctx, request.actor!, request.params.id)),
    );

    app.get(
      '/invitations/lookup',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['invitations'],
          summary: 'What an invitation link is for',
          querystring: z.object({ token: z.string().min(10).max(200) }),
          response: { 200: z.object({ email: z.string(), name: z.string(), organisationName: z.string(), expiresAt: z.date() }) },
        },
      },
      async (request) => lookupInvitation(ctx, request.query.token),
    );

    app.post(
      '/invitations/accept',
      {
        config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags: ['invitations'], summary: 'Accept an invitation and choose a password', body: z.strictObject({ token: z.string().min(10).max(200), password: passwordSchema }), response: { 200: meSchema } },
      },
      async (request, reply) => {
        const { person, session } = await acceptInvitation(ctx, request.body.token, request.body.password, request.headers['user-agent'] ?? '');
        setSessionCookie(ctx, reply, session.token, session.expiresAt);
        return loadMe(ctx, person.id, person.orgId);
      },
    );
  };
}
