import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../../test/support/fixtures.js';
import type { HttpClient } from '../../../../test/support/http.js';

/**
 * The hand-worked matrix of statistics.test.ts, sat for real: four items written through the
 * authoring API, an exam drawing all four, six candidates answering over HTTP (options shuffled),
 * then the analysis read back. Expected values are the ones worked out in statistics.test.ts.
 */
const ITEMS = [
  { key: 'ia-i1', competency: 'downtime-escalation', options: ['Call the Expert named in the procedure', 'Wait for the vendor', 'Reboot everything'], key_: 'A' },
  { key: 'ia-i2', competency: 'capacity-planning', options: ['Promise 160 hours', 'Promise 100 hours', 'Promise what was asked', 'Promise nothing'], key_: 'B' },
  { key: 'ia-i3', competency: 'vendor-management', options: ['Check the contract clause first', 'Threaten to leave', 'Sign the renewal'], key_: 'A' },
  { key: 'ia-i4', competency: 'project-delivery', options: ['Report the slip with a new date', 'Hide the slip until it is fixed', 'Blame the vendor'], key_: 'A' },
];
/** Chosen option (authoring id) per candidate and item; '' = left unanswered. */
const ANSWERS = [
  ['A', 'B', 'A', 'B'],
  ['A', 'B', 'A', 'B'],
  ['A', 'C', 'A', 'C'],
  ['A', 'A', 'B', 'A'],
  ['B', 'C', 'C', 'A'],
  ['B', '', 'B', 'C'],
];

let server: TestServer;
let org: TestOrg;
let author: HttpClient;
let learner: HttpClient;
let examId: string;
const itemIds: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server, 'Analysis IT');
  author = server.client();
  await author.login((await org.addPerson('ana-author', ['author'])).email, PASSWORD);
  for (const item of ITEMS) {
    const res = await author.post('/api/v1/items', {
      bankKey: 'analysis',
      itemKey: item.key,
      kind: 'single',
      competency: item.competency,
      stem: `Question ${item.key}: what does a prepared IT manager do?`,
      options: item.options.map((text, i) => ({ text, correct: String.fromCharCode(65 + i) === item.key_, rationale: `Why "${text}" is ${String.fromCharCode(65 + i) === item.key_ ? 'right' : 'wrong'}.` })),
      publish: true,
    });
    expect(res.status).toBe(201);
    itemIds[item.key] = res.body.id;
  }
  const exam = await author.post('/api/v1/exams', {
    examKey: 'analysis-exam',
    title: 'Analysis exam',
    bankKey: 'analysis',
    blueprint: ITEMS.map((i) => ({ competency: i.competency, count: 1 })),
    timeLimitMinutes: 30,
    cutScorePercent: 50,
    status: 'published',
  });
  expect(exam.status).toBe(201);
  examId = exam.body.id;

  for (const [p, answers] of ANSWERS.entries()) {
    const person = await org.addPerson(`candidate-${p + 1}`, ['learner']);
    const client = server.client();
    await client.login(person.email, PASSWORD);
    if (p === 0) learner = client;
    const attempt = await client.post(`/api/v1/exams/${examId}/attempts`);
    expect(attempt.status).toBe(201);
    let seq = 0;
    for (const slot of attempt.body.items as { itemId: string; stem: string; options: { id: string; text: string }[] }[]) {
      const j = ITEMS.findIndex((i) => slot.stem.startsWith(`Question ${i.key}:`));
      const wanted = answers[j];
      if (!wanted) continue;
      const text = ITEMS[j].options[wanted.charCodeAt(0) - 65];
      const shown = slot.options.find((o) => o.text === text)!;
      const saved = await client.request('PUT', `/api/v1/exam-attempts/${attempt.body.id}/answers`, { itemId: slot.itemId, optionIds: [shown.id], seq: ++seq });
      expect(saved.status).toBe(200);
    }
    expect((await client.post(`/api/v1/exam-attempts/${attempt.body.id}/submit`)).status).toBe(200);
  }
  // Six candidates sign in (argon2) and sit the exam over HTTP: more than the default hook time on a busy machine.
}, 240_000);
afterAll(async () => server?.close());

describe('item analysis of a sat exam', () => {
  it('gives the hand-worked statistics from the stored attempts', async () => {
    const res = await author.get(`/api/v1/exams/${examId}/item-analysis`);
    expect(res.status).toBe(200);
    const a = res.body;
    expect(a).toMatchObject({ exam: { id: examId, title: 'Analysis exam' }, personCount: 6, itemCount: 4, smallSample: true, topGroupSize: 2, flaggedCount: 3 });
    expect(a.kr20).toBeCloseTo(32 / 123, 6);
    const row = (key: string) => a.items.find((i: { itemKey: string }) => i.itemKey === key);
    expect(ITEMS.map((i) => row(i.key).p)).toEqual([4 / 6, 2 / 6, 3 / 6, 2 / 6]);
    expect(row('ia-i1').rpb).toBeCloseTo(4 / Math.sqrt(34), 6);
    expect(row('ia-i2').rpb).toBeCloseTo(Math.sqrt(3 / 14), 6);
    expect(row('ia-i3').rpb).toBeCloseTo(1 / Math.sqrt(5), 6);
    expect(row('ia-i4').rpb).toBeCloseTo(-Math.sqrt(6 / 19), 6);
    expect(row('ia-i2').omitted).toBe(1);
    expect(row('ia-i4').options.map((o: { id: string; text: string; count: number; topCount: number }) => [o.id, o.text, o.count, o.topCount])).toEqual([
      ['A', 'Report the slip with a new date', 2, 0],
      ['B', 'Hide the slip until it is fixed', 2, 2],
      ['C', 'Blame the vendor', 2, 0],
    ]);
    expect(row('ia-i4').flags.map((f: { code: string }) => f.code)).toEqual(['low_discrimination', 'distractor_beats_key_in_top_group']);
    const flagged = await author.get(`/api/v1/exams/${examId}/item-analysis?flaggedOnly=true`);
    expect(flagged.body.items.map((i: { itemKey: string }) => i.itemKey).sort()).toEqual(['ia-i1', 'ia-i2', 'ia-i4']);
  });

  it('keeps analysing the version candidates saw after an item is edited', async () => {
    const edit = await author.patch(`/api/v1/items/${itemIds['ia-i4']}`, { stem: 'Question ia-i4: the project will slip two weeks. What does a prepared IT manager do?' });
    expect(edit.body.outcome).toBe('new_version');
    const res = await author.get(`/api/v1/exams/${examId}/item-analysis`);
    const row = res.body.items.find((i: { itemKey: string }) => i.itemKey === 'ia-i4');
    expect(row.version).toBe(1);
    expect(row.stem).toBe('Question ia-i4: what does a prepared IT manager do?');
  });

  it('downloads the same table as CSV', async () => {
    const res = await author.get(`/api/v1/exams/${examId}/item-analysis.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="item-analysis-analysis-exam.csv"');
    const lines = (res.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe('item_key,version,competency,kind,n,p,r_pb,upper_lower_d,omitted,option_counts,top_group_counts,bottom_group_counts,flags,stem');
    expect(lines).toHaveLength(5);
    const i4 = lines.find((l) => l.startsWith('ia-i4,'))!;
    expect(i4).toBe('ia-i4,1,project-delivery,single,6,0.3333,-0.562,-0.5,0,A*=2 B=2 C=2,A*=0 B=2 C=0,A*=1 B=0 C=1,low_discrimination distractor_beats_key_in_top_group:B,Question ia-i4: what does a prepared IT manager do?');
  });

  it('is for authors and admins only, and another organisation sees no exam', async () => {
    expect((await learner.get(`/api/v1/exams/${examId}/item-analysis`)).status).toBe(403);
    expect((await learner.get(`/api/v1/exams/${examId}/item-analysis.csv`)).status).toBe(403);
    const other = await createTestOrg(server, 'Other Analysis IT');
    const otherAdmin = server.client();
    await otherAdmin.login(other.admin.email, PASSWORD);
    const res = await otherAdmin.get(`/api/v1/exams/${examId}/item-analysis`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('Exam was not found');
  });

  it('analyses an exam nobody has finished as empty, not as an error', async () => {
    const exam = await author.post('/api/v1/exams', { examKey: 'analysis-empty', title: 'Nobody yet', bankKey: 'analysis', blueprint: [{ competency: 'project-delivery', count: 1 }], timeLimitMinutes: 10, cutScorePercent: 50, status: 'published' });
    const res = await author.get(`/api/v1/exams/${exam.body.id}/item-analysis`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ personCount: 0, itemCount: 0, kr20: null, items: [] });
  });
});
