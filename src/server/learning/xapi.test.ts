import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { seedLearningContent, TEST_PATH } from '../../../test/support/learning-content.js';
import { waitUntil } from '../../../test/support/wait.js';
import type { HttpClient } from '../../../test/support/http.js';
import { xapiStatements } from './schema.js';
import { buildStatement, lessonActivity } from './xapi/statements.js';

/** A real HTTP server standing in for a Learning Record Store: it keeps what it gets and can fail on purpose. */
interface Receiver {
  url: string;
  requests: { at: number; path: string; headers: IncomingHttpHeaders; body: unknown; status: number }[];
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  let failures = 0;
  let failStatus = 503;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const fail = failures > 0;
      if (fail) failures--;
      const status = fail ? failStatus : 200;
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* kept as text */
      }
      requests.push({ at: Date.now(), path: req.url ?? '', headers: req.headers, body, status });
      if (fail) {
        res.writeHead(status, { 'content-type': 'text/plain' }).end('LRS is down for maintenance');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' }).end(JSON.stringify(Array.isArray(body) ? body.map((s: { id: string }) => s.id) : []));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, status = 503) {
      failures = count;
      failStatus = status;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let server: TestServer;
let receiver: Receiver;
let acme: TestOrg;
let admin: HttpClient;
let learner: HttpClient;
let learnerId: string;
let globexAdmin: HttpClient;

const parseLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

beforeAll(async () => {
  receiver = await startReceiver();
  // One second, doubling: the retry path of LRS forwarding takes seconds rather than minutes.
  server = await startTestServer({}, { learning: { lrsRetryDelaySeconds: 1 } });
  acme = await createTestOrg(server, 'Acme IT');
  const globex = await createTestOrg(server, 'Globex IT');
  await seedLearningContent(server.runtime.ctx.db, acme.orgId);
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
  const person = await acme.addPerson('lee-learner');
  learnerId = person.id;
  learner = server.client();
  await learner.login(person.email, PASSWORD);
  globexAdmin = server.client();
  await globexAdmin.login(globex.admin.email, PASSWORD);
  await learner.post('/api/v1/learn/enrolments', { pathKey: TEST_PATH.pathKey });
  await learner.post('/api/v1/learn/lessons/n04-delegation/open');
  await learner.request('PUT', '/api/v1/learn/lessons/n04-delegation/position', { anchor: 'reflection', fraction: 1 });
  await learner.post('/api/v1/learn/lessons/n04-delegation/complete');
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe('xAPI export', () => {
  it('streams every statement of the organisation as JSON Lines, each a valid xAPI 1.0.3 statement', async () => {
    const res = await admin.get('/api/v1/learn/admin/xapi/statements.jsonl');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="xapi-statements-acme-it-\d{4}-\d{2}-\d{2}\.jsonl"/);
    const lines = parseLines(res.body);
    expect(lines.map((s) => s.verb.display['en-US'])).toEqual(['registered', 'launched', 'progressed', 'completed']);
    for (const s of lines) {
      expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.actor).toEqual({ objectType: 'Agent', name: 'Lee Learner', mbox: 'mailto:lee-learner@acme-it.test' });
      expect(s.verb.id).toMatch(/^http:\/\/adlnet\.gov\/expapi\/verbs\//);
      expect(s.object.objectType).toBe('Activity');
      expect(s.object.id.startsWith(server.url)).toBe(true);
      expect(new Date(s.timestamp).toISOString()).toBe(s.timestamp);
      expect(s.version).toBe('1.0.3');
      expect(s.context.platform).toBe('Milewide');
    }
    const timestamps = lines.map((s) => s.timestamp);
    expect([...timestamps].sort()).toEqual(timestamps);
  });

  it('pages through large exports without losing or repeating a statement', async () => {
    const db = server.runtime.ctx.db;
    const at = new Date('2025-01-15T09:00:00.000Z');
    const lesson = { lessonKey: 'b16-downtime-and-escalation', title: 'Planning for downtime with escalation procedures' };
    // 1,203 statements, many sharing one timestamp, so the keyset has to break ties on the id.
    const rows = Array.from({ length: 1203 }, (_, i) => {
      const id = randomUUID();
      const timestamp = new Date(at.getTime() + Math.floor(i / 3) * 1000);
      const object = lessonActivity(server.url, lesson);
      const statement = buildStatement({ id, timestamp, orgId: acme.orgId, subjectId: learnerId, actor: { id: learnerId, name: 'Lee Learner', email: 'lee-learner@acme-it.test' }, verb: 'launched', object });
      return { id, orgId: acme.orgId, personId: learnerId, verb: statement.verb.id, objectId: object.id, statement, timestamp };
    });
    for (let i = 0; i < rows.length; i += 400) await db.insert(xapiStatements).values(rows.slice(i, i + 400));
    const res = await admin.get('/api/v1/learn/admin/xapi/statements.jsonl?from=2025-01-01&to=2025-02-01');
    const lines = parseLines(res.body);
    expect(lines).toHaveLength(1203);
    expect(new Set(lines.map((s) => s.id)).size).toBe(1203);
    expect(new Set(lines.map((s) => s.id))).toEqual(new Set(rows.map((r) => r.id)));
    const all = parseLines((await admin.get('/api/v1/learn/admin/xapi/statements.jsonl')).body);
    expect(all).toHaveLength(1207);
    const recent = parseLines((await admin.get(`/api/v1/learn/admin/xapi/statements.jsonl?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).body);
    expect(recent).toHaveLength(4);
  });

  it('refuses bad date filters and callers without xapi.export', async () => {
    const bad = await admin.get('/api/v1/learn/admin/xapi/statements.jsonl?from=last-tuesday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from/);
    const backwards = await admin.get('/api/v1/learn/admin/xapi/statements.jsonl?from=2025-02-01&to=2025-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/from must be before to/);
    const denied = await learner.get('/api/v1/learn/admin/xapi/statements.jsonl');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/xapi\.export/);
    const other = await globexAdmin.get('/api/v1/learn/admin/xapi/statements.jsonl');
    expect(other.status).toBe(200);
    expect(other.body).toBe('');
  });
});

describe('forwarding to an external LRS', () => {
  const key = 'milewide-acme';
  const secret = 'lrs-secret-0f3c9a7e51d2';

  it('checks the setup and never returns or audits the secret', async () => {
    const noSecret = await admin.request('PUT', '/api/v1/learn/admin/lrs', { endpoint: `${receiver.url}/xapi/`, key, enabled: false });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.message).toMatch(/secret is required/);
    const badUrl = await admin.request('PUT', '/api/v1/learn/admin/lrs', { endpoint: 'lrs.example.com', key, secret, enabled: false });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.fields[0].path).toBe('body.endpoint');
    const ftp = await admin.request('PUT', '/api/v1/learn/admin/lrs', { endpoint: 'ftp://lrs.example.com/', key, secret, enabled: false });
    expect(ftp.status).toBe(400);
    expect((await learner.request('PUT', '/api/v1/learn/admin/lrs', { endpoint: `${receiver.url}/xapi/`, key, secret, enabled: true })).status).toBe(403);
    expect((await learner.get('/api/v1/learn/admin/lrs')).status).toBe(403);
  });

  it('retries with growing delays while the LRS fails, then delivers every statement once it recovers', async () => {
    receiver.failNext(2, 503);
    const saved = await admin.request('PUT', '/api/v1/learn/admin/lrs', { endpoint: `${receiver.url}/xapi/`, key, secret, enabled: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ configured: true, enabled: true, endpoint: `${receiver.url}/xapi`, key, secretHint: '••••51d2' });
    expect(JSON.stringify(saved.body)).not.toContain(secret);

    const failing = await waitUntil('the first failure to be recorded', async () => {
      const res = await admin.get('/api/v1/learn/admin/lrs');
      return res.body.lastError ? res.body : undefined;
    });
    expect(failing.lastError).toMatch(/the LRS answered 503 Service Unavailable: LRS is down for maintenance/);

    const pending = 1207;
    const status = await waitUntil('all statements forwarded', async () => {
      const res = await admin.get('/api/v1/learn/admin/lrs');
      return res.body.pending === 0 ? res.body : undefined;
    }, 40_000);
    expect(status.lastError).toBeNull();
    expect(status.lastForwardedAt).not.toBeNull();

    const posts = receiver.requests;
    expect(posts.slice(0, 2).map((r) => r.status)).toEqual([503, 503]);
    const firstWait = posts[1].at - posts[0].at;
    const secondWait = posts[2].at - posts[1].at;
    // pg-boss waits retryDelay*(1..2) before the first retry and retryDelay*(2..4) before the second.
    expect(firstWait).toBeGreaterThanOrEqual(900);
    expect(secondWait).toBeGreaterThanOrEqual(1900);

    for (const r of posts) {
      expect(r.path).toBe('/xapi/statements');
      expect(r.headers['x-experience-api-version']).toBe('1.0.3');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`);
    }
    const delivered = posts.filter((r) => r.status === 200).flatMap((r) => r.body as { id: string }[]);
    expect(new Set(delivered.map((s) => s.id)).size).toBe(pending);
    const firstBatch = (posts[0].body as { id: string }[]).map((s) => s.id);
    const rows = await server.runtime.ctx.db.select().from(xapiStatements).where(inArray(xapiStatements.id, firstBatch));
    expect(rows.every((r) => r.forwardedAt && r.forwardAttempts === 2 && r.lastError === null)).toBe(true);
  });

  it('forwards a new learning event without waiting for the minute sweep', async () => {
    const before = receiver.requests.length;
    await learner.post('/api/v1/learn/lessons/b09-capacity-and-commitments/open');
    const request = await waitUntil('the new statement to reach the LRS', async () => receiver.requests.slice(before).find((r) => r.status === 200), 20_000);
    const [statement] = request.body as Record<string, any>[];
    expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/launched');
    expect(statement.object.id).toBe(`${server.url}/learn/lessons/b09-capacity-and-commitments`);
    // The LRS has answered; Milewide marks the statement forwarded right after.
    await waitUntil('the statement to be marked forwarded', async () => {
      const [row] = await server.runtime.ctx.db.select().from(xapiStatements).where(eq(xapiStatements.id, statement.id));
      return row.forwardedAt !== null;
    });
  });

  it('keeps the stored secret when a change leaves it out, and audits changes without it', async () => {
    const changed = await admin.request('PUT', '/api/v1/learn/admin/lrs', { endpoint: `${receiver.url}/xapi`, key: 'milewide-acme-2', enabled: true });
    expect(changed.status).toBe(200);
    expect(changed.body.secretHint).toBe('••••51d2');
    const before = receiver.requests.length;
    await learner.post('/api/v1/learn/lessons/b09-capacity-and-commitments/open');
    const request = await waitUntil('a forward with the new key', async () => receiver.requests.slice(before).find((r) => r.status === 200), 20_000);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`milewide-acme-2:${secret}`).toString('base64')}`);
    const audit = await admin.get('/api/v1/admin/audit?action=lrs.settings.update');
    expect(audit.body.items).toHaveLength(2);
    expect(JSON.stringify(audit.body)).not.toContain(secret);
    expect(audit.body.items[0]).toMatchObject({ before: { key }, after: { key: 'milewide-acme-2', secretChanged: false } });
    expect(audit.body.items[1].after.secretChanged).toBe(true);
  });

  it('stops forwarding and forgets the credentials on delete', async () => {
    expect((await admin.delete('/api/v1/learn/admin/lrs')).status).toBe(204);
    expect((await admin.get('/api/v1/learn/admin/lrs')).body).toMatchObject({ configured: false, secretHint: null });
    expect((await admin.delete('/api/v1/learn/admin/lrs')).status).toBe(404);
    const before = receiver.requests.length;
    await learner.post('/api/v1/learn/lessons/b16-downtime-and-escalation/open');
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests.length).toBe(before);
    expect((await admin.get('/api/v1/admin/audit?action=lrs.settings.delete')).body.total).toBe(1);
  });
});
