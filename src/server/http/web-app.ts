import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Serves the built web app, with index.html for every client-side route. */
export async function registerWebApp(app: FastifyInstance, webDir: string) {
  const hasWeb = existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: true,
      index: false,
      // Built assets carry a content hash in their name, so they never change once published.
      setHeaders: (reply: FastifyReply, filePath: string) => {
        if (filePath.includes(`${sep}assets${sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  const appPage = (reply: FastifyReply) => reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
  if (hasWeb) app.get('/', { schema: { hide: true } }, (_request, reply) => appPage(reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const isAsset = path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path);
    if (path.startsWith('/api/') || request.method !== 'GET' || !hasWeb || isAsset) {
      return reply.status(404).send({
        error: { code: 'not_found', message: `No route ${request.method} ${path}`, fields: [] },
      });
    }
    return appPage(reply);
  });
}
