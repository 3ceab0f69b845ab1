import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { PASSWORD } from '../../../../test/support/fixtures.js';
import { examWorld, type ExamWorld } from './testing/exam-fixture.js';

let server: TestServer;
let world: ExamWorld;

beforeAll(async () => {
  server = await startTestServer();
  world = await examWorld(server, 'Blueprint IT');
});
afterAll(async () => server?.close());

const valid = {
  examKey: 'professional-2027',
  title: 'Professional certification exam',
  description: 'The business of IT: escalations, capacity and vendors.',
  bankKey: 'professional',
  blueprint: [
    { competency: 'downtime-escalation', count: 4 },
    { competency: 'capacity-planning', count: 3 },
  ],
  timeLimitMinutes: 45,
  attemptLimit: 3,
  cooldownMinutes: 1440,
  cutScorePercent: 70,
  requiredPathKey: 'business-of-it',
};

async function auditOf(entityId: string) {
  const res = await world.admin.get(`/api/v1/admin/audit?entityId=${encodeURIComponent(entityId)}`);
  expect(res.status).toBe(200);
  return res.body.items as { action: string; before: any; after: any; actorEmail: string }[];
}

describe('exam blueprints', () => {
  it('lets an author create an exam, with defaults, and audits it', async () => {
    const res = await world.author.post('/api/v1/exams', valid);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ...valid,
      itemCount: 7,
      shuffleOptions: true,
      feedbackRelease: 'on_submit',
      status: 'draft',
      opensAt: null,
      closesAt: null,
    });
    expect(res.body).not.toHaveProperty('attempts');
    const audit = await auditOf(res.body.id);
    expect(audit.map((a) => a.action)).toEqual(['exam.create']);
    expect(audit[0].after).toMatchObject({ examKey: 'professional-2027', cutScorePercent: 70, blueprint: valid.blueprint });
    expect(audit[0].actorEmail).toBe('exam-author@blueprint-it.test');
  });

  it('refuses a blueprint that asks for more items of a competency than the bank has, naming it', async () => {
    const res = await world.author.post('/api/v1/exams', {
      ...valid,
      examKey: 'too-big',
      blueprint: [
        { competency: 'downtime-escalation', count: 4 },
        { competency: 'vendor-management', count: 9 },
        { competency: 'negotiation', count: 1 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_blueprint');
    expect(res.body.error.fields).toEqual([
      { path: 'body.blueprint.1.count', message: 'competency "vendor-management": the blueprint asks for 9 items but bank "professional" has 4 published' },
      { path: 'body.blueprint.2.count', message: 'competency "negotiation": the blueprint asks for 1 item but bank "professional" has 0 published' },
    ]);
    expect(res.body.error.message).toContain('competency "vendor-management"');
  });

  it('explains every other mistake in a definition with the field it belongs to', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ bankKey: 'executive' }, 'body.bankKey', /no item bank "executive" in your organisation; banks: "professional"/],
      [{ blueprint: [{ competency: 'capacity-planning', count: 1 }, { competency: 'capacity-planning', count: 2 }] }, 'body.blueprint.1.competency', /appears twice/],
      [{ feedbackRelease: 'after_close' }, 'body.closesAt', /required when feedbackRelease is "after_close"/],
      [{ opensAt: '2027-03-02T09:00:00Z', closesAt: '2027-03-01T09:00:00Z' }, 'body.closesAt', /later than opensAt/],
      [{ cutScorePercent: 0 }, 'body.cutScorePercent', /at least 1/],
      [{ timeLimitMinutes: 0 }, 'body.timeLimitMinutes', /at least 1/],
      [{ examKey: 'Bad Key!' }, 'body.examKey', /lower-case letters, digits and dashes/],
      [{ opensAt: 'next tuesday' }, 'body.opensAt', /date-time/],
      [{ blueprint: [] }, 'body.blueprint', /at least 1/],
      [{ surprise: true }, 'body', /unknown field\(s\): surprise/],
    ];
    for (const [change, path, message] of cases) {
      const res = await world.author.post('/api/v1/exams', { ...valid, examKey: 'mistakes', ...change });
      expect(res.status, JSON.stringify(change)).toBe(400);
      const field = res.body.error.fields.find((f: { path: string }) => f.path === path);
      expect(field, `${JSON.stringify(change)} → ${JSON.stringify(res.body.error.fields)}`).toBeDefined();
      expect(field.message).toMatch(message);
    }
  });

  it('refuses a duplicate exam key with 409', async () => {
    await world.author.post('/api/v1/exams', { ...valid, examKey: 'dup-key' });
    const again = await world.author.post('/api/v1/exams', { ...valid, examKey: 'dup-key' });
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual([{ path: 'body.examKey', message: 'already in use' }]);
  });

  it('changes an exam, re-checking the blueprint against the bank, and audits before and after', async () => {
    const created = (await world.author.post('/api/v1/exams', { ...valid, examKey: 'to-change' })).body;
    const tooMany = await world.author.patch(`/api/v1/exams/${created.id}`, { blueprint: [{ competency: 'capacity-planning', count: 6 }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields[0].message).toMatch(/competency "capacity-planning": the blueprint asks for 6 items but bank "professional" has 5 published/);
    const changed = await world.author.patch(`/api/v1/exams/${created.id}`, { cutScorePercent: 75, status: 'published', attemptLimit: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ cutScorePercent: 75, status: 'published', attemptLimit: null, blueprint: valid.blueprint });
    const audit = await auditOf(created.id);
    const update = audit.find((a) => a.action === 'exam.update')!;
    expect(update.before).toMatchObject({ cutScorePercent: 70, status: 'draft', attemptLimit: 3 });
    expect(update.after).toMatchObject({ cutScorePercent: 75, status: 'published', attemptLimit: null });
  });

  it('shows drafts only to authors and administrators; candidates see published exams without attempt counts', async () => {
    const draft = (await world.author.post('/api/v1/exams', { ...valid, examKey: 'hidden-draft' })).body;
    const published = (await world.author.post('/api/v1/exams', { ...valid, examKey: 'visible', status: 'published', requiredPathKey: null })).body;
    const { client } = await world.candidate('browser');
    const list = (await client.get('/api/v1/exams?limit=200')).body;
    const keys = list.items.map((e: { examKey: string }) => e.examKey);
    expect(keys).toContain('visible');
    expect(keys).not.toContain('hidden-draft');
    expect(list.items.every((e: { attempts?: unknown }) => e.attempts === undefined)).toBe(true);
    expect((await client.get(`/api/v1/exams/${draft.id}`)).status).toBe(404);
    const detail = (await client.get(`/api/v1/exams/${published.id}`)).body;
    expect(detail.candidate).toEqual({ canStart: true, reason: null, attemptsUsed: 0, attemptsLeft: 3, nextStartAt: null, openAttemptId: null, passed: false, extraMinutes: 0 });
    const authorList = (await world.author.get('/api/v1/exams?status=draft&limit=200')).body;
    expect(authorList.items.map((e: { examKey: string }) => e.examKey)).toContain('hidden-draft');
    expect(authorList.items[0].attempts).toEqual({ inProgress: 0, submitted: 0, passed: 0 });
  });

  it('refuses changes to learners (403) and another organisation\'s exams (404)', async () => {
    const created = (await world.author.post('/api/v1/exams', { ...valid, examKey: 'guarded' })).body;
    const { client } = await world.candidate('meddler');
    const create = await client.post('/api/v1/exams', { ...valid, examKey: 'learner-made' });
    expect(create.status).toBe(403);
    expect((await client.patch(`/api/v1/exams/${created.id}`, { title: 'Mine now' })).status).toBe(403);
    expect((await client.get(`/api/v1/exams/${created.id}/attempts`)).status).toBe(403);
    const other = await examWorld(server, 'Rival IT');
    const otherAdmin = server.client();
    await otherAdmin.login(other.org.admin.email, PASSWORD);
    expect((await otherAdmin.patch(`/api/v1/exams/${created.id}`, { title: 'Taken over' })).status).toBe(404);
    expect((await otherAdmin.get(`/api/v1/exams/${created.id}`)).status).toBe(404);
    expect((await otherAdmin.get(`/api/v1/exams/${created.id}/attempts`)).status).toBe(404);
  });
});

describe('accommodations', () => {
  it('lets an administrator set, change and remove extra time, audited; authors may not', async () => {
    const exam = (await world.author.post('/api/v1/exams', { ...valid, examKey: 'accommodating' })).body;
    const person = await world.candidate('needs-time');
    const path = `/api/v1/exams/${exam.id}/accommodations/${person.id}`;
    expect((await world.author.request('PUT', path, { extraMinutes: 15 })).status).toBe(403);
    const set = await world.admin.request('PUT', path, { extraMinutes: 15, note: 'Dyslexia: 25% extra agreed' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ examId: exam.id, personId: person.id, personName: 'Needs Time', extraMinutes: 15, note: 'Dyslexia: 25% extra agreed' });
    const changed = await world.admin.request('PUT', path, { extraMinutes: 20 });
    expect(changed.body.extraMinutes).toBe(20);
    const list = (await world.admin.get(`/api/v1/exams/${exam.id}/accommodations`)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ personId: person.id, extraMinutes: 20 });
    expect((await world.admin.delete(path)).status).toBe(204);
    const missing = await world.admin.delete(path);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Extra time for this person on this exam was not found');
    const audit = await auditOf(`${exam.id}:${person.id}`);
    expect(audit.map((a) => a.action).sort()).toEqual(['exam.accommodation.remove', 'exam.accommodation.set', 'exam.accommodation.set']);
    const second = audit.find((a) => a.action === 'exam.accommodation.set' && a.before)!;
    expect(second.before.extraMinutes).toBe(15);
    expect(second.after.extraMinutes).toBe(20);
  });

  it('refuses bad extra time and people of another organisation', async () => {
    const exam = (await world.author.post('/api/v1/exams', { ...valid, examKey: 'accommodation-checks' })).body;
    const person = await world.candidate('checked');
    const bad = await world.admin.request('PUT', `/api/v1/exams/${exam.id}/accommodations/${person.id}`, { extraMinutes: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: 'body.extraMinutes', message: 'must be at least 1' }]);
    const other = await examWorld(server, 'Elsewhere IT');
    const stranger = await other.candidate('stranger');
    const foreign = await world.admin.request('PUT', `/api/v1/exams/${exam.id}/accommodations/${stranger.id}`, { extraMinutes: 10 });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe('Person was not found');
  });
});
