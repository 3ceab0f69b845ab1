import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { pageQuery } from '../http/pagination.js';
import { openEventStream } from './event-stream.js';
import { inAppSchema, listInApp, markAllRead, markRead, notificationEventsAfter } from './in-app.js';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export function inAppRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me/notifications',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['notifications'],
          summary: 'Your in-app notifications, newest first, with the unread count',
          querystring: pageQuery.extend({ unread: flag.optional() }),
          response: { 200: z.object({ items: z.array(inAppSchema), total: z.number().int(), unread: z.number().int(), limit: z.number().int(), offset: z.number().int() }) },
        },
      },
      async (request) => listInApp(ctx.db, request.actor!.personId, { unread: request.query.unread, limit: request.query.limit, offset: request.query.offset }),
    );

    app.post(
      '/me/notifications/:id/read',
      {
        config: { access: 'signed-in' },
        schema: { tags: ['notifications'], summary: 'Mark one of your notifications read', params: z.object({ id: z.uuid('must be a notification id (UUID)') }), response: { 200: inAppSchema } },
      },
      async (request) => markRead(ctx.db, request.actor!.personId, request.params.id),
    );

    app.post(
      '/me/notifications/read-all',
      { config: { access: 'signed-in' }, schema: { tags: ['notifications'], summary: 'Mark all your notifications read', response: { 200: z.object({ updated: z.number().int() }) } } },
      async (request) => ({ updated: await markAllRead(ctx.db, request.actor!.personId) }),
    );

    app.get(
      '/me/notifications/stream',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['notifications'],
          summary: 'Live stream (Server-Sent Events) of your new notifications',
          description:
            'text/event-stream. First an `unread` event with the unread count, then one `notification` event per new notification. Resume with the Last-Event-ID header or `after`. `follow=false` sends what there is and closes.',
          querystring: z.object({ follow: flag.default(true), after: z.coerce.number().int().min(0).optional() }),
        },
      },
      async (request, reply) => {
        const personId = request.actor!.personId;
        await openEventStream(ctx.live, request, reply, {
          topic: `person:${personId}`,
          follow: request.query.follow,
          resumeAfter: request.query.after ?? null,
          after: (last) => notificationEventsAfter(ctx.db, personId, last),
        });
      },
    );
  };
}
