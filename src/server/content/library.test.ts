import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';
import { editFile, smallPack, withFiles } from '../../../test/support/packs.js';
import { importPack } from './import-pack.js';
import { registerProgressLookup } from './lesson-access.js';
import { lessons } from './schema.js';

let server: TestServer;
let org: TestOrg;
let learner: HttpClient;
let admin: HttpClient;
let otherAdmin: HttpClient;
let learnerId: string;

const A01 = 'lessons/people/a01-listening-first.md';

/** A lesson file built from a01 with another id, title, summary and body. */
async function lessonFile(id: string, title: string, summary: string, body: string): Promise<string> {
  const template = (await smallPack()).files.get(A01)!;
  const frontMatter = template.slice(0, template.indexOf('\n---\n') + 5);
  return `${frontMatter
    .replace('id: a01-listening-first', `id: ${id}`)
    .replace('title: Listening before answering', `title: ${title}`)
    .replace('summary: Find the need behind a ticket before proposing a fix.', `summary: ${summary}`)}\n## The idea\n\n${body}\n\n## Worked example\n\nA worked example.\n\n## Reflection\n\nA question to think about.\n`;
}

beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server, 'Library IT');
  const other = await createTestOrg(server, 'Other Library IT');
  const db = server.runtime.ctx.db;
  await importPack(db, { orgId: org.orgId, actor: null }, await smallPack());
  await importPack(db, { orgId: other.orgId, actor: null }, await smallPack());
  // An add-on pack: "budget" in one title and many times in another body; raw HTML and a script link.
  const addOn = new Map([
    ['pack.yaml', 'id: library-add-on\nname: Library add-on\nversion: 1.0.0\n'],
    ['lessons/b1.md', await lessonFile('b1-budget-basics', 'Budget basics for team leads', 'Where the money for a team comes from.', 'Money arrives once a year and is spent all year.')],
    [
      'lessons/b2.md',
      await lessonFile('b2-vendor-renewals', 'Vendor renewals', 'Renew contracts on time.', 'The budget, the budget and the budget: every renewal touches the budget. <script>alert("x")</script> [click](javascript:alert(1)) [guide](https://example.org/renewals)'),
    ],
  ]);
  await importPack(db, { orgId: org.orgId, actor: null }, { files: addOn, problems: [] });
  const person = await org.addPerson('lib-learner', ['learner']);
  learnerId = person.id;
  learner = server.client();
  await learner.login(person.email, PASSWORD);
  admin = server.client();
  await admin.login(org.admin.email, PASSWORD);
  otherAdmin = server.client();
  await otherAdmin.login(other.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

const keys = (body: { items: { key: string }[] }) => body.items.map((i) => i.key);

describe('the library list', () => {
  it('lists lessons in stage order with their summaries when there is no query', async () => {
    const res = await learner.get('/api/v1/learn/lessons');
    expect(res.status).toBe(200);
    expect(keys(res.body)).toEqual(['a01-listening-first', 'b1-budget-basics', 'b2-vendor-renewals', 'a02-handing-work-over', 'a03-escalation-timings']);
    expect(res.body.total).toBe(5);
    expect(res.body.items[0]).toMatchObject({ title: 'Listening before answering', stage: 'foundations', stageTitle: 'Foundations', minutes: 15, revision: 1, rank: null, snippet: [{ text: 'Find the need behind a ticket before proposing a fix.', highlight: false }] });
  });

  it('filters by stage, level and competency, and pages', async () => {
    expect(keys((await learner.get('/api/v1/learn/lessons?stage=new-manager')).body)).toEqual(['a02-handing-work-over', 'a03-escalation-timings']);
    expect(keys((await learner.get('/api/v1/learn/lessons?level=it_manager&competency=escalation')).body)).toEqual(['a03-escalation-timings']);
    expect(keys((await learner.get('/api/v1/learn/lessons?competency=delegation')).body)).toEqual(['a02-handing-work-over']);
    const page = await learner.get('/api/v1/learn/lessons?limit=2&offset=2');
    expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(keys(page.body)).toEqual(['b2-vendor-renewals', 'a02-handing-work-over']);
    const beyond = await learner.get('/api/v1/learn/lessons?limit=2&offset=10&stage=foundations');
    expect(beyond.body).toMatchObject({ items: [], total: 3 });
  });

  it('ranks a title match above a body that repeats the word, and marks the match in the snippet', async () => {
    const res = await learner.get('/api/v1/learn/lessons?q=budget');
    expect(keys(res.body)).toEqual(['b1-budget-basics', 'b2-vendor-renewals']);
    expect(res.body.items[0].rank).toBeGreaterThan(res.body.items[1].rank);
    const snippet = res.body.items[1].snippet as { text: string; highlight: boolean }[];
    expect(snippet.filter((p) => p.highlight).map((p) => p.text.toLowerCase())).toContain('budget');
    expect(snippet.map((p) => p.text).join('')).toContain('every renewal touches the');
  });

  it('understands stems, phrases and exclusions, and filters search results', async () => {
    expect(keys((await learner.get('/api/v1/learn/lessons?q=escalations')).body)).toEqual(['a03-escalation-timings']);
    expect(keys((await learner.get(`/api/v1/learn/lessons?q=${encodeURIComponent('"month-end report"')}`)).body)).toEqual(['a01-listening-first']);
    expect(keys((await learner.get(`/api/v1/learn/lessons?q=${encodeURIComponent('budget -renewal')}`)).body)).toEqual(['b1-budget-basics']);
    expect(keys((await learner.get('/api/v1/learn/lessons?q=check-in&stage=foundations')).body)).toEqual([]);
    const firewall = await learner.get('/api/v1/learn/lessons?q=firewall');
    expect(keys(firewall.body)).toEqual(['a02-handing-work-over']);
    expect(firewall.body.items[0].snippet.find((p: { highlight: boolean }) => p.highlight).text).toBe('firewall');
    expect((await learner.get('/api/v1/learn/lessons?q=the')).body).toMatchObject({ items: [], total: 0 });
  });

  it('keeps each organisation to its own lessons', async () => {
    expect((await otherAdmin.get('/api/v1/learn/lessons?q=budget')).body.total).toBe(0);
    expect((await otherAdmin.get('/api/v1/learn/lessons/b1-budget-basics')).status).toBe(404);
  });

  it('refuses a query that is too long with a message', async () => {
    const res = await learner.get(`/api/v1/learn/lessons?q=${'a'.repeat(201)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('querystring.q');
  });
});

describe('reading a lesson', () => {
  it('renders the body safely and leaves answers out of the questions', async () => {
    const res = await learner.get('/api/v1/learn/lessons/a02-handing-work-over');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key: 'a02-handing-work-over',
      stage: { id: 'new-manager', label: 'New-manager basics' },
      levels: [{ id: 'tech_lead', label: 'Tech lead' }, { id: 'it_manager', label: 'IT manager' }],
      competencies: [{ id: 'delegation', label: 'Delegation' }],
      objectives: ['Choose a recurring task to delegate and the person to take it.', 'Agree what done looks like and when you will check in.'],
      applyIt: { title: 'Mark one task to delegate', tool: { id: 'activity-log', name: 'Activity log and delegation plan', capability: 'T6' } },
      retired: false,
      paths: [{ key: 'first-steps', title: 'First steps into management' }],
    });
    expect(res.body.html).toContain('<h2 id="the-idea">The idea</h2>');
    expect(res.body.knowledgeCheck[0]).toEqual({
      id: 'q1',
      prompt: 'Which of these make a delegation stick? Choose all that apply.',
      kind: 'multiple',
      options: [
        { index: 0, text: 'Agreeing what done looks like.' },
        { index: 1, text: 'Fixing the first mistake yourself, quietly.' },
        { index: 2, text: 'Scheduling a check-in a week later.' },
      ],
    });
    const raw = JSON.stringify(res.body.knowledgeCheck);
    expect(raw).not.toMatch(/correct|feedback|stays handed over|teaches the person/);
  });

  it('shows raw HTML as text and drops script links', async () => {
    const html = (await learner.get('/api/v1/learn/lessons/b2-vendor-renewals')).body.html as string;
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://example.org/renewals" target="_blank" rel="noopener noreferrer nofollow">guide</a>');
  });

  it('answers 404 for a lesson that does not exist', async () => {
    expect((await learner.get('/api/v1/learn/lessons/z99-nothing')).body.error.code).toBe('not_found');
  });
});

describe('checking a knowledge-check answer', () => {
  const check = (body: unknown) => learner.post('/api/v1/learn/lessons/a02-handing-work-over/check', body);

  it('says whether the answer is right, with feedback for every option', async () => {
    const right = await check({ questionId: 'q1', optionIndexes: [2, 0] });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({
      questionId: 'q1',
      kind: 'multiple',
      correct: true,
      options: [
        { index: 0, text: 'Agreeing what done looks like.', selected: true, correct: true, feedback: 'A shared picture of done stops the work bouncing back.' },
        { index: 1, text: 'Fixing the first mistake yourself, quietly.', selected: false, correct: false, feedback: 'That teaches the person that the work is still yours.' },
        { index: 2, text: 'Scheduling a check-in a week later.', selected: true, correct: true, feedback: 'A planned check-in replaces hovering.' },
      ],
    });
    expect((await check({ questionId: 'q1', optionIndexes: [0] })).body.correct).toBe(false);
    expect((await check({ questionId: 'q2', optionIndexes: [1] })).body.correct).toBe(false);
    expect((await check({ questionId: 'q2', optionIndexes: [0] })).body.correct).toBe(true);
  });

  it('explains a bad answer with a 400', async () => {
    const bad = async (body: unknown) => {
      const res = await check(body);
      expect(res.status).toBe(400);
      return res.body.error.message as string;
    };
    expect(await bad({ questionId: 'q9', optionIndexes: [0] })).toBe('This lesson has no question "q9"; its questions are q1, q2');
    expect(await bad({ questionId: 'q1', optionIndexes: [3] })).toBe('Option 3 does not exist; the options are numbered 0 to 2');
    expect(await bad({ questionId: 'q2', optionIndexes: [0, 1] })).toBe('This question takes exactly one option');
    expect(await bad({ questionId: 'q1', optionIndexes: [] })).toBe('Choose at least one option');
    expect(await bad({ questionId: 'q1', optionIndexes: [0, 0] })).toBe('An option is chosen twice');
    expect(await bad({ questionId: 'q1' })).toContain('body.optionIndexes');
  });
});

describe('learning paths and filters', () => {
  it('lists paths with their size and shows one with its sections', async () => {
    const list = await learner.get('/api/v1/learn/paths');
    expect(list.body.items).toEqual([
      expect.objectContaining({ key: 'first-steps', title: 'First steps into management', fromLevel: { id: 'tech_lead', label: 'Tech lead' }, toLevel: { id: 'it_manager', label: 'IT manager' }, lessonCount: 3, minutes: 55 }),
    ]);
    const one = await learner.get('/api/v1/learn/paths/first-steps');
    expect(one.body.sections.map((s: { title: string; lessons: { key: string }[] }) => [s.title, s.lessons.map((l) => l.key)])).toEqual([
      ['People', ['a01-listening-first', 'a02-handing-work-over']],
      ['Outages', ['a03-escalation-timings']],
    ]);
    expect(one.body.sections[0].lessons[0]).toMatchObject({ title: 'Listening before answering', minutes: 15, retired: false });
    expect((await learner.get('/api/v1/learn/paths/nowhere')).status).toBe(404);
  });

  it('lists stages and competencies with lesson counts', async () => {
    const stages = await learner.get('/api/v1/learn/stages');
    expect(stages.body.items.map((s: { id: string; lessonCount: number }) => [s.id, s.lessonCount])).toEqual([
      ['foundations', 3],
      ['new-manager', 2],
    ]);
    const comps = await learner.get('/api/v1/learn/competencies');
    expect(comps.body.items.map((c: { id: string; lessonCount: number }) => [c.id, c.lessonCount])).toEqual([
      ['listening', 3],
      ['delegation', 1],
      ['escalation', 1],
    ]);
  });
});

describe('retired lessons', () => {
  it('leaves the library but stays readable for authors and people with progress', async () => {
    const db = server.runtime.ctx.db;
    const v2 = withFiles(editFile(await smallPack(), 'pack.yaml', (t) => t.replace('1.0.0', '1.1.0')), { 'lessons/people/a03-escalation-timings.md': null });
    await importPack(db, { orgId: org.orgId, actor: null }, editFile(v2, 'paths/first-steps.yaml', (t) => t.replace('  - title: Outages\n    lessons: [a03-escalation-timings]\n', '')));
    expect(keys((await learner.get('/api/v1/learn/lessons?stage=new-manager')).body)).toEqual(['a02-handing-work-over']);
    expect((await learner.get('/api/v1/learn/lessons/a03-escalation-timings')).status).toBe(404);
    expect((await learner.post('/api/v1/learn/lessons/a03-escalation-timings/check', { questionId: 'q1', optionIndexes: [0] })).status).toBe(404);
    const forAdmin = await admin.get('/api/v1/learn/lessons/a03-escalation-timings');
    expect(forAdmin.body).toMatchObject({ retired: true, key: 'a03-escalation-timings' });

    const [a03] = await db.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.orgId, org.orgId), eq(lessons.lessonKey, 'a03-escalation-timings')));
    registerProgressLookup(async (_db, personId, target) => personId === learnerId && 'lessonId' in target && target.lessonId === a03.id);
    expect((await learner.get('/api/v1/learn/lessons/a03-escalation-timings')).body.retired).toBe(true);
    expect((await learner.post('/api/v1/learn/lessons/a03-escalation-timings/check', { questionId: 'q1', optionIndexes: [0] })).body.correct).toBe(true);
  });
});
