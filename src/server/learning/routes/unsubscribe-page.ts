import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { lookupUnsubscribe, unsubscribeWithToken } from '../tips/subscription.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} - Milewide</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:34rem;margin:4rem auto;padding:0 1.25rem;line-height:1.5;color:#1f2128;background:#fff}
h1{font-size:1.5rem}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#1c5490;color:#fff;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid #f0a500;outline-offset:2px}a{color:#1c5490}
@media (prefers-color-scheme:dark){body{background:#16181d;color:#e8e9ec}a{color:#8cc0f5}button{background:#3b7fc4}}
</style></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}

function token(query: unknown): string {
  const value = (query as { token?: unknown }).token;
  return typeof value === 'string' && value.length <= 200 ? value : '';
}

/**
 * The page an e-mailed unsubscribe link opens. GET only shows what will happen (mail scanners that
 * follow links change nothing); the button POSTs, as does a mail client's one-click unsubscribe.
 * When the web app is installed, GET hands over to its themed page (/unsubscribe), which asks the
 * same question through the API; this plain page serves installations without the web app.
 */
export function unsubscribePages(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // Forms post application/x-www-form-urlencoded; the token travels in the URL, so the body is unused.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, body));

    const invalid = (reply: FastifyReply, err: unknown) => {
      if (err instanceof AppError && err.status === 404) {
        return page(reply, 404, 'This link does not work', '<p>The unsubscribe link is not valid. Copy the whole link from the e-mail, or sign in and turn weekly tips off in your profile.</p>');
      }
      throw err;
    };

    app.get('/tips/unsubscribe', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const t = token(request.query);
      if (existsSync(join(ctx.config.webDir, 'index.html'))) return reply.redirect(`/unsubscribe?token=${encodeURIComponent(t)}`, 303);
      try {
        const info = await lookupUnsubscribe(ctx, t);
        if (!info.subscribed) {
          return page(reply, 200, 'You are unsubscribed', `<p>${escape(info.email)} no longer gets the weekly tip from ${escape(info.organisationName)}. To get it again, sign in and turn it on in your profile.</p>`);
        }
        return page(
          reply,
          200,
          'Stop the weekly tips?',
          `<p>${escape(info.email)} gets one short management tip a week from ${escape(info.organisationName)} on Milewide.</p>
<form method="post" action="/tips/unsubscribe?token=${encodeURIComponent(t)}"><button type="submit">Unsubscribe</button></form>
<p>You can subscribe again from your profile at any time.</p>`,
        );
      } catch (err) {
        return invalid(reply, err);
      }
    });

    app.post('/tips/unsubscribe', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      try {
        const info = await unsubscribeWithToken(ctx, token(request.query));
        return page(reply, 200, 'You are unsubscribed', `<p>${escape(info.email)} will not get the weekly tip any more. Changed your mind? Sign in to <a href="${escape(ctx.config.publicUrl)}/">Milewide</a> and turn it on in your profile.</p>`);
      } catch (err) {
        return invalid(reply, err);
      }
    });
  };
}
