import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.js';
import { eq } from 'drizzle-orm';
import { auditLog } from '../audit/schema.js';
import { people } from '../identity/schema.js';
import { DEMO_CANDIDATE_EMAIL, DEMO_EXAM_CANDIDATE_EMAIL } from './demo.js';
import { practicumSubmissions } from './program-schema.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  expect(await seedDemo(server.runtime.ctx)).toBe(true);
}, 300_000);
afterAll(async () => server?.close());

describe('certification in the demo', () => {
  it('has both programs linked to the professional exam, and a candidate with the path and exam done', async () => {
    const aisha = server.client();
    await aisha.login(DEMO_CANDIDATE_EMAIL, DEMO_PASSWORD);
    const programs = (await aisha.get('/api/v1/certify/programs')).body.items;
    expect(programs.map((p: any) => [p.programKey, p.pathKey])).toEqual([['professional', 'business-of-it'], ['executive', 'manager-to-director']]);
    const exams = (await aisha.get('/api/v1/exams')).body.items;
    const professionalExam = exams.find((e: any) => e.examKey === 'professional-exam');
    expect(professionalExam).toBeTruthy();
    expect(programs[0].examId).toBe(professionalExam.id);
    const status = (await aisha.get(`/api/v1/certify/programs/${programs[0].id}/status`)).body;
    expect(status.requirements.map((r: any) => [r.key, r.met])).toEqual([['learning_path', true], ['exam', true], ['practicum', false], ['action_plan', false]]);
    // The passed attempt was sat through the exam services: a full form, answers, a per-competency result.
    const admin = server.client();
    await admin.login('dana.whitfield@northwind.example', DEMO_PASSWORD);
    const attempts = (await admin.get(`/api/v1/exams/${professionalExam.id}/attempts`)).body.items;
    expect(attempts).toHaveLength(1);
    const result = (await aisha.get(`/api/v1/exam-attempts/${attempts[0].id}/result`)).body;
    expect(result).toMatchObject({ passed: true, total: 40 });
    expect(result.correct).toBe(36);
    expect(result.competencies.reduce((n: number, c: { total: number }) => n + c.total, 0)).toBe(40);
    expect(Date.now() - new Date(result.submittedAt).getTime()).toBeGreaterThan(20 * 3_600_000);
    const artefacts = (await aisha.get('/api/v1/certify/artefacts')).body.items;
    expect(artefacts.length).toBeGreaterThan(0);
  });

  it('has a second candidate with the path done and the practicum accepted by a reviewer, who has not sat the exam', async () => {
    const tomas = server.client();
    await tomas.login(DEMO_EXAM_CANDIDATE_EMAIL, DEMO_PASSWORD);
    const professional = (await tomas.get('/api/v1/certify/programs')).body.items.find((p: any) => p.programKey === 'professional');
    const status = (await tomas.get(`/api/v1/certify/programs/${professional.id}/status`)).body;
    expect(status.enrolled).toBe(true);
    expect(status.credentialId).toBeNull();
    expect(status.requirements.map((r: any) => [r.key, r.met])).toEqual([['learning_path', true], ['exam', false], ['practicum', true], ['action_plan', false]]);
    expect(status.requirements.find((r: any) => r.key === 'exam').detail).toBe('Pass the program exam.');
    // Submitted by Tomás and accepted by the demo reviewer through the certify services.
    const submissions = (await tomas.get(`/api/v1/certify/programs/${professional.id}/practicum`)).body.items;
    expect(submissions).toHaveLength(1);
    expect(submissions[0]).toMatchObject({ round: 1, status: 'accepted', scores: { problem: 2, action: 2, outcome: 2 } });
    expect(submissions[0].evidence[0]).toMatchObject({ kind: 'link' });
    const db = server.runtime.ctx.db;
    const [row] = await db.select({ reviewer: people.name }).from(practicumSubmissions).innerJoin(people, eq(people.id, practicumSubmissions.reviewerId)).where(eq(practicumSubmissions.id, submissions[0].id));
    expect(row?.reviewer).toBe('Helen Brandt');
    const reviews = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, submissions[0].id));
    expect(reviews.map((r) => r.action).sort()).toEqual(['certify.practicum.accept', 'certify.practicum.submit']);
    // No attempt at the professional exam, which is open to him.
    const exam = (await tomas.get('/api/v1/exams')).body.items.find((e: any) => e.examKey === 'professional-exam');
    expect((await tomas.get(`/api/v1/exam-attempts?examId=${exam.id}`)).body.items).toEqual([]);
    const detail = (await tomas.get(`/api/v1/exams/${exam.id}`)).body;
    expect(detail.candidate).toMatchObject({ canStart: true, attemptsUsed: 0, passed: false, openAttemptId: null });
    // His completed lessons are of the current revision: nothing shows as changed since he completed it.
    const completed = (await tomas.get('/api/v1/learn/my/lessons?status=completed&limit=100')).body.items;
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.filter((l: any) => l.updatedSinceCompleted).map((l: any) => l.lessonKey)).toEqual([]);
  });
});
