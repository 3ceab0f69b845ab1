import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Serves the built web app, with index.html for every client-side route. */
export async function registerWebApp(app: FastifyInstance, webDir: string) {
  const hasWeb = existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (path.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return reply.status(404).send({
        error: { code: 'not_found', message: `No route ${request.method} ${path}`, fields: [] },
      });
    }
    return reply.type('text/html').sendFile('index.html', { maxAge: 0 });
  });
}
