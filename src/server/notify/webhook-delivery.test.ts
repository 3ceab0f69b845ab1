import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver.js';
import { waitUntil } from '../../../test/support/wait.js';
import type { HttpClient } from '../../../test/support/http.js';
import { writeWebhook, WEBHOOK_QUEUE } from './webhook-delivery.js';
import { webhookDeliveries } from './webhook-schema.js';

/*
 * Webhook deliveries against a real HTTP receiver on 127.0.0.1: retried with growing delays on 5xx
 * and network errors, failed at once on other 4xx, and visible to admins either way.
 */
let hooks: WebhookReceiver;
let server: TestServer;
let org: TestOrg;
let admin: HttpClient;

beforeAll(async () => {
  hooks = await startWebhookReceiver();
  // Two retries, one second apart and doubling, so that the failure path takes seconds.
  server = await startTestServer({}, { webhookRetry: { retryLimit: 2, retryDelaySeconds: 1 } });
  org = await createTestOrg(server, 'Hook IT');
  admin = server.client();
  await admin.login(org.admin.email, PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await hooks?.close();
});

async function queue(url: string, text: string): Promise<string> {
  const ctx = server.runtime.ctx;
  const id = await writeWebhook(ctx.db, { orgId: org.orgId, url, payload: { text }, kind: 'test' });
  await ctx.webhooks.deliver([id]);
  return id;
}

const row = (id: string) => server.runtime.ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).then((r) => r[0]);
const settled = (id: string) => waitUntil(`delivery ${id} to settle`, async () => {
  const r = await row(id);
  return (r.status === 'sent' || r.status === 'failed') && r;
}, 30_000);

describe('webhook delivery', () => {
  it('posts the JSON chat tools accept, once, with an Idempotency-Key', async () => {
    const id = await queue(`${hooks.url}/hooks/ok`, 'Hello from Milewide');
    const done = await settled(id);
    expect(done).toMatchObject({ status: 'sent', attempts: 1, lastError: null, lastStatusCode: 200 });
    const [got] = await hooks.waitFor('/hooks/ok');
    expect(got.body).toEqual({ text: 'Hello from Milewide' });
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['idempotency-key']).toBe(id);
    // The same delivery queued again (a duplicate job) is not sent again.
    await server.runtime.ctx.jobs.send(WEBHOOK_QUEUE, { id });
    await new Promise((r) => setTimeout(r, 1500));
    expect(hooks.received.filter((h) => h.path === '/hooks/ok')).toHaveLength(1);
  });

  it('retries with growing delays while the receiver answers 503, then sends once', async () => {
    hooks.failNext(2, 503);
    const id = await queue(`${hooks.url}/hooks/flaky`, 'Retry me');
    const done = await settled(id);
    expect(done).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    const [got] = await hooks.waitFor('/hooks/flaky');
    expect(hooks.refusals).toHaveLength(2);
    expect(hooks.refusals[1] - hooks.refusals[0]).toBeGreaterThanOrEqual(900);
    expect(got.receivedAt - hooks.refusals[1]).toBeGreaterThanOrEqual(1900);
    expect(hooks.received.filter((h) => h.path === '/hooks/flaky')).toHaveLength(1);
  });

  it('fails at once on a 404, and after its retries when nothing listens; admins see both', async () => {
    hooks.failNext(1, 404);
    const gone = await queue(`${hooks.url}/hooks/deleted`, 'Nobody home');
    expect(await settled(gone)).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 404, lastError: 'HTTP 404 Not Found: no such hook' });

    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const closedPort = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const down = await queue(`http://127.0.0.1:${closedPort}/hooks/x`, 'Into the void');
    const failed = await settled(down);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.lastError).toMatch(/^network error: .*ECONNREFUSED/);

    const list = await admin.get('/api/v1/admin/webhook-deliveries?status=failed');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining([gone, down]));
    const one = await admin.get(`/api/v1/admin/webhook-deliveries/${down}`);
    expect(one.body).toMatchObject({ status: 'failed', attempts: 3, payload: { text: 'Into the void' } });
    expect(one.body.url).toBe(`http://127.0.0.1:${closedPort}/hooks/x`);
    // Other organisations and non-admins see nothing of it.
    const learner = await org.addPerson('lou-learner');
    const lou = server.client();
    await lou.login(learner.email, PASSWORD);
    expect((await lou.get('/api/v1/admin/webhook-deliveries')).status).toBe(403);
    const other = await createTestOrg(server, 'Other Hook IT');
    const otherAdmin = server.client();
    await otherAdmin.login(other.admin.email, PASSWORD);
    expect((await otherAdmin.get(`/api/v1/admin/webhook-deliveries/${down}`)).status).toBe(404);
    expect((await otherAdmin.get('/api/v1/admin/webhook-deliveries')).body.total).toBe(0);
  });

  it('masks the secret part of a webhook URL in the admin list', async () => {
    const id = await queue(`${hooks.url}/services/T000/B000/XXXXXXXXXXXXXXXX`, 'Masked');
    await settled(id);
    const one = await admin.get(`/api/v1/admin/webhook-deliveries/${id}`);
    expect(one.body.url).toBe(`${hooks.url}/services/T0…`);
  });

  it('requeues a stranded delivery once, and leaves one whose job is still waiting alone (no storm under a backlog)', async () => {
    const ctx = server.runtime.ctx;
    const id = await writeWebhook(ctx.db, { orgId: org.orgId, url: `${hooks.url}/hooks/backlog`, payload: { text: 'In a backlog' }, kind: 'test' });
    // Its job waits (as in a backlog): the sweep must not add another.
    const jobId = (await ctx.jobs.send(WEBHOOK_QUEUE, { id }, { startAfter: 60 }))!;
    expect(await ctx.webhooks.requeueStranded(0)).toBe(0);
    expect(await ctx.webhooks.requeueStranded(0)).toBe(0);
    // The job is lost (cancelled here; a crash in real life): now the sweep queues it, once.
    await ctx.jobs.cancel(WEBHOOK_QUEUE, [jobId]);
    expect(await ctx.webhooks.requeueStranded(0)).toBe(1);
    await hooks.waitFor('/hooks/backlog');
    expect((await settled(id)).status).toBe('sent');
    expect(await ctx.webhooks.requeueStranded(0)).toBe(0);
    const { rows } = await ctx.database.executeSql(`select count(*)::int as n from pgboss.job where name = $1 and data->>'id' = $2`, [WEBHOOK_QUEUE, id]);
    expect(rows[0].n).toBe(2);
    expect(hooks.received.filter((h) => h.path === '/hooks/backlog')).toHaveLength(1);
  });
});
