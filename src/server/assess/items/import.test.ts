import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../../test/support/fixtures.js';
import type { HttpClient } from '../../../../test/support/http.js';
import { auditLog } from '../../audit/schema.js';
import { loadItemVersions } from './contract.js';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/items');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

let server: TestServer;
let acme: TestOrg;
let author: HttpClient;
let learner: HttpClient;
let authorToken: string;

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  const a = await acme.addPerson('ingrid-author', ['author']);
  const l = await acme.addPerson('leo-learner', ['learner']);
  author = server.client();
  await author.login(a.email, PASSWORD);
  learner = server.client();
  await learner.login(l.email, PASSWORD);
  authorToken = (await author.post('/api/v1/tokens', { name: 'import test' })).body.token;
});
afterAll(async () => server?.close());

/** A real multipart upload, as a browser form sends it. */
async function upload(path: string, file: { name: string; bytes: Uint8Array | Buffer }, fields: Record<string, string>, token = authorToken) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  const res = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

type Row = { line?: number; file?: string; ref: string; reason?: string; itemKey?: string; action?: string; status?: string; notes?: string[] };
const brief = (rows: Row[]) => rows.map((r) => `${r.file ? `${r.file}:` : ''}${r.line} ${r.ref}`);

describe('GIFT', () => {
  it('previews without writing: every imported and every skipped question, with lines and reasons', async () => {
    const res = await upload('/items/import/preview', { name: 'service-desk.gift', bytes: fixture('service-desk.gift') }, { bankKey: 'professional' });
    expect(res.status).toBe(200);
    expect(res.body.format).toBe('gift');
    expect(res.body.dryRun).toBe(true);
    expect(res.body.imported.map((r: Row) => [r.line, r.itemKey, r.action])).toEqual([
      [4, 'service-desk-sd-capacity-1', 'create'],
      [11, 'service-desk-sd-capacity-2', 'create'],
      [18, 'service-desk-sd-capacity-3', 'create'],
    ]);
    const skipped = res.body.skipped as Row[];
    expect(brief(skipped)).toEqual(['20 sd-essay', '22 sd-matching', '28 sd-numeric', '32 sd-broken', '36 sd-morale-1', '42 sd-no-feedback']);
    expect(skipped[0].reason).toMatch(/^essay questions need a human to mark them/);
    expect(skipped[3].reason).toMatch(/GIFT syntax error in the question starting at line 30/);
    expect(skipped[4].reason).toMatch(/"Team morale"\) name no known competency; choose a default competency/);
    expect(res.body.summary).toMatchObject({ imported: 3, create: 3, skipped: 6 });
    expect((await author.get('/api/v1/items?bankKey=professional')).body.total).toBe(0);
  });

  it('imports with a default competency; weights become all-or-nothing and missing rationales keep an item a draft', async () => {
    const res = await upload('/items/import/commit', { name: 'service-desk.gift', bytes: fixture('service-desk.gift') }, { bankKey: 'professional', defaultCompetency: 'interpersonal-communication', publish: 'true' });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(false);
    const byKey = Object.fromEntries((res.body.imported as Row[]).map((r) => [r.itemKey, r]));
    expect(Object.keys(byKey)).toEqual(['service-desk-sd-capacity-1', 'service-desk-sd-capacity-2', 'service-desk-sd-capacity-3', 'service-desk-sd-morale-1', 'service-desk-sd-no-feedback']);
    expect(byKey['service-desk-sd-capacity-2'].notes).toEqual(['percentage weights were turned into all-or-nothing scoring: the answers with a positive weight are the correct ones']);
    expect(byKey['service-desk-sd-no-feedback'].status).toBe('draft');
    expect(byKey['service-desk-sd-no-feedback'].notes).toEqual(['options A, B, C have no feedback to use as rationale; write them before publishing', 'kept as a draft until every option has a rationale']);
    expect(byKey['service-desk-sd-morale-1']).toMatchObject({ status: 'published' });
    expect(brief(res.body.skipped)).toEqual(['20 sd-essay', '22 sd-matching', '28 sd-numeric', '32 sd-broken']);

    const tf = await author.get('/api/v1/items?q=160%20productive%20hours%20per%20person');
    expect(tf.body.items).toHaveLength(1);
    const detail = await author.get(`/api/v1/items/${tf.body.items[0].id}`);
    expect(detail.body).toMatchObject({ source: 'gift', status: 'published', kind: 'single', competency: 'capacity-planning' });
    // Moodle's GIFT rule: the first #feedback is for the wrong answer, the second for the right one.
    expect(detail.body.current.options).toEqual([
      { id: 'A', text: 'True', correct: true, rationale: 'Right: about 110 to 120 productive hours is typical, so 160 sets up a miss.' },
      { id: 'B', text: 'False', correct: false, rationale: 'Nobody delivers 160 productive hours; leave, meetings and support take a large share.' },
    ]);
    const audit = await server.runtime.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'item_bank.import_file'));
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ format: 'gift', fileName: 'service-desk.gift', keyPrefix: 'service-desk', summary: { create: 5, skipped: 4 } });
    const multi = await author.get('/api/v1/items?kind=multiple&bankKey=professional');
    expect(multi.body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['service-desk-sd-capacity-2']);
  });

  it('re-importing the same file changes nothing; a changed question gets a new version and the old one stays', async () => {
    const again = await upload('/items/import/commit', { name: 'service-desk.gift', bytes: fixture('service-desk.gift') }, { bankKey: 'professional', defaultCompetency: 'interpersonal-communication', publish: 'true' });
    expect(again.body.imported.map((r: Row) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);

    const before = (await author.get('/api/v1/items?q=service-desk-sd-capacity-1')).body.items[0];
    const changed = fixture('service-desk.gift').toString('utf8').replace('What do you promise for next month?', 'What do you commit to for next month?');
    const res = await upload('/items/import/commit', { name: 'service-desk.gift', bytes: Buffer.from(changed) }, { bankKey: 'professional', defaultCompetency: 'interpersonal-communication', publish: 'true' });
    expect(res.body.imported.map((r: Row) => r.action)).toEqual(['new_version', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    const after = await author.get(`/api/v1/items/${before.id}`);
    expect(after.body.currentVersion).toBe(2);
    expect(after.body.current.stem).toMatch(/commit to for next month\?$/);
    const v1 = await author.get(`/api/v1/items/${before.id}/versions/1`);
    expect(v1.body.stem).toMatch(/promise for next month\?$/);
    const loaded = await loadItemVersions(server.runtime.ctx.db, acme.orgId, [v1.body.itemVersionId]);
    expect(loaded.get(v1.body.itemVersionId)?.version).toBe(1);
  });

  it('will not take over keys used in another bank', async () => {
    const res = await upload('/items/import/preview', { name: 'service-desk.gift', bytes: fixture('service-desk.gift') }, { bankKey: 'executive', defaultCompetency: 'interpersonal-communication' });
    expect(res.status).toBe(200);
    expect(res.body.imported).toEqual([]);
    expect(res.body.skipped.find((s: Row) => s.ref === 'sd-capacity-1').reason).toBe('its key service-desk-sd-capacity-1 is already used by an item in bank "professional"; import with another key prefix');
    const prefixed = await upload('/items/import/preview', { name: 'service-desk.gift', bytes: fixture('service-desk.gift') }, { bankKey: 'executive', keyPrefix: 'exec-desk', defaultCompetency: 'interpersonal-communication' });
    expect(prefixed.body.imported.map((r: Row) => r.itemKey)).toContain('exec-desk-sd-capacity-1');
  });
});

describe('Moodle XML', () => {
  it('maps categories and tags to competencies, feedback to rationales, and says why others are skipped', async () => {
    const res = await author.post('/api/v1/items/import/commit', { bankKey: 'professional', format: 'moodle', fileName: 'vendor-quiz.xml', content: fixture('vendor-quiz.moodle.xml').toString('utf8'), publish: true });
    expect(res.status).toBe(200);
    expect(res.body.imported.map((r: Row) => [r.line, r.itemKey, (r as { competency?: string }).competency, r.status])).toEqual([
      [8, 'vendor-quiz-vendor-renewal', 'vendor-management', 'published'],
      [27, 'vendor-quiz-vendor-sla-evidence', 'vendor-management', 'published'],
      [36, 'vendor-quiz-vendor-single-contact', 'vendor-management', 'published'],
      [58, 'vendor-quiz-tagged-influence', 'influence', 'published'],
    ]);
    expect(res.body.skipped.map((s: Row) => [s.line, s.ref, s.reason])).toEqual([
      [43, 'vendor-acronym', 'short-answer questions are not supported; only multichoice and truefalse are imported'],
      [49, 'vendor-essay', 'essay questions need a human to mark them; only multichoice and truefalse are imported'],
      [68, 'untagged-soft-skill', 'its category or tags ("Soft skills") name no known competency; choose a default competency for the upload or put the question in a category named after a competency (e.g. "capacity-planning")'],
      [76, 'no-correct-answer', 'no answer is marked correct'],
    ]);
    const renewal = (await author.get('/api/v1/items?q=vendor-quiz-vendor-renewal')).body.items[0];
    const detail = await author.get(`/api/v1/items/${renewal.id}`);
    // HTML and entities from the CDATA become plain text.
    expect(detail.body.current.stem).toBe('Your help-desk software contract renews in 90 days and the vendor has raised the price by 18%. What is your first step?');
    expect(detail.body.current.options[0]).toEqual({ id: 'A', text: 'Compare the renewal with what the team actually uses & what alternatives cost.', correct: true, rationale: 'Knowing usage and alternatives is what gives you room to negotiate.' });
  });

  it('answers 400 with the line for XML that is not well formed, and refuses entity declarations', async () => {
    const broken = await author.post('/api/v1/items/import/preview', { bankKey: 'professional', format: 'moodle', content: '<quiz>\n  <question type="multichoice">\n</quiz>\n' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('import_unreadable');
    expect(broken.body.error.message).toMatch(/not well formed at line 3/);
    const bomb = await author.post('/api/v1/items/import/preview', { bankKey: 'professional', format: 'moodle', content: '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz>&a;</quiz>' });
    expect(bomb.status).toBe(400);
    expect(bomb.body.error.message).toMatch(/DOCTYPE/);
    const html = await author.post('/api/v1/items/import/preview', {
      bankKey: 'professional',
      format: 'moodle',
      defaultCompetency: 'it-methodologies',
      content: '<quiz><question type="truefalse"><name><text>doctype-in-text</text></name><questiontext format="plain_text"><text><![CDATA[Every intranet page should start with <!DOCTYPE html>.]]></text></questiontext><answer fraction="100"><text>true</text><feedback><text>It selects standards mode.</text></feedback></answer><answer fraction="0"><text>false</text><feedback><text>Without it browsers guess.</text></feedback></answer></question></quiz>',
    });
    expect(html.status).toBe(200);
    expect(html.body.imported.map((r: Row) => r.ref)).toEqual(['doctype-in-text']);
    const notQuiz = await author.post('/api/v1/items/import/preview', { bankKey: 'professional', format: 'moodle', content: '<questions/>' });
    expect(notQuiz.status).toBe(400);
    expect(notQuiz.body.error.message).toMatch(/root element must be <quiz>/);
  });
});

describe('QTI 3.0', () => {
  const pkg = () =>
    zipSync({
      'imsmanifest.xml': strToU8('<?xml version="1.0"?><manifest identifier="m1"><resources/></manifest>'),
      'items/status-cadence.xml': new Uint8Array(fixture('qti/status-cadence.xml')),
      'items/portfolio-two.xml': new Uint8Array(fixture('qti/portfolio-two.xml')),
      'items/free-text.xml': new Uint8Array(fixture('qti/free-text.xml')),
      'items/picture.png': new Uint8Array([137, 80, 78, 71]),
    });

  it('imports choice interactions from a zip package, with correct responses and feedback, and skips the rest', async () => {
    const res = await upload('/items/import/commit', { name: 'incident-items.zip', bytes: pkg() }, { bankKey: 'professional', defaultCompetency: 'downtime-escalation', publish: 'true' });
    expect(res.status).toBe(200);
    expect(res.body.format).toBe('qti');
    expect(res.body.imported.map((r: Row) => [r.file, r.line, r.itemKey, r.status])).toEqual([
      ['items/portfolio-two.xml', 2, 'incident-items-portfolio-record', 'published'],
      ['items/status-cadence.xml', 2, 'incident-items-status-cadence', 'published'],
    ]);
    expect(res.body.skipped).toEqual([{ file: 'items/free-text.xml', line: 2, ref: 'Lessons learned', reason: 'uses qti-extended-text-interaction; only items with a single qti-choice-interaction are imported' }]);
    const item = (await author.get('/api/v1/items?q=incident-items-status-cadence')).body.items[0];
    const detail = await author.get(`/api/v1/items/${item.id}`);
    expect(detail.body.current.stem).toBe('The order system has been down for two hours. Your procedure says updates go out every hour until it is resolved.\n\nThe engineers have nothing new to report. What goes in the next update?');
    expect(detail.body.current.options.map((o: { correct: boolean; rationale: string }) => [o.correct, o.rationale])).toEqual([
      [false, 'Skipping tells people nobody is working on it.'],
      [true, 'An update with no news still shows the incident is owned and sets the next time.'],
      [false, 'Managers need impact and timing, not logs.'],
    ]);
    const multi = (await author.get('/api/v1/items?q=incident-items-portfolio-record')).body.items[0];
    expect(multi.kind).toBe('multiple');
  });

  it('needs a default competency, since QTI items name none', async () => {
    const res = await upload('/items/import/preview', { name: 'status.xml', bytes: fixture('qti/status-cadence.xml') }, { bankKey: 'professional', format: 'qti' });
    expect(res.body.imported).toEqual([]);
    expect(res.body.skipped[0].reason).toBe('QTI items name no competency; choose a default competency for the upload');
  });

  it('takes a zip as base64 in JSON too, and reports QTI 2 files as such', async () => {
    const zip = zipSync({ 'old.xml': strToU8('<assessmentItem identifier="x"><itemBody/></assessmentItem>') });
    const res = await author.post('/api/v1/items/import/preview', { bankKey: 'professional', contentBase64: Buffer.from(zip).toString('base64'), defaultCompetency: 'downtime-escalation' });
    expect(res.status).toBe(200);
    expect(res.body.skipped).toEqual([{ file: 'old.xml', line: 1, ref: 'old.xml', reason: 'this is QTI 2.x (assessmentItem); only QTI 3.0 (qti-assessment-item) is imported' }]);
  });
});

describe('bad uploads', () => {
  it('refuses learners', async () => {
    const token = (await learner.post('/api/v1/tokens', { name: 'learner' })).body.token;
    const res = await upload('/items/import/preview', { name: 'a.gift', bytes: fixture('service-desk.gift') }, { bankKey: 'professional' }, token);
    expect(res.status).toBe(403);
    expect((await learner.post('/api/v1/items/import/commit', { bankKey: 'professional', content: 'Q {=a ~b}' })).status).toBe(403);
  });

  it('says which field to fix', async () => {
    const noBank = await upload('/items/import/preview', { name: 'a.gift', bytes: fixture('service-desk.gift') }, {});
    expect(noBank.status).toBe(400);
    expect(noBank.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.bankKey']);
    const badCompetency = await upload('/items/import/preview', { name: 'a.gift', bytes: fixture('service-desk.gift') }, { bankKey: 'professional', defaultCompetency: 'capacity' });
    expect(badCompetency.status).toBe(400);
    expect(badCompetency.body.error.message).toMatch(/did you mean "capacity-planning"/);
    const both = await author.post('/api/v1/items/import/preview', { bankKey: 'professional', content: 'x', contentBase64: 'eA==' });
    expect(both.status).toBe(400);
    const latin1 = await upload('/items/import/preview', { name: 'a.gift', bytes: new Uint8Array([0x51, 0xe9, 0x20, 0x7b, 0x3d, 0x61, 0x7d]) }, { bankKey: 'professional' });
    expect(latin1.status).toBe(400);
    expect(latin1.body.error.message).toMatch(/not UTF-8/);
    const empty = await upload('/items/import/preview', { name: 'a.gift', bytes: new Uint8Array() }, { bankKey: 'professional' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('body.file');
  });

  it('answers 413 with the limit for a file over 10 MB', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'a');
    const res = await upload('/items/import/preview', { name: 'big.gift', bytes: big }, { bankKey: 'professional' });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/larger than 10 MB/);
  });
});
