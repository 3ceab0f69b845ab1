import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import { waitUntil } from '../../../test/support/wait.js';
import { outbox } from '../notify/schema.js';

describe('the demo organisation', () => {
  it('is created by default only when the server listens on loopback', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ HOST: '127.0.0.1' }).demo).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0' }).demo).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', MILEWIDE_DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ MILEWIDE_DEMO: 'false' }).demo).toBe(false);
  });
});

describe('password reset links in the outbox', () => {
  let smtp: SmtpSink;
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer({ smtpUrl: smtp.url });
    org = await createTestOrg(server, 'Reset Privacy IT');
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('are hidden from admins when an SMTP server delivers them, so an admin cannot take over another account', async () => {
    const victim = await org.addPerson('victim', ['org_admin', 'learner']);
    expect((await server.client().post('/api/v1/auth/password-reset/request', { email: victim.email })).status).toBe(202);
    const [mail] = await smtp.waitFor(victim.email);
    expect(mail.text).toMatch(/reset-password\?token=/);
    const row = await waitUntil('the reset e-mail to be sent', async () => {
      const [r] = await server.runtime.ctx.db.select().from(outbox).where(eq(outbox.toAddress, victim.email));
      return r?.status === 'sent' && r;
    });
    const admin = server.client();
    await admin.login(org.admin.email, PASSWORD);
    const seen = await admin.get(`/api/v1/admin/outbox/${row.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.textBody).not.toMatch(/token=/);
    expect(seen.body.textBody).toContain('[link hidden');
  });
});

describe('readiness', () => {
  it('does not tell an anonymous caller the database error', async () => {
    const server = await startTestServer();
    try {
      expect((await server.client().get('/readyz')).body).toEqual({ status: 'ready' });
      await server.runtime.ctx.database.close();
      const down = await server.client().get('/readyz');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'unavailable', reason: 'the database did not answer' });
    } finally {
      await server.runtime.built.app.close();
      await server.runtime.ctx.jobs.stop().catch(() => undefined);
    }
  });
});
