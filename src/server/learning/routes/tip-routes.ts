import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { currentTip, lookupUnsubscribe, subscriptionView, unsubscribeWithToken, updateSubscription } from '../tips/subscription.js';
import { currentTipSchema, subscriptionSchema, tokenBody, unsubscribeLookupSchema } from '../views.js';

const tags = ['learning: weekly tips'];

export function tipRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/learn/tips/current',
      { config: { access: 'signed-in' }, schema: { tags, summary: "This week's tip for the caller (the last one sent), or null before the first", response: { 200: currentTipSchema } } },
      async (request) => currentTip(ctx, request.actor!),
    );

    app.get(
      '/learn/tips/subscription',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Whether the caller gets the weekly tip, and for which stage', response: { 200: subscriptionSchema } } },
      async (request) => subscriptionView(ctx, request.actor!),
    );

    app.put(
      '/learn/tips/subscription',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Subscribe to (or unsubscribe from) the weekly tip', body: z.object({ subscribed: z.boolean() }).strict(), response: { 200: subscriptionSchema } } },
      async (request) => updateSubscription(ctx, request.actor!, request.body.subscribed),
    );

    app.get(
      '/learn/tips/unsubscribe',
      {
        config: { access: 'public' },
        schema: { tags, summary: 'What an e-mailed unsubscribe link stands for (no sign-in; changes nothing)', querystring: z.object({ token: z.string().min(10).max(200) }).strict(), response: { 200: unsubscribeLookupSchema } },
      },
      async (request) => lookupUnsubscribe(ctx, request.query.token),
    );

    app.post(
      '/learn/tips/unsubscribe',
      { config: { access: 'public' }, schema: { tags, summary: 'Unsubscribe with the signed token from the e-mail (no sign-in; repeating it is harmless)', body: tokenBody, response: { 200: unsubscribeLookupSchema } } },
      async (request) => unsubscribeWithToken(ctx, request.body.token),
    );
  };
}
