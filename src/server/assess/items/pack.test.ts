import { examAttempts, exams } from '../exams/contract.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../../test/support/fixtures.js';
import { organisations } from '../../org/schema.js';
import { DEMO_SLUG, seedDemo } from '../../demo/seed.js';
import { DEFAULT_COMPETENCIES } from './competencies.js';
import { itemBanks, listPublishedItems } from './contract.js';
import { loadDefaultItemBanks } from './demo-banks.js';
import { defaultPackDir, importItemBanksFromPack, PackItemsInvalid } from './pack-import.js';
import { readBankFile, readPackItems } from './pack-reader.js';

const known = new Set<string>(DEFAULT_COMPETENCIES);
const tempDirs: string[] = [];

function option(text: string, correct: boolean, rationale = `Because ${text.toLowerCase()}`) {
  return [`      - text: ${text}`, `        correct: ${correct}`, `        rationale: ${rationale}`];
}

/**
 * A small, valid bank file: two items and a scenario set of two. Lines: 3 first item, 17 second
 * item, 32 scenario, 36 and 50 its items (each item is 5 lines plus 3 options of 3 lines).
 */
function bankFile(bank: string, prefix: string, stemOfFirst = 'Which promise keeps credibility with a client department?') {
  return [
    `bank: ${bank}`,
    'items:',
    `  - id: ${prefix}-001`,
    '    kind: single',
    '    competency: capacity-planning',
    `    stem: ${stemOfFirst}`,
    '    options:',
    ...option('Promise 100 hours and deliver 110', true),
    ...option('Promise 160 hours and hope', false),
    ...option('Promise nothing at all', false),
    `  - id: ${prefix}-002`,
    '    kind: multiple',
    '    competency: vendor-management',
    '    stem: Which two belong in a vendor escalation? Choose two.',
    '    options:',
    ...option('The contract clause', true),
    ...option('Your own ticket timestamps', true),
    ...option('A rumour from another customer', false),
    'scenarios:',
    `  - id: ${prefix}-scenario-outage`,
    '    title: The payroll outage',
    '    case: At 07:40 on payday the payroll server stops answering.',
    '    items:',
    `      - id: ${prefix}-scenario-outage-1`,
    '        kind: single',
    '        competency: downtime-escalation',
    '        stem: Who owns the problem now?',
    '        options:',
    ...option('The Expert for payroll', true).map((l) => `    ${l}`),
    ...option('The vendor', false).map((l) => `    ${l}`),
    ...option('The service desk', false).map((l) => `    ${l}`),
    `      - id: ${prefix}-scenario-outage-2`,
    '        kind: single',
    '        competency: downtime-escalation',
    '        stem: When is the next status update due?',
    '        options:',
    ...option('At the time the last update promised', true).map((l) => `    ${l}`),
    ...option('When the cause is known', false).map((l) => `    ${l}`),
    ...option('Only at resolution', false).map((l) => `    ${l}`),
    '',
  ].join('\n');
}

function makePack(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mw-pack-'));
  tempDirs.push(dir);
  writeFileSync(join(dir, 'pack.yaml'), 'id: test-pack\nname: Test pack\nversion: 1.0.0\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('reading bank files', () => {
  it('reports each problem with its file and line', () => {
    const lines = [
      /* 1 */ 'bank: professional',
      /* 2 */ 'items:',
      /* 3 */ '  - id: pro-bad-001',
      /* 4 */ '    kind: single',
      /* 5 */ '    competency: capacity-planing',
      /* 6 */ '    stem: Which promise is safest?',
      /* 7 */ '    options:',
      /* 8 */ '      - text: Promise less',
      /* 9 */ '        correct: true',
      /* 10 */ '        rationale: Slack absorbs surprises.',
      /* 11 */ '      - text: Promise more',
      /* 12 */ '        correct: yes please',
      /* 13 */ '        rationale: Overpromising fails.',
      /* 14 */ '      - text: Promise nothing',
      /* 15 */ '        correct: false',
      /* 16 */ '  - id: pro-bad-002',
      /* 17 */ '    kind: multiple',
      /* 18 */ '    competency: capacity-planning',
      /* 19 */ '    stem: Pick the right ones.',
      /* 20 */ '    colour: blue',
      /* 21 */ '    options:',
      /* 22 */ '      - { text: One, correct: true, rationale: r1 }',
      /* 23 */ '      - { text: Two, correct: true, rationale: r2 }',
      /* 24 */ '      - { text: Three, correct: false, rationale: r3 }',
      /* 25 */ '  - id: Pro Bad 3',
      /* 26 */ '    kind: essay',
    ];
    const { problems } = readBankFile('items/professional/bad.yaml', lines.join('\n'), 'professional', known);
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '5: item pro-bad-001: "capacity-planing" is not a competency of the framework (did you mean "capacity-planning"?); use one of: ' + [...known].join(', '),
      '12: item pro-bad-001: option 2: correct must be true or false',
      '14: item pro-bad-001: option 3 has no rationale; every option needs one',
      '20: The item has an unknown field "colour"; allowed: id, kind, competency, stem, options',
      '19: item pro-bad-002: a multiple item must say in its stem how many to choose ("Choose two.")',
      '25: id "Pro Bad 3": use lowercase letters, digits and hyphens',
      '26: item Pro Bad 3: kind must be "single" or "multiple", not "essay"',
      '25: item Pro Bad 3: competency is missing',
      '25: item Pro Bad 3: stem is missing or empty',
      '25: item Pro Bad 3: options must be a list of 3 to 5 options',
    ]);
  });

  it('reports YAML syntax errors and a bank that does not match its folder', () => {
    const broken = readBankFile('items/professional/x.yaml', 'bank: professional\nitems:\n  - id: a\n   kind: single\n', 'professional', known);
    expect(broken.problems[0].line).toBe(4);
    expect(broken.problems[0].message).toMatch(/^YAML: /);
    const wrongBank = readBankFile('items/professional/y.yaml', bankFile('executive', 'exe-x'), 'professional', known);
    expect(wrongBank.problems).toEqual([{ file: 'items/professional/y.yaml', line: 1, message: 'bank is "executive" but the file is in folder items/professional/; they must match' }]);
  });

  it('finds ids used twice across files', () => {
    const dir = makePack({ 'items/professional/a.yaml': bankFile('professional', 'pro-dup'), 'items/professional/b.yaml': bankFile('professional', 'pro-dup') });
    const read = readPackItems(dir, known);
    expect(read.problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([
      'items/professional/b.yaml:3 item id pro-dup-001 is already used at items/professional/a.yaml:3',
      'items/professional/b.yaml:17 item id pro-dup-002 is already used at items/professional/a.yaml:17',
      'items/professional/b.yaml:36 item id pro-dup-scenario-outage-1 is already used at items/professional/a.yaml:36',
      'items/professional/b.yaml:50 item id pro-dup-scenario-outage-2 is already used at items/professional/a.yaml:50',
      'items/professional/b.yaml:32 scenario id pro-dup-scenario-outage is already used at items/professional/a.yaml:32',
    ]);
  });
});

let server: TestServer;
let acme: TestOrg;

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
});
afterAll(async () => {
  await server?.close();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe('importing a pack\'s banks', () => {
  it('imports nothing when any file has a problem', async () => {
    const dir = makePack({ 'items/professional/good.yaml': bankFile('professional', 'pro-good'), 'items/executive/bad.yaml': 'bank: executive\nitems:\n  - id: exe-1\n    kind: single\n' });
    const err = await importItemBanksFromPack(server.runtime.ctx.db, dir, acme.orgId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackItemsInvalid);
    expect((err as PackItemsInvalid).problems[0]).toMatchObject({ file: 'items/executive/bad.yaml', line: 3 });
    expect(await listPublishedItems(server.runtime.ctx.db, acme.orgId, { bankKey: 'professional' })).toEqual([]);
  });

  it('is idempotent by item id; a changed item gets a new version; an author\'s later edit is not undone', async () => {
    const db = server.runtime.ctx.db;
    const dir = makePack({ 'items/professional/a.yaml': bankFile('professional', 'pro-t') });
    const first = await importItemBanksFromPack(db, dir, acme.orgId);
    expect(first.banks).toEqual([{ bankKey: 'professional', created: 4, newVersion: 0, updatedDraft: 0, unchanged: 0 }]);
    expect(first.items.map((i) => [i.itemKey, i.line])).toEqual([
      ['pro-t-001', 3],
      ['pro-t-002', 17],
      ['pro-t-scenario-outage-1', 36],
      ['pro-t-scenario-outage-2', 50],
    ]);
    const drawn = await listPublishedItems(db, acme.orgId, { bankKey: 'professional' });
    expect(drawn.map((d) => [d.itemKey, d.kind, d.scenario?.title ?? null])).toEqual([
      ['pro-t-001', 'single', null],
      ['pro-t-scenario-outage-1', 'single', 'The payroll outage'],
      ['pro-t-scenario-outage-2', 'single', 'The payroll outage'],
      ['pro-t-002', 'multiple', null],
    ]);

    const again = await importItemBanksFromPack(db, dir, acme.orgId);
    expect(again.banks[0]).toMatchObject({ created: 0, newVersion: 0, unchanged: 4 });

    writeFileSync(join(dir, 'items/professional/a.yaml'), bankFile('professional', 'pro-t', 'Which commitment keeps credibility with a client department?'));
    const changed = await importItemBanksFromPack(db, dir, acme.orgId);
    expect(changed.items.filter((i) => i.action !== 'unchanged').map((i) => [i.itemKey, i.action])).toEqual([['pro-t-001', 'new_version']]);
    const now = await listPublishedItems(db, acme.orgId, { bankKey: 'professional', competencies: ['capacity-planning'] });
    expect(now.map((d) => [d.version, d.stem])).toEqual([[2, 'Which commitment keeps credibility with a client department?']]);

    // An author improves the item in the app; re-importing the unchanged pack keeps the author's text.
    const author = server.client();
    await author.login((await acme.addPerson('pack-author', ['author'])).email, PASSWORD);
    const edited = await author.patch(`/api/v1/items/${now[0].itemId}`, { stem: 'Which commitment protects your credibility with a client department?' });
    expect(edited.body.outcome).toBe('new_version');
    const kept = await importItemBanksFromPack(db, dir, acme.orgId);
    expect(kept.banks[0]).toMatchObject({ newVersion: 0, unchanged: 4 });
    const after = await listPublishedItems(db, acme.orgId, { bankKey: 'professional', competencies: ['capacity-planning'] });
    expect(after.map((d) => d.version)).toEqual([3]);

    // Dropping an item from the pack leaves it alone and says so.
    writeFileSync(join(dir, 'items/professional/a.yaml'), bankFile('professional', 'pro-t').replace(/  - id: pro-t-002[\s\S]*?(?=scenarios:)/, ''));
    const dropped = await importItemBanksFromPack(db, dir, acme.orgId);
    expect(dropped.notInPack).toEqual(['pro-t-002']);
  });
});

describe('the default banks', () => {
  const packDir = defaultPackDir();

  it('ships a pack folder the server can find, and every bank file in it is valid', () => {
    expect(packDir).not.toBeNull();
    const read = readPackItems(packDir!, known);
    expect(read.problems).toEqual([]);
    // Count the item ids in the files themselves, independently of the reader.
    let ids = 0;
    for (const bank of readdirSync(join(packDir!, 'items'))) {
      for (const f of readdirSync(join(packDir!, 'items', bank))) ids += (readFileSync(join(packDir!, 'items', bank, f), 'utf8').match(/^\s*- id: /gm) ?? []).length;
    }
    const scenarios = read.banks.reduce((n, b) => n + b.scenarios.length, 0);
    const items = read.banks.reduce((n, b) => n + b.items.length + b.scenarios.reduce((m, s) => m + s.items.length, 0), 0);
    expect(items + scenarios).toBe(ids);
    expect(items).toBeGreaterThan(0);
  });

  it('seeds the demo organisation with them, and does so again after they appear', async () => {
    const ctx = { ...server.runtime.ctx, log: pino({ level: 'silent' }) };
    const created = await seedDemo(ctx);
    expect(created).toBe(true);
    const [demo] = await ctx.db.select().from(organisations).where(eq(organisations.slug, DEMO_SLUG));
    const read = readPackItems(packDir!, known);
    const expectAllBanks = async () => {
      for (const bank of read.banks) {
        const drawn = await listPublishedItems(ctx.db, demo.id, { bankKey: bank.bankKey });
        expect(drawn.length, bank.bankKey).toBe(bank.items.length + bank.scenarios.reduce((m, s) => m + s.items.length, 0));
      }
    };
    await expectAllBanks();
    // A demo created before the pack had item banks (simulated by removing them) gets them on the next start.
    // The demo's exams and the candidate's attempt use those items, so they go first.
    await ctx.db.delete(examAttempts).where(eq(examAttempts.orgId, demo.id));
    await ctx.db.delete(exams).where(eq(exams.orgId, demo.id));
    await ctx.db.delete(itemBanks).where(eq(itemBanks.orgId, demo.id));
    expect(await listPublishedItems(ctx.db, demo.id, { bankKey: read.banks[0].bankKey })).toEqual([]);
    expect(await seedDemo(ctx)).toBe(false);
    await expectAllBanks();
  });

  it('skips with a log line when the folder is absent, and loads only into an organisation without banks', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
    const ctx = { ...server.runtime.ctx, log };
    const empty = await createTestOrg(server, 'No Banks IT');
    expect(await loadDefaultItemBanks(ctx, empty.orgId, { packDir: null })).toBe(false);
    expect(lines.some((l) => l.includes('default item banks not found'))).toBe(true);
    expect(await loadDefaultItemBanks(ctx, acme.orgId, { onlyIfEmpty: true })).toBe(false);
    expect(await loadDefaultItemBanks(ctx, empty.orgId, { onlyIfEmpty: true })).toBe(true);
  });

  it('loads through the API for authors, idempotently', async () => {
    const org = await createTestOrg(server, 'Api Banks IT');
    const author = server.client();
    await author.login((await org.addPerson('api-author', ['author'])).email, PASSWORD);
    const first = await author.post('/api/v1/item-banks/load-defaults');
    expect(first.status).toBe(200);
    expect(first.body.banks.every((b: { created: number }) => b.created > 0)).toBe(true);
    const second = await author.post('/api/v1/item-banks/load-defaults');
    expect(second.body.banks.every((b: { created: number; unchanged: number }) => b.created === 0 && b.unchanged > 0)).toBe(true);
    const banks = await author.get('/api/v1/item-banks');
    expect(banks.body.items.map((b: { bankKey: string }) => b.bankKey)).toEqual(first.body.banks.map((b: { bankKey: string }) => b.bankKey).sort());
  });
});
