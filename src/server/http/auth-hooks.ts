import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { enforce, type Actor } from '../access/policy.js';
import { AppError } from './errors.js';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from '../identity/sessions.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const actor = await actorFromApiToken(ctx.db, header.slice(7).trim());
    if (!actor) throw new AppError(401, 'invalid_token', 'The API token is unknown, expired or revoked');
    return actor;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? actorFromSession(ctx.db, cookie) : null;
}

/**
 * Cookie sessions are SameSite=Lax; in addition a state-changing request carried by a cookie
 * must come from our own origin, which closes cross-site request forgery.
 */
function checkOrigin(ctx: AppContext, request: FastifyRequest, actor: Actor | null) {
  if (!actor || actor.via !== 'session' || !UNSAFE.has(request.method)) return;
  const origin = request.headers.origin;
  if (!origin) return;
  const host = request.headers.host;
  const allowed = new Set([ctx.config.publicUrl, `http://${host}`, `https://${host}`]);
  if (!allowed.has(origin)) throw new AppError(403, 'cross_origin', 'Cross-origin requests with a session cookie are refused');
}

export function installAuthHooks(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (!url) return; // 404s are answered by the not-found handler
    const access = request.routeOptions.config?.access;
    // Static files of the web app and the API docs page carry no data; everything else has a rule.
    if (!access && !url.startsWith('/api/v1')) return;
    request.actor = await resolveActor(ctx, request);
    checkOrigin(ctx, request, request.actor);
    enforce(access, request.actor);
  });
}
