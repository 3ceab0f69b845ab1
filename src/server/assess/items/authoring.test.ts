import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../../test/support/fixtures.js';
import type { HttpClient } from '../../../../test/support/http.js';
import { auditLog } from '../../audit/schema.js';
import { candidateView, countPublishedItems, listPublishedItems, loadItemVersions, scoreAnswer } from './contract.js';

let server: TestServer;
let acme: TestOrg;
let globex: TestOrg;
let author: HttpClient;
let admin: HttpClient;
let learner: HttpClient;
let globexAdmin: HttpClient;

const escalationItem = {
  bankKey: 'professional',
  kind: 'single',
  competency: 'downtime-escalation',
  stem: 'The e-mail service has been down for 30 minutes and the procedure says to inform the site managers. What do you do first?',
  options: [
    { text: 'Send the status update the procedure names, with the next update time.', correct: true, rationale: 'The procedure exists so that people hear from IT before they ask.' },
    { text: 'Wait until the cause is known so the update is accurate.', correct: false, rationale: 'Silence reads as inaction; an update can say the cause is not known yet.' },
    { text: 'Ask the vendor for an estimate before telling anyone.', correct: false, rationale: 'The vendor call runs alongside the update, not before it.' },
  ],
};

const paths = (res: { body: { error: { fields: { path: string }[] } } }) => res.body.error.fields.map((f) => f.path);

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  globex = await createTestOrg(server, 'Globex IT');
  const a = await acme.addPerson('helen-author', ['author']);
  const l = await acme.addPerson('sam-learner', ['learner']);
  author = server.client();
  await author.login(a.email, PASSWORD);
  learner = server.client();
  await learner.login(l.email, PASSWORD);
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
  globexAdmin = server.client();
  await globexAdmin.login(globex.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

describe('who may author items', () => {
  it('refuses learners and lets authors and admins in', async () => {
    expect((await learner.get('/api/v1/items')).status).toBe(403);
    expect((await learner.post('/api/v1/items', escalationItem)).status).toBe(403);
    expect((await author.get('/api/v1/items')).status).toBe(200);
    expect((await admin.get('/api/v1/item-banks')).status).toBe(200);
  });

  it('hides another organisation\'s items as if they did not exist', async () => {
    const created = await author.post('/api/v1/items', { ...escalationItem, itemKey: 'acme-private-1' });
    expect(created.status).toBe(201);
    const res = await globexAdmin.get(`/api/v1/items/${created.body.id}`);
    expect(res.status).toBe(404);
    expect((await globexAdmin.patch(`/api/v1/items/${created.body.id}`, { stem: 'Taken over' })).status).toBe(404);
    expect((await globexAdmin.post(`/api/v1/items/${created.body.id}/publish`)).status).toBe(404);
    expect((await globexAdmin.get('/api/v1/items?q=e-mail')).body.total).toBe(0);
  });
});

describe('drafts, publishing and versions', () => {
  it('edits a draft in place, then versions every edit once published; old versions stay as they were', async () => {
    const draft = await author.post('/api/v1/items', { ...escalationItem, itemKey: 'pro-escalation-email', options: escalationItem.options.map((o, i) => (i === 2 ? { ...o, rationale: '' } : o)) });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.current.options.map((o: { id: string }) => o.id)).toEqual(['A', 'B', 'C']);
    const id = draft.body.id;

    const notYet = await author.post(`/api/v1/items/${id}/publish`);
    expect(notYet.status).toBe(400);
    expect(notYet.body.error.code).toBe('not_publishable');
    expect(paths(notYet)).toEqual(['item.options.2.rationale']);

    const edited = await author.patch(`/api/v1/items/${id}`, { options: escalationItem.options });
    expect(edited.status).toBe(200);
    expect(edited.body.outcome).toBe('updated_draft');
    expect(edited.body.item.currentVersion).toBe(1);
    expect(edited.body.item.versions).toHaveLength(1);

    const published = await author.post(`/api/v1/items/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const v1Id = published.body.current.itemVersionId;

    const same = await author.patch(`/api/v1/items/${id}`, { stem: escalationItem.stem });
    expect(same.body.outcome).toBe('unchanged');

    const v2 = await author.patch(`/api/v1/items/${id}`, { stem: 'E-mail has been down for 30 minutes. What does the escalation procedure ask of you first?', expectedVersion: 1 });
    expect(v2.status).toBe(200);
    expect(v2.body.outcome).toBe('new_version');
    expect(v2.body.item.currentVersion).toBe(2);
    expect(v2.body.item.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(v2.body.item.versions[0].createdByName).toBe('Helen Author');

    const stale = await admin.patch(`/api/v1/items/${id}`, { stem: 'A third wording of the question about the e-mail outage.', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(paths(stale)).toEqual(['body.expectedVersion']);

    const old = await author.get(`/api/v1/items/${id}/versions/1`);
    expect(old.status).toBe(200);
    expect(old.body.stem).toBe(escalationItem.stem);
    expect(old.body.itemVersionId).toBe(v1Id);

    // What exams see through the contract: the current version to draw, any version by id to score.
    const db = server.runtime.ctx.db;
    const drawn = await listPublishedItems(db, acme.orgId, { bankKey: 'professional', competencies: ['downtime-escalation'] });
    expect(drawn.map((d) => [d.itemKey, d.version])).toEqual([['pro-escalation-email', 2]]);
    const both = await loadItemVersions(db, acme.orgId, [v1Id, drawn[0].itemVersionId]);
    expect(both.get(v1Id)?.stem).toBe(escalationItem.stem);
    expect(both.get(drawn[0].itemVersionId)?.stem).toMatch(/^E-mail has been down/);
    expect((await loadItemVersions(db, globex.orgId, [v1Id])).size).toBe(0);
    expect(await countPublishedItems(db, acme.orgId, 'professional')).toEqual({ 'downtime-escalation': { single: 1, multiple: 0, total: 1 } });

    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, 'item'), eq(auditLog.entityId, id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['item.create', 'item.new_version', 'item.publish', 'item.update_draft']);
  });

  it('retires an item: exams stop drawing it, past versions still load, and it can be restored', async () => {
    const created = await author.post('/api/v1/items', { ...escalationItem, itemKey: 'pro-escalation-retire', competency: 'vendor-management', publish: true });
    expect(created.status).toBe(201);
    const db = server.runtime.ctx.db;
    const versionId = created.body.current.itemVersionId;
    expect((await listPublishedItems(db, acme.orgId, { bankKey: 'professional', competencies: ['vendor-management'] })).length).toBe(1);
    const retired = await author.post(`/api/v1/items/${created.body.id}/retire`);
    expect(retired.body.status).toBe('retired');
    expect(retired.body.retiredAt).not.toBeNull();
    expect(await listPublishedItems(db, acme.orgId, { bankKey: 'professional', competencies: ['vendor-management'] })).toEqual([]);
    expect((await loadItemVersions(db, acme.orgId, [versionId])).get(versionId)?.itemKey).toBe('pro-escalation-retire');
    expect((await author.delete(`/api/v1/items/${created.body.id}`)).status).toBe(409);
    const restored = await author.post(`/api/v1/items/${created.body.id}/restore`);
    expect(restored.body.status).toBe('published');
    expect((await listPublishedItems(db, acme.orgId, { bankKey: 'professional', competencies: ['vendor-management'] })).length).toBe(1);
  });

  it('gives simultaneous edits of a published item one version each, none lost', async () => {
    const created = await author.post('/api/v1/items', { ...escalationItem, itemKey: 'pro-concurrent-edits', publish: true });
    const edits = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => (n % 2 ? author : admin).patch(`/api/v1/items/${created.body.id}`, { stem: `Concurrent wording number ${n} of the e-mail outage question.` })),
    );
    expect(edits.map((e) => e.status)).toEqual([200, 200, 200, 200, 200]);
    const detail = await author.get(`/api/v1/items/${created.body.id}`);
    expect(detail.body.versions.map((v: { version: number }) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    const stems = await Promise.all([2, 3, 4, 5, 6].map(async (v) => (await author.get(`/api/v1/items/${created.body.id}/versions/${v}`)).body.stem));
    expect(stems.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `Concurrent wording number ${n} of the e-mail outage question.`));
  });

  it('deletes drafts, which nobody can have answered', async () => {
    const created = await author.post('/api/v1/items', { ...escalationItem, itemKey: 'pro-draft-to-delete' });
    expect((await author.delete(`/api/v1/items/${created.body.id}`)).status).toBe(204);
    expect((await author.get(`/api/v1/items/${created.body.id}`)).status).toBe(404);
  });
});

describe('what makes an item valid', () => {
  it('says which option breaks the single-response rule', async () => {
    const res = await author.post('/api/v1/items', { ...escalationItem, options: escalationItem.options.map((o) => ({ ...o, correct: true })) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_item');
    expect(res.body.error.message).toMatch(/exactly one correct option; it has 3/);
  });

  it('names a close competency when the tag is misspelt', async () => {
    const res = await author.post('/api/v1/items', { ...escalationItem, competency: 'downtime-escalations' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['body.competency']);
    expect(res.body.error.message).toMatch(/did you mean "downtime-escalation"/);
  });

  it('wants two or more correct options and at least one wrong one for multiple response', async () => {
    const one = await author.post('/api/v1/items', { ...escalationItem, kind: 'multiple' });
    expect(one.status).toBe(400);
    expect(one.body.error.message).toMatch(/at least two correct options/);
    const ok = await author.post('/api/v1/items', {
      ...escalationItem,
      kind: 'multiple',
      stem: 'Which two belong in the first status update of an outage? Choose two.',
      options: [
        { text: 'What is affected and who is working on it.', correct: true, rationale: 'People need to know whether it is them and that someone owns it.' },
        { text: 'When the next update will come.', correct: true, rationale: 'A promised time stops the phone calls.' },
        { text: 'The full technical root cause.', correct: false, rationale: 'Usually unknown at this stage; waiting for it delays the update.' },
        { text: 'The name of the engineer who made the change.', correct: false, rationale: 'Blame helps nobody during an outage.' },
      ],
      publish: true,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.kind).toBe('multiple');
  });

  it('rejects a duplicate key and unknown fields', async () => {
    const first = await author.post('/api/v1/items', { ...escalationItem, itemKey: 'pro-duplicate-key' });
    expect(first.status).toBe(201);
    const again = await author.post('/api/v1/items', { ...escalationItem, itemKey: 'pro-duplicate-key' });
    expect(again.status).toBe(409);
    expect(paths(again)).toEqual(['body.itemKey']);
    const extra = await author.post('/api/v1/items', { ...escalationItem, difficulty: 'hard' });
    expect(extra.status).toBe(400);
  });
});

describe('finding items', () => {
  beforeAll(async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await author.post('/api/v1/items', {
        ...escalationItem,
        bankKey: 'executive',
        itemKey: `exe-governance-${i}`,
        competency: i <= 3 ? 'it-governance' : 'negotiation',
        stem: `Governance board question number ${i}: which project goes first when two sponsors disagree?`,
        options: [
          { text: 'The one with the higher business value per dollar.', correct: true, rationale: 'Value is the agreed rule.' },
          { text: `The sponsor who asked first (variant ${i}).`, correct: false, rationale: 'Order of asking is not value.' },
          { text: i === 4 ? 'The cheapest one, by the zebra rule.' : 'The cheapest one.', correct: false, rationale: 'Cheap is not the same as valuable.' },
        ],
        publish: i % 2 === 1,
      });
      expect(res.status).toBe(201);
    }
  });

  it('filters by bank, competency, kind and status, and pages with a stable total', async () => {
    const exec = await author.get('/api/v1/items?bankKey=executive&limit=2');
    expect(exec.body.total).toBe(5);
    expect(exec.body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['exe-governance-1', 'exe-governance-2']);
    const page3 = await author.get('/api/v1/items?bankKey=executive&limit=2&offset=4');
    expect(page3.body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['exe-governance-5']);
    const gov = await author.get('/api/v1/items?bankKey=executive&competency=it-governance&status=published');
    expect(gov.body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['exe-governance-1', 'exe-governance-3']);
    const multi = await author.get('/api/v1/items?kind=multiple');
    expect(multi.body.items.every((i: { kind: string }) => i.kind === 'multiple')).toBe(true);
    expect(multi.body.total).toBe(1);
  });

  it('lists the competencies items may use, with how many published items a bank has for each', async () => {
    const plain = await author.get('/api/v1/item-competencies');
    expect(plain.status).toBe(200);
    // No career framework in this organisation: the default framework's 29 competency ids.
    expect(plain.body.items).toHaveLength(29);
    expect(plain.body.items.find((c: { id: string }) => c.id === 'negotiation')).toEqual({ id: 'negotiation', name: 'negotiation', stage: null, published: null });
    const counted = await author.get('/api/v1/item-competencies?bankKey=executive');
    const published = Object.fromEntries(counted.body.items.map((c: { id: string; published: number }) => [c.id, c.published]));
    expect([published['it-governance'], published.negotiation, published.delegation]).toEqual([2, 1, 0]);
    expect((await author.get('/api/v1/item-competencies?bankKey=Not%20a%20key')).status).toBe(400);
    expect((await author.get('/api/v1/item-competencies?bank=executive')).status).toBe(400);
    expect((await learner.get('/api/v1/item-competencies')).status).toBe(403);
    // Another organisation's bank of the same key is its own: none of ours are counted there.
    const theirs = await globexAdmin.get('/api/v1/item-competencies?bankKey=executive');
    expect(theirs.body.items.every((c: { published: number }) => c.published === 0)).toBe(true);
  });

  it('searches the stem, the key and the options of the current version; wildcards are literal', async () => {
    expect((await author.get('/api/v1/items?q=question%20number%203')).body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['exe-governance-3']);
    expect((await author.get('/api/v1/items?q=zebra')).body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['exe-governance-4']);
    expect((await author.get('/api/v1/items?q=%25')).body.total).toBe(0);
    expect((await author.get('/api/v1/items?q=rationale')).body.total).toBe(0);
    expect((await author.get('/api/v1/items?q=order%20of%20asking')).body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['exe-governance-1', 'exe-governance-2', 'exe-governance-3', 'exe-governance-4', 'exe-governance-5']);
    const bad = await author.get('/api/v1/items?kind=essay');
    expect(bad.status).toBe(400);
  });

  it('counts items per bank and status', async () => {
    const banks = await author.get('/api/v1/item-banks');
    const exec = banks.body.items.find((b: { bankKey: string }) => b.bankKey === 'executive');
    expect(exec.counts).toEqual({ draft: 2, published: 3, retired: 0 });
    expect(exec.title).toBe('Executive certification');
  });
});

describe('scenario sets', () => {
  it('shares a case text; editing it versions the published items and old versions keep the old case', async () => {
    const scenario = await author.post('/api/v1/item-scenarios', {
      bankKey: 'professional',
      scenarioKey: 'pro-scenario-payroll-outage',
      title: 'The payroll server outage',
      caseText: 'At 07:40 on payday the payroll server stops answering. The Expert for the server is on leave.',
    });
    expect(scenario.status).toBe(201);
    const ids: string[] = [];
    for (const [i, stem] of ['Who should own the problem right now?', 'When is the next update due?'].entries()) {
      const res = await author.post('/api/v1/items', { ...escalationItem, itemKey: `pro-payroll-${i + 1}`, stem, scenarioId: scenario.body.id, scenarioPosition: i + 1, publish: true });
      expect(res.status).toBe(201);
      expect(res.body.current.scenario.caseText).toMatch(/^At 07:40/);
      ids.push(res.body.id);
    }
    const other = await author.post('/api/v1/item-scenarios', { bankKey: 'executive', title: 'Another bank', caseText: 'Text.' });
    const wrongBank = await author.patch(`/api/v1/items/${ids[0]}`, { scenarioId: other.body.id });
    expect(wrongBank.status).toBe(400);
    expect(paths(wrongBank)).toEqual(['body.scenarioId']);

    const edited = await author.patch(`/api/v1/item-scenarios/${scenario.body.id}`, { caseText: 'At 07:40 on payday the payroll server stops answering. The Expert is on a flight until noon.' });
    expect(edited.status).toBe(200);
    expect(edited.body.itemsVersioned).toBe(2);
    expect(edited.body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['pro-payroll-1', 'pro-payroll-2']);
    const now = await author.get(`/api/v1/items/${ids[0]}`);
    expect(now.body.currentVersion).toBe(2);
    expect(now.body.current.scenario.caseText).toMatch(/on a flight/);
    const before = await author.get(`/api/v1/items/${ids[0]}/versions/1`);
    expect(before.body.scenario.caseText).toMatch(/on leave/);

    const drawn = await listPublishedItems(server.runtime.ctx.db, acme.orgId, { bankKey: 'professional', competencies: ['downtime-escalation'] });
    const set = drawn.filter((d) => d.scenario?.key === 'pro-scenario-payroll-outage');
    expect(set.map((d) => [d.itemKey, d.scenario?.position])).toEqual([
      ['pro-payroll-1', 1],
      ['pro-payroll-2', 2],
    ]);
    const list = await author.get('/api/v1/item-scenarios?bankKey=professional');
    expect(list.body.items.find((s: { id: string }) => s.id === scenario.body.id).itemCount).toBe(2);
    expect((await globexAdmin.get(`/api/v1/item-scenarios/${scenario.body.id}`)).status).toBe(404);
  });
});

describe('scoring and delivery helpers of the contract', () => {
  const version = {
    options: [
      { id: 'A', text: 'a', correct: true, rationale: 'r' },
      { id: 'B', text: 'b', correct: true, rationale: 'r' },
      { id: 'C', text: 'c', correct: false, rationale: 'r' },
    ],
  };
  it('scores all or nothing', () => {
    expect(scoreAnswer(version, ['B', 'A'])).toBe(1);
    expect(scoreAnswer(version, ['A'])).toBe(0);
    expect(scoreAnswer(version, ['A', 'B', 'C'])).toBe(0);
    expect(scoreAnswer(version, ['A', 'A'])).toBe(0);
    expect(scoreAnswer(version, [])).toBe(0);
  });
  it('strips the key and rationales for candidates', () => {
    const view = candidateView({ itemVersionId: 'v', itemId: 'i', itemKey: 'k', bankKey: 'b', version: 1, kind: 'multiple', competency: 'c', stem: 's', options: version.options, scenario: null });
    expect(JSON.stringify(view)).not.toMatch(/correct|rationale/);
    expect(view.options).toEqual([
      { id: 'A', text: 'a' },
      { id: 'B', text: 'b' },
      { id: 'C', text: 'c' },
    ]);
  });
});
