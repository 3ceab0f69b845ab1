import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { createTestOrg } from '../../../../test/support/fixtures.js';
import type { HttpClient } from '../../../../test/support/http.js';
import { organisations } from '../../org/schema.js';
import { DEMO_PASSWORD, DEMO_SLUG, seedDemo } from '../../demo/seed.js';
import { DEMO_EXAMS, seedDemoExams } from './demo-exams.js';
import { exams } from './schema.js';

let server: TestServer;
let demoOrgId: string;

const ctx = () => ({ ...server.runtime.ctx, log: pino({ level: 'silent' }) });

async function signIn(email: string): Promise<HttpClient> {
  const client = server.client();
  await client.login(email, DEMO_PASSWORD);
  return client;
}

async function examByKey(client: HttpClient, examKey: string) {
  const list = await client.get('/api/v1/exams');
  expect(list.status).toBe(200);
  const found = list.body.items.find((e: { examKey: string }) => e.examKey === examKey);
  expect(found, examKey).toBeTruthy();
  return found as { id: string; examKey: string; itemCount: number; status: string };
}

beforeAll(async () => {
  server = await startTestServer();
  expect(await seedDemo(ctx())).toBe(true);
  const [org] = await server.runtime.ctx.db.select().from(organisations).where(eq(organisations.slug, DEMO_SLUG));
  demoOrgId = org.id;
}, 180_000);
afterAll(async () => server?.close());

describe('demo exams', () => {
  it('gives the demo organisation the two published exams, drawn from the default banks', async () => {
    const learner = await signIn('samuel.osei@northwind.example');
    const list = await learner.get('/api/v1/exams');
    expect(list.body.items.map((e: { examKey: string }) => e.examKey).sort()).toEqual(['executive-exam', 'professional-exam']);
    const professional = await examByKey(learner, 'professional-exam');
    const executive = await examByKey(learner, 'executive-exam');
    expect(professional).toMatchObject({ status: 'published', itemCount: 40, bankKey: 'professional', timeLimitMinutes: 60, cutScorePercent: 70, attemptLimit: 3, cooldownMinutes: 7 * 24 * 60, requiredPathKey: null });
    expect(executive).toMatchObject({ status: 'published', itemCount: 30, bankKey: 'executive', requiredPathKey: 'manager-to-director' });
  });

  it('lets a demo learner sit the professional exam and tells them why the executive one is closed', async () => {
    const learner = await signIn('laura.bianchi@northwind.example');
    const professional = await examByKey(learner, 'professional-exam');
    const detail = await learner.get(`/api/v1/exams/${professional.id}`);
    expect(detail.body.candidate).toMatchObject({ canStart: true, reason: null, attemptsUsed: 0, attemptsLeft: 3, extraMinutes: 0 });
    const started = await learner.post(`/api/v1/exams/${professional.id}/attempts`);
    expect(started.status).toBe(201);
    expect(started.body.items).toHaveLength(40);

    const executive = await examByKey(learner, 'executive-exam');
    const closed = await learner.get(`/api/v1/exams/${executive.id}`);
    expect(closed.body.candidate.canStart).toBe(false);
    expect(closed.body.candidate.reason).toMatch(/learning path/i);
    const refused = await learner.post(`/api/v1/exams/${executive.id}/attempts`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/learning path/i);
  });

  it('creates nothing twice, and skips exams whose bank is missing instead of failing', async () => {
    const before = await server.runtime.ctx.db.select({ id: exams.id, updatedAt: exams.updatedAt }).from(exams).where(eq(exams.orgId, demoOrgId));
    expect(await seedDemoExams(ctx(), demoOrgId)).toEqual([]);
    expect(await seedDemo(ctx())).toBe(false);
    const after = await server.runtime.ctx.db.select({ id: exams.id, updatedAt: exams.updatedAt }).from(exams).where(eq(exams.orgId, demoOrgId));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(DEMO_EXAMS.length);

    const bare = await createTestOrg(server, 'No Banks IT');
    expect(await seedDemoExams(ctx(), bare.orgId)).toEqual([]);
    expect(await server.runtime.ctx.db.select().from(exams).where(eq(exams.orgId, bare.orgId))).toEqual([]);
  });

  it('recreates a demo exam that was removed, on the next start', async () => {
    await server.runtime.ctx.db.delete(exams).where(and(eq(exams.orgId, demoOrgId), eq(exams.examKey, 'executive-exam')));
    expect(await seedDemo(ctx())).toBe(false);
    const [row] = await server.runtime.ctx.db.select().from(exams).where(and(eq(exams.orgId, demoOrgId), eq(exams.examKey, 'executive-exam')));
    expect(row?.status).toBe('published');
  });
});

describe('extra time in the candidate status', () => {
  it('shows a candidate their own extra time before they start, and nobody else\'s', async () => {
    const admin = await signIn('dana.whitfield@northwind.example');
    const learner = await signIn('ben.hollis@northwind.example');
    const other = await signIn('mei.chen@northwind.example');
    const exam = await examByKey(learner, 'professional-exam');
    const me = await learner.get('/api/v1/me');
    const set = await admin.request('PUT', `/api/v1/exams/${exam.id}/accommodations/${me.body.id}`, { extraMinutes: 20, note: 'Reads in a second language' });
    expect(set.status).toBe(200);

    const mine = await learner.get(`/api/v1/exams/${exam.id}`);
    expect(mine.body.candidate.extraMinutes).toBe(20);
    const theirs = await other.get(`/api/v1/exams/${exam.id}`);
    expect(theirs.body.candidate.extraMinutes).toBe(0);

    const started = await learner.post(`/api/v1/exams/${exam.id}/attempts`);
    expect(started.status).toBe(201);
    expect(started.body.extraSeconds).toBe(20 * 60);
    expect(started.body.remainingSeconds).toBeGreaterThan(80 * 60 - 30);
  });
});
