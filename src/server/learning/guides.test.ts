import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { seedLearningContent, TEST_PATH } from '../../../test/support/learning-content.js';
import type { HttpClient } from '../../../test/support/http.js';
import { and, eq } from 'drizzle-orm';
import { makeSanitiser } from './guides/winansi.js';
import { trainingStages } from '../framework/schema.js';
import { lessons } from '../content/schema.js';

let server: TestServer;
let acme: TestOrg;
let learner: HttpClient;
let globexAdmin: HttpClient;

let learnerCookie: string;

/** PDFs are binary, so they are fetched directly (the test HttpClient reads bodies as text). */
async function download(path: string) {
  const res = await fetch(server.url + path, { headers: { cookie: learnerCookie } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The text of every page, read back from the PDF the way a reader (pdf.js) sees it. */
async function pagesOf(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(bytes);
  const { text } = await extractText(pdf, { mergePages: false });
  return text.map((t) => t.replace(/\s+/g, ' '));
}

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  const globex = await createTestOrg(server, 'Globex IT');
  await seedLearningContent(server.runtime.ctx.db, acme.orgId);
  const person = await acme.addPerson('lee-learner');
  learner = server.client();
  await learner.login(person.email, PASSWORD);
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: person.email, password: PASSWORD }) });
  learnerCookie = login.headers.getSetCookie()[0].split(';')[0];
  globexAdmin = server.client();
  await globexAdmin.login(globex.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

describe('path guide', () => {
  let pages: string[];

  beforeAll(async () => {
    const res = await download(`/api/v1/learn/guides/path/${TEST_PATH.pathKey}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${TEST_PATH.pathKey}-guide.pdf"`);
    expect(new TextDecoder().decode(res.bytes.slice(0, 5))).toBe('%PDF-');
    pages = await pagesOf(res.bytes);
  });

  it('has a cover with the title, the organisation and the date', () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(pages[0]).toContain('New manager essentials');
    expect(pages[0]).toContain('ACME IT');
    expect(pages[0]).toContain(`Prepared for Acme IT on ${today}.`);
    expect(pages[0]).toContain('3 lessons');
  });

  it('has contents whose page numbers lead to the sections and lessons', () => {
    expect(pages[1]).toContain('Contents');
    const entries = ['Fast start', 'Delegating outcomes, not tasks', 'The business of IT', 'Capacity and conservative commitments', 'Planning for downtime with escalation procedures'];
    let last = 0;
    for (const title of entries) {
      const match = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ .]*?(\\d+)`).exec(pages[1]);
      expect(match, `contents entry for ${title} in: ${pages[1]}`).not.toBeNull();
      const page = Number(match![1]);
      expect(page).toBeGreaterThanOrEqual(last);
      last = page;
      expect(pages[page - 1], `page ${page} should hold ${title}`).toContain(title);
    }
  });

  it('prints each lesson: objectives, body with lists and emphasis, knowledge check and apply-it', () => {
    const all = pages.join('\n');
    expect(all).toContain('What you will be able to do');
    expect(all).toContain('Name an owning Expert for each key support area.');
    expect(all).toContain('An outage is a communication problem as much as a technical one.');
    expect(all).toContain('Name one Expert per area: e-mail, WAN and telecom, key applications.');
    expect(all).toContain('Escalate on the clock, not on a feeling.');
    expect(all).toContain('Knowledge check');
    expect(all).toContain('Which belong in every escalation procedure? (choose all that apply)');
    expect(all).toContain('The full network diagram.');
    expect(all).toContain('Apply it: Draft your first procedure');
    expect(all).toContain('Toolkit: Escalation procedures binder');
    // Characters the standard fonts cannot show are replaced, not dropped or crashed on.
    expect(all).toContain('the vendor is escalated -> account manager');
    expect(all).toContain('status update >= every hour');
    // Answers stay in the lesson player.
    expect(all).not.toContain('Silence reads as inaction');
  });
});

describe('stage guide', () => {
  it('holds every lesson of the stage and nothing else', async () => {
    const res = await download('/api/v1/learn/guides/stage/business-of-it.pdf');
    expect(res.status).toBe(200);
    const pages = await pagesOf(res.bytes);
    expect(pages[0]).toContain('The business of IT: study guide');
    const all = pages.join('\n');
    expect(all).toContain('Capacity and conservative commitments');
    expect(all).toContain('Promise about 100 hours per programmer per month');
    expect(all).toContain('Planning for downtime with escalation procedures');
    expect(all).not.toContain('Giving feedback that lands');
  });

  it('explains unknown stages, empty stages and unknown paths', async () => {
    const unknown = await learner.get('/api/v1/learn/guides/stage/management.pdf');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/Training stage "management"/);
    const malformed = await learner.get('/api/v1/learn/guides/stage/Business_IT.pdf');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/must be a stage id/);
    const empty = await learner.get('/api/v1/learn/guides/stage/executive.pdf');
    expect(empty.status).toBe(404);
    expect(empty.body.error.message).toMatch(/Executive/);
    expect((await learner.get('/api/v1/learn/guides/path/no-such-path.pdf')).status).toBe(404);
    expect((await globexAdmin.get(`/api/v1/learn/guides/path/${TEST_PATH.pathKey}.pdf`)).status).toBe(404);
    expect((await server.client().get(`/api/v1/learn/guides/path/${TEST_PATH.pathKey}.pdf`)).status).toBe(401);
  });
});

describe('stages the organisation named or added', () => {
  it('uses the framework\'s stage titles and offers a guide for a stage the organisation added', async () => {
    const db = server.runtime.ctx.db;
    await db.update(trainingStages).set({ title: 'Running IT as a business' }).where(and(eq(trainingStages.orgId, acme.orgId), eq(trainingStages.stageKey, 'business-of-it')));
    const renamed = await pagesOf((await download('/api/v1/learn/guides/stage/business-of-it.pdf')).bytes);
    expect(renamed[0]).toContain('Running IT as a business: study guide');
    expect(renamed.join('\n')).toContain('Running IT as a business - about 25 minutes');
    await db.insert(trainingStages).values({ orgId: acme.orgId, stageKey: 'security-leadership', title: 'Security leadership', levels: ['it_manager'], position: 9 });
    expect((await learner.get('/api/v1/learn/guides/stage/security-leadership.pdf')).status).toBe(404);
    await db.update(lessons).set({ stage: 'security-leadership' }).where(and(eq(lessons.orgId, acme.orgId), eq(lessons.lessonKey, 'f03-giving-feedback')));
    const added = await download('/api/v1/learn/guides/stage/security-leadership.pdf');
    expect(added.status).toBe(200);
    const pages = await pagesOf(added.bytes);
    expect(pages[0]).toContain('Security leadership: study guide');
    expect(pages.join('\n')).toContain('Giving feedback that lands');
  });
});

describe('text for the standard fonts', () => {
  it('keeps WinAnsi characters and replaces the rest with readable ASCII', () => {
    const winAnsi = new Set([...Array.from({ length: 95 }, (_, i) => 32 + i), 0xe9, 0xfc, 0x2013, 0x2014, 0x2019, 0x201c, 0x201d, 0x2022, 0x20ac]);
    const clean = makeSanitiser(winAnsi);
    expect(clean('Café – “quoted” • 5 €')).toBe('Café – “quoted” • 5 €');
    expect(clean('a → b ≥ c ≤ d')).toBe('a -> b >= c <= d');
    expect(clean('Łódź')).toBe('Lodz');
    expect(clean('snow ☃ day')).toBe('snow ? day');
    expect(clean('zero\u200bwidth and\u00a0nbsp')).toBe('zerowidth and nbsp');
  });
});
