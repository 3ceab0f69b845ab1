import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import { freshDatabase, secondConnection } from '../../../test/support/database.js';
import { waitUntil } from '../../../test/support/wait.js';
import type { HttpClient } from '../../../test/support/http.js';
import { loadConfig } from '../config.js';
import { createRuntime } from '../runtime.js';
import { outbox } from './schema.js';

const quiet = () => pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

async function outboxEntry(admin: HttpClient, to: string, until: (status: string) => boolean) {
  return waitUntil(`the outbox entry to ${to}`, async () => {
    const res = await admin.get(`/api/v1/admin/outbox?to=${encodeURIComponent(to)}`);
    const item = res.body.items?.[0];
    return item && until(item.status) ? item : undefined;
  }, 40_000);
}

describe('e-mail through a real SMTP server', () => {
  let smtp: SmtpSink;
  let server: TestServer;
  let org: TestOrg;
  let admin: HttpClient;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    // Two retries, one second apart and doubling, so that the failure path takes seconds, not minutes.
    server = await startTestServer({ smtpUrl: smtp.url }, { emailRetry: { retryLimit: 2, retryDelaySeconds: 1 } });
    org = await createTestOrg(server);
    admin = server.client();
    await admin.login(org.admin.email, PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('delivers an invitation whose link opens that invitation', async () => {
    const res = await admin.post('/api/v1/invitations', { email: 'Nina.New@acme-it.test', name: 'Nina New' });
    expect(res.status).toBe(201);
    const [mail] = await smtp.waitFor('nina.new@acme-it.test');
    expect(mail.subject).toBe('You are invited to Acme IT on Milewide');
    expect(mail.from).toBe('no-reply@milewide.local');
    const link = new RegExp(`${server.url.replace(/[.]/g, '\\.')}/invite\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    const lookup = await server.client().get(`/api/v1/invitations/lookup?token=${link![1]}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ email: 'nina.new@acme-it.test', name: 'Nina New', organisationName: 'Acme IT' });
    const entry = await outboxEntry(admin, 'nina.new@acme-it.test', (s) => s !== 'queued' && s !== 'sending');
    expect(entry).toMatchObject({ status: 'sent', attempts: 1, lastError: null, kind: 'invitation' });
  });

  it('retries with growing delays while the SMTP server refuses, then sends once', async () => {
    smtp.rejectNext(2, 451);
    expect((await admin.post('/api/v1/invitations', { email: 'rita@acme-it.test', name: 'Rita Retry' })).status).toBe(201);
    const [mail] = await smtp.waitFor('rita@acme-it.test', 1, 40_000);
    const entry = await outboxEntry(admin, 'rita@acme-it.test', (s) => s === 'sent');
    expect(entry.attempts).toBe(3);
    expect(entry.lastError).toBeNull();
    expect(smtp.rejections).toHaveLength(2);
    const firstWait = smtp.rejections[1] - smtp.rejections[0];
    const secondWait = mail.receivedAt - smtp.rejections[1];
    // pg-boss waits retryDelay*(1..2) before the first retry and retryDelay*(2..4) before the second.
    expect(firstWait).toBeGreaterThanOrEqual(900);
    expect(secondWait).toBeGreaterThanOrEqual(1900);
    expect(smtp.messages.filter((m) => m.to.includes('rita@acme-it.test'))).toHaveLength(1);
  });

  it('fails at once, without retrying, when the SMTP server answers with a permanent 5xx error', async () => {
    smtp.rejectNext(100, 550);
    try {
      expect((await admin.post('/api/v1/invitations', { email: 'nobody@acme-it.test', name: 'No Mailbox' })).status).toBe(201);
      const entry = await outboxEntry(admin, 'nobody@acme-it.test', (s) => s === 'failed');
      expect(entry.attempts).toBe(1);
      expect(entry.lastError).toMatch(/550/);
    } finally {
      smtp.rejectNext(0);
    }
  });

  it('marks a message failed with the SMTP error once the retries are used up', async () => {
    smtp.rejectNext(100, 451);
    try {
      expect((await admin.post('/api/v1/invitations', { email: 'fay@acme-it.test', name: 'Fay Failure' })).status).toBe(201);
      const entry = await outboxEntry(admin, 'fay@acme-it.test', (s) => s === 'failed');
      expect(entry.attempts).toBe(3);
      expect(entry.lastError).toMatch(/451/);
      expect(smtp.messages.some((m) => m.to.includes('fay@acme-it.test'))).toBe(false);
      const failed = await admin.get('/api/v1/admin/outbox?status=failed');
      expect(failed.body.items.map((m: { toAddress: string }) => m.toAddress)).toEqual(expect.arrayContaining(['fay@acme-it.test', 'nobody@acme-it.test']));
    } finally {
      smtp.rejectNext(0);
    }
  });
});

describe('e-mail without an SMTP server', () => {
  let server: TestServer;
  let admin: HttpClient;

  beforeAll(async () => {
    server = await startTestServer();
    const org = await createTestOrg(server, 'Globex IT');
    admin = server.client();
    await admin.login(org.admin.email, PASSWORD);
  });
  afterAll(async () => server?.close());

  it('keeps the message as "captured" so an administrator can read it and pass the link on', async () => {
    expect((await admin.post('/api/v1/invitations', { email: 'carl@globex-it.test', name: 'Carl Captured' })).status).toBe(201);
    const entry = await outboxEntry(admin, 'carl@globex-it.test', (s) => s !== 'queued' && s !== 'sending');
    expect(entry).toMatchObject({ status: 'captured', attempts: 0, lastError: null });
    const full = await admin.get(`/api/v1/admin/outbox/${entry.id}`);
    expect(full.status).toBe(200);
    const token = /\/invite\?token=([A-Za-z0-9_-]+)/.exec(full.body.textBody)?.[1];
    expect(token).toBeDefined();
    expect((await server.client().get(`/api/v1/invitations/lookup?token=${token}`)).body.email).toBe('carl@globex-it.test');
  });
});

describe('crash safety', () => {
  it('delivers a message left "queued" by a crash when the app starts again', async () => {
    const smtp = await startSmtpSink();
    const db = await freshDatabase();
    const config = loadConfig({}, { demo: false, smtpUrl: smtp.url, logLevel: 'silent' });
    try {
      const before = await createRuntime(config, { database: await secondConnection(db), logger: quiet() });
      // As if a process committed the message and died before queueing its delivery job.
      const [row] = await db.db
        .insert(outbox)
        .values({ orgId: null, toAddress: 'stranded@example.test', subject: 'Stranded message', textBody: 'Sent after a restart.', kind: 'test', createdAt: new Date(Date.now() - 5 * 60_000) })
        .returning();
      await new Promise((r) => setTimeout(r, 1500));
      const [stillQueued] = await db.db.select().from(outbox).where(eq(outbox.id, row.id));
      expect(stillQueued.status).toBe('queued');
      expect(smtp.messages).toHaveLength(0);
      await before.close();

      const after = await createRuntime(config, { database: db, logger: quiet() });
      try {
        const [mail] = await smtp.waitFor('stranded@example.test');
        expect(mail.subject).toBe('Stranded message');
        const sent = await waitUntil('the outbox row to be sent', async () => {
          const [r] = await db.db.select().from(outbox).where(eq(outbox.id, row.id));
          return r.status === 'sent' && r;
        });
        expect(sent.attempts).toBe(1);
      } finally {
        await after.close();
      }
    } finally {
      await db.drop();
      await smtp.close();
    }
  });
});

describe('exactly one delivery per message', () => {
  it('sends a message once even when two jobs carry it, and resumes a claim left by a worker that died', async () => {
    const smtp = await startSmtpSink();
    const db = await freshDatabase();
    const config = loadConfig({}, { demo: false, smtpUrl: smtp.url, logLevel: 'silent' });
    const runtime = await createRuntime(config, { database: db, logger: quiet() });
    try {
      const [twice] = await db.db
        .insert(outbox)
        .values({ orgId: null, toAddress: 'twice@example.test', subject: 'Queued twice', textBody: 'Only once, please.', kind: 'test' })
        .returning();
      await Promise.all([runtime.ctx.email.deliver([twice.id]), runtime.ctx.email.deliver([twice.id]), runtime.ctx.email.deliverOne(twice.id)]);
      await smtp.waitFor('twice@example.test');
      await new Promise((r) => setTimeout(r, 2000));
      expect(smtp.messages.filter((m) => m.to.includes('twice@example.test'))).toHaveLength(1);

      // A worker claimed this one ten minutes ago and never finished.
      const [stuck] = await db.db
        .insert(outbox)
        .values({ orgId: null, toAddress: 'stuck@example.test', subject: 'Stuck', textBody: 'Claimed by a dead worker.', kind: 'test', status: 'sending', claimedAt: new Date(Date.now() - 10 * 60_000) })
        .returning();
      expect(await runtime.ctx.email.requeueStranded(0)).toBeGreaterThanOrEqual(1);
      await smtp.waitFor('stuck@example.test');
      const done = await waitUntil('the stuck message to be sent', async () => {
        const [r] = await db.db.select().from(outbox).where(eq(outbox.id, stuck.id));
        return r.status === 'sent' && r;
      });
      expect(done.claimedAt).not.toBeNull();
    } finally {
      await runtime.close();
      await db.drop();
      await smtp.close();
    }
  });
});
