import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eq } from 'drizzle-orm';
import { freshDatabase, onPostgres, secondConnection } from '../../../test/support/database.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import { HttpClient } from '../../../test/support/http.js';
import { waitUntil } from '../../../test/support/wait.js';
import { createOrganisation } from '../identity/service.js';
import { loadConfig } from '../config.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { outbox } from '../notify/schema.js';

/*
 * Two app instances over one database, as behind a load balancer. On PostgreSQL each instance has
 * its own connection pool, exactly as two servers would. PGlite lives inside one process, so there
 * both instances share the in-process database: the same application guarantees (sessions in the
 * database, one delivery per e-mail with two job workers) are checked without a second process.
 */
const mode = onPostgres() ? 'PostgreSQL, two connection pools' : 'PGlite, one shared in-process database';
const PASSWORD = 'correct-horse-battery';

let smtp: SmtpSink;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let a: Runtime;
let b: Runtime;
let urlA: string;
let urlB: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  db = await freshDatabase();
  const other = await secondConnection(db);
  const config = () => loadConfig({}, { demo: false, smtpUrl: smtp.url, host: '127.0.0.1', port: 0 });
  const logger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  const startA = () => createRuntime(config(), { database: other, logger: logger() });
  const startB = () => createRuntime(config(), { database: db, logger: logger() });
  if (onPostgres()) {
    // Both start at once on an empty database: migrations and the job schema must not collide.
    [a, b] = await Promise.all([startA(), startB()]);
  } else {
    // One process cannot run two migrations over its one in-process database at once; in
    // production PGlite is only ever opened by one process, so here they start in turn.
    a = await startA();
    b = await startB();
  }
  urlA = await a.built.app.listen({ host: '127.0.0.1', port: 0 });
  urlB = await b.built.app.listen({ host: '127.0.0.1', port: 0 });
  // Links in e-mail point at the load balancer; here, instance A stands in for it.
  a.ctx.config.publicUrl = urlA;
  b.ctx.config.publicUrl = urlA;
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
  await smtp?.close();
});

describe(`two instances on one database (${mode})`, () => {
  it(onPostgres() ? 'both started at once on an empty database and share one migrated schema' : 'both started and share one migrated schema', async () => {
    const applied = await db.executeSql('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0].n).toBeGreaterThan(0);
    for (const url of [urlA, urlB]) {
      expect((await new HttpClient(url).get('/readyz')).body).toEqual({ status: 'ready' });
      expect((await new HttpClient(url).get('/api/v1/setup')).body).toEqual({ needed: true });
    }
  });

  it('a session made on instance A works on instance B, and signing out on B ends it on A', async () => {
    await createOrganisation(a.ctx, { organisationName: 'Initech IT', name: 'Ines Admin', email: 'ines@initech.test', password: PASSWORD });
    const onA = new HttpClient(urlA);
    const login = await onA.post('/api/v1/auth/login', { email: 'ines@initech.test', password: PASSWORD });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const me = await new HttpClient(urlB).request('GET', '/api/v1/me', undefined, { cookie });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('ines@initech.test');
    expect((await new HttpClient(urlB).request('POST', '/api/v1/auth/logout', undefined, { cookie })).status).toBe(204);
    expect((await onA.get('/api/v1/me')).status).toBe(401);
  });

  it('invitations made on A are e-mailed exactly once although both instances run workers', async () => {
    const onA = new HttpClient(urlA);
    await onA.login('ines@initech.test', PASSWORD);
    const addresses = Array.from({ length: 12 }, (_, i) => `new-${i}@initech.test`);
    for (const email of addresses) expect((await onA.post('/api/v1/invitations', { email, name: `New Person ${email.slice(4, -12)}` })).status).toBe(201);
    for (const email of addresses) await smtp.waitFor(email);
    const sent = await waitUntil('every invitation to be marked sent', async () => {
      const rows = await db.db.select().from(outbox).where(eq(outbox.kind, 'invitation'));
      return rows.length === addresses.length && rows.every((r) => r.status === 'sent') && rows;
    });
    // Give a duplicate delivery time to show up before counting.
    await new Promise((r) => setTimeout(r, 1500));
    for (const email of addresses) expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(sent.every((r) => r.attempts === 1)).toBe(true);
    const [mail] = await smtp.waitFor('new-0@initech.test');
    const token = new RegExp(`${urlA.replace(/[.]/g, '\\.')}/invite\\?token=([A-Za-z0-9_-]+)`).exec(mail.text)?.[1];
    expect(token).toBeDefined();
    // The link works on either instance.
    expect((await new HttpClient(urlB).get(`/api/v1/invitations/lookup?token=${token}`)).body.email).toBe('new-0@initech.test');
  });
});
