import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../config.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { freshDatabase } from '../../../test/support/database.js';
import { HttpClient } from '../../../test/support/http.js';
import { createTestOrg, PASSWORD } from '../../../test/support/fixtures.js';
import type { TestServer } from '../../../test/support/server.js';

// An invitation link's token is a password-setting secret; whoever reads the log must not be able to use it.
describe('request log lines', () => {
  const lines: string[] = [];
  let runtime: Runtime;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let url: string;

  beforeAll(async () => {
    db = await freshDatabase();
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const config = loadConfig({}, { demo: false, host: '127.0.0.1', port: 0, publicUrl: 'http://127.0.0.1', authRatePerMinute: 1000 });
    runtime = await createRuntime(config, { database: db, logger: pino({ level: 'debug' }, sink) });
    url = await runtime.built.app.listen({ host: '127.0.0.1', port: 0 });
    runtime.ctx.config.publicUrl = url;
  });
  afterAll(async () => {
    await runtime?.close();
    await db?.drop();
  });

  it('do not carry the token of an invitation link that was looked up', async () => {
    const server = { runtime, url, config: runtime.ctx.config, client: () => new HttpClient(url), close: async () => {} } as TestServer;
    const org = await createTestOrg(server);
    const admin = server.client();
    await admin.login(org.admin.email, PASSWORD);
    expect((await admin.post('/api/v1/invitations', { email: 'lena.log@acme-it.test', name: 'Lena Log' })).status).toBe(201);
    const mails = await admin.get('/api/v1/admin/outbox?to=lena.log@acme-it.test');
    const mail = await admin.get(`/api/v1/admin/outbox/${mails.body.items[0].id}`);
    const token = /\/invite\?token=([A-Za-z0-9_-]+)/.exec(mail.body.textBody)![1];
    const lookup = await server.client().get(`/api/v1/invitations/lookup?token=${token}`);
    expect(lookup.status).toBe(200);
    const lookupLines = lines.filter((l) => l.includes('/api/v1/invitations/lookup'));
    expect(lookupLines.length, 'the lookup is still logged').toBeGreaterThan(0);
    expect(lookupLines.some((l) => l.includes('token=[redacted]'))).toBe(true);
    expect(lines.filter((l) => l.includes(token))).toEqual([]);
  });
});
