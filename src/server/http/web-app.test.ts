import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milewide-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Milewide</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log("v1")');
  server = await startTestServer({ webDir: dir });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serving the web app', () => {
  it('serves index.html for the root and for client-side routes', async () => {
    const c = server.client();
    for (const path of ['/', '/people/123', '/admin/audit?action=x']) {
      const res = await c.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a long cache, and a file added after start (a rebuild) without restart', async () => {
    const c = server.client();
    const js = await c.get('/assets/app-1.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    writeFileSync(join(dir, 'assets', 'app-2.js'), 'console.log("v2")');
    const rebuilt = await c.get('/assets/app-2.js');
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toContain('v2');
  });

  it('answers a missing asset or API route with a JSON 404, never the app page', async () => {
    const c = server.client();
    for (const path of ['/assets/gone-123.js', '/favicon-missing.png', '/api/v1/no-such-thing']) {
      const res = await c.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const post = await c.post('/people/123', {});
    expect(post.status).toBe(404);
  });
});
