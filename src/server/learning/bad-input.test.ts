import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { seedLearningContent, TEST_PATH } from '../../../test/support/learning-content.js';
import type { HttpClient } from '../../../test/support/http.js';
import { people } from '../identity/schema.js';

let server: TestServer;
let acme: TestOrg;
let admin: HttpClient;
let learner: HttpClient;
let leftId: string;

const lesson = '/api/v1/learn/lessons/b16-downtime-and-escalation';
const soon = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  await seedLearningContent(server.runtime.ctx.db, acme.orgId);
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
  const person = await acme.addPerson('lee-learner');
  learner = server.client();
  await learner.login(person.email, PASSWORD);
  const [left] = await server.runtime.ctx.db.insert(people).values({ orgId: acme.orgId, email: 'lou-left@acme-it.test', name: 'Lou Left', status: 'deactivated' }).returning();
  leftId = left.id;
});
afterAll(async () => server?.close());

describe('bad input to the learning API gets a 4xx that says what to fix, and stores nothing', () => {
  it('refuses unknown fields, missing fields and malformed values', async () => {
    const extra = await learner.post('/api/v1/learn/enrolments', { pathKey: TEST_PATH.pathKey, dueDate: soon() });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('validation_failed');
    const missing = await learner.post('/api/v1/learn/enrolments', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].path).toBe('body.pathKey');
    const tick = await learner.post(`${lesson}/heartbeat`, { tickId: 'has spaces', seconds: 10 });
    expect(tick.status).toBe(400);
    expect(tick.body.error.message).toMatch(/tickId/);
    const day = await admin.post('/api/v1/learn/assignments', { personId: randomUUID(), pathKey: TEST_PATH.pathKey, dueDate: '2026-1-5' });
    expect(day.status).toBe(400);
    expect(day.body.error.message).toMatch(/YYYY-MM-DD/);
    const key = await learner.post('/api/v1/learn/lessons/Not_A_Key/open');
    expect(key.status).toBe(400);
    expect(key.body.error.message).toMatch(/lowercase letters, digits and hyphens/);
    expect((await learner.get('/api/v1/learn/my/enrolments')).body.total).toBe(0);
  });

  it('refuses NUL characters and out-of-range dates with a 400, not a 500', async () => {
    const note = await learner.post(`${lesson}/notes`, { body: 'first\u0000line' });
    expect(note.status).toBe(400);
    expect((await learner.get('/api/v1/learn/notes')).body.total).toBe(0);
    const lrs = await admin.request('PUT', '/api/v1/learn/admin/lrs', { endpoint: 'https://lrs.example.com/xapi', key: 'k\u0000', secret: 'secret-secret-1', enabled: false });
    expect(lrs.status).toBe(400);
    expect((await admin.get('/api/v1/learn/admin/lrs')).body.configured).toBe(false);
    const range = await admin.get('/api/v1/learn/admin/xapi/statements.jsonl?from=-200000-01-01T00:00:00Z');
    expect(range.status).toBe(400);
    const far = await admin.get('/api/v1/learn/admin/xapi/statements.jsonl?from=2026-02-30');
    expect(far.status).toBe(400);
  });

  it('answers 404 for ids that do not exist and 409 for a deactivated person', async () => {
    for (const path of [`/api/v1/learn/enrolments/${randomUUID()}`]) expect((await admin.get(path)).status).toBe(404);
    expect((await admin.post(`/api/v1/learn/enrolments/${randomUUID()}/withdraw`)).status).toBe(404);
    expect((await admin.patch(`/api/v1/learn/enrolments/${randomUUID()}`, { dueDate: soon() })).status).toBe(404);
    expect((await learner.post(`/api/v1/learn/reminders/${randomUUID()}/dismiss`)).status).toBe(404);
    expect((await learner.patch(`/api/v1/learn/notes/${randomUUID()}`, { body: 'x' })).status).toBe(404);
    expect((await admin.get(`/api/v1/learn/ce-hours?personId=${randomUUID()}`)).status).toBe(404);
    expect((await learner.post('/api/v1/learn/enrolments/not-a-uuid/withdraw')).status).toBe(400);
    const inactive = await admin.post('/api/v1/learn/assignments', { personId: leftId, pathKey: TEST_PATH.pathKey, dueDate: soon() });
    expect(inactive.status).toBe(409);
    expect(inactive.body.error).toMatchObject({ code: 'person_inactive' });
    expect(inactive.body.error.message).toMatch(/Lou Left is deactivated/);
    const [row] = await server.runtime.ctx.db.select().from(people).where(eq(people.id, leftId));
    expect(row.status).toBe('deactivated');
  });
});
