import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg } from '../../../test/support/fixtures.js';
import { editFile, smallPack, withFiles, zipOf } from '../../../test/support/packs.js';
import { importPack, PackInvalidError } from './import-pack.js';
import { exportPack } from './export-pack.js';
import { readPackZip } from './pack/read-files.js';
import { validatePack } from './pack/validate.js';
import { formatProblem } from './pack/problems.js';
import { contentPacks, learningPaths, lessons, tips } from './schema.js';
import { competencies, jobRoles } from '../framework/schema.js';
import { auditLog } from '../audit/schema.js';
import type { PackFiles } from './pack/read-files.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const db = () => server.runtime.ctx.db;
const A01 = 'lessons/people/a01-listening-first.md';
const A03 = 'lessons/people/a03-escalation-timings.md';

async function rowCounts(orgId: string) {
  const count = async (table: string) => Number(((await db().execute(sql`select count(*)::int as n from ${sql.raw(table)} where org_id = ${orgId}`)).rows[0] as { n: number }).n);
  const tables = ['content_packs', 'lessons', 'learning_paths', 'tips', 'career_levels', 'training_stages', 'competencies', 'job_roles', 'proficiency_levels'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
}

async function importProblems(orgId: string, files: PackFiles): Promise<string[]> {
  try {
    await importPack(db(), { orgId, actor: null }, files);
  } catch (err) {
    if (err instanceof PackInvalidError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('the import was expected to fail');
}

const lessonRows = (orgId: string) => db().select().from(lessons).where(eq(lessons.orgId, orgId)).orderBy(asc(lessons.lessonKey));

/** Version 1.1.0 of the small pack: a01 changed, a03 dropped, a04 new. */
async function upgradedPack(): Promise<PackFiles> {
  let files = await smallPack();
  files = editFile(files, 'pack.yaml', (t) => t.replace('version: 1.0.0', 'version: 1.1.0'));
  files = editFile(files, A01, (t) => t.replace('cheaper and quicker than the thing requested.', 'cheaper and quicker than the thing requested, and sometimes free.'));
  const a04 = files.files.get(A03)!.replace('id: a03-escalation-timings', 'id: a04-status-updates').replace('title: Escalation timings that keep managers informed', 'title: Status updates during an outage');
  files = withFiles(files, { [A03]: null, 'lessons/people/a04-status-updates.md': a04 });
  return editFile(files, 'paths/first-steps.yaml', (t) => t.replace('lessons: [a03-escalation-timings]', 'lessons: [a04-status-updates]'));
}

describe('importing a pack', () => {
  it('imports nothing from an invalid pack, and says every problem', async () => {
    const org = await createTestOrg(server, 'Invalid Import IT');
    const before = await rowCounts(org.orgId);
    const broken = editFile(editFile(await smallPack(), A01, (t) => t.replace('minutes: 15', 'minutes: 0')), 'paths/first-steps.yaml', (t) => t.replace('a02-handing-work-over]', 'a02-handing-work-over, a99-nowhere]'));
    expect(await importProblems(org.orgId, broken)).toEqual([`${A01}:4: minutes: must be from 5 to 60`, 'paths/first-steps.yaml:9: lesson "a99-nowhere" is neither in the pack nor installed']);
    expect(await rowCounts(org.orgId)).toEqual(before);
    expect(Object.values(before).every((n) => n === 0)).toBe(true);
  });

  it('imports framework, lessons, paths and tips, and audits it', async () => {
    const org = await createTestOrg(server, 'First Import IT');
    const summary = await importPack(db(), { orgId: org.orgId, actor: null }, await smallPack());
    expect(summary.lessons).toEqual({ created: 3, updated: 0, unchanged: 0, retired: 0, restored: 0 });
    expect(summary.paths.created).toBe(1);
    expect(summary.tips.created).toBe(2);
    expect(summary.framework).toEqual({ added: 4 + 3 + 2 + 3 + 1, updated: 0, unchanged: 0, keptOrgEdits: 0 });
    expect(await rowCounts(org.orgId)).toEqual({ content_packs: 1, lessons: 3, learning_paths: 1, tips: 2, career_levels: 3, training_stages: 2, competencies: 3, job_roles: 1, proficiency_levels: 4 });
    const [a01] = await lessonRows(org.orgId);
    expect(a01).toMatchObject({ lessonKey: 'a01-listening-first', revision: 1, retiredAt: null, stage: 'foundations', sourcePath: A01, minutes: 15 });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, 'content_pack.import')));
    expect(audit.entityId).toBe(summary.pack.id);
  });

  it('upgrades in place: ids kept, changed lessons get a new revision, dropped ones are retired, a lower version is refused', async () => {
    const org = await createTestOrg(server, 'Upgrade IT');
    await importPack(db(), { orgId: org.orgId, actor: null }, await smallPack());
    const before = new Map((await lessonRows(org.orgId)).map((l) => [l.lessonKey, l]));
    const [pathBefore] = await db().select().from(learningPaths).where(eq(learningPaths.orgId, org.orgId));

    const summary = await importPack(db(), { orgId: org.orgId, actor: null }, await upgradedPack());
    expect(summary.pack).toMatchObject({ version: '1.1.0', previousVersion: '1.0.0' });
    expect(summary.lessons).toEqual({ created: 1, updated: 1, unchanged: 1, retired: 1, restored: 0 });
    expect(summary.updatedLessons).toEqual(['a01-listening-first']);
    expect(summary.retiredLessons).toEqual(['a03-escalation-timings']);

    const after = new Map((await lessonRows(org.orgId)).map((l) => [l.lessonKey, l]));
    expect(after.get('a01-listening-first')).toMatchObject({ id: before.get('a01-listening-first')!.id, revision: 2, retiredAt: null });
    expect(after.get('a01-listening-first')!.bodyMarkdown).toContain('sometimes free');
    expect(after.get('a02-handing-work-over')).toMatchObject({ id: before.get('a02-handing-work-over')!.id, revision: 1, updatedAt: before.get('a02-handing-work-over')!.updatedAt });
    expect(after.get('a03-escalation-timings')).toMatchObject({ id: before.get('a03-escalation-timings')!.id, revision: 1 });
    expect(after.get('a03-escalation-timings')!.retiredAt).toBeInstanceOf(Date);
    expect(after.get('a04-status-updates')).toMatchObject({ revision: 1, retiredAt: null });
    const [pathAfter] = await db().select().from(learningPaths).where(eq(learningPaths.orgId, org.orgId));
    expect(pathAfter.id).toBe(pathBefore.id);
    expect(pathAfter.sections[1].lessonKeys).toEqual(['a04-status-updates']);

    // Back to 1.0.0: refused, and nothing changes.
    expect(await importProblems(org.orgId, await smallPack())).toEqual(['pack.yaml:3: version 1.0.0 is lower than the installed 1.1.0; raise the version to upgrade']);
    expect((await lessonRows(org.orgId)).map((l) => [l.lessonKey, l.revision, !!l.retiredAt])).toEqual([
      ['a01-listening-first', 2, false],
      ['a02-handing-work-over', 1, false],
      ['a03-escalation-timings', 1, true],
      ['a04-status-updates', 1, false],
    ]);

    // 1.2.0 brings a03 back unchanged: restored, same row, same revision.
    const restored = withFiles(editFile(await smallPack(), 'pack.yaml', (t) => t.replace('version: 1.0.0', 'version: 1.2.0')), {});
    const third = await importPack(db(), { orgId: org.orgId, actor: null }, restored);
    expect(third.lessons).toMatchObject({ restored: 1, retired: 1, updated: 1 });
    const final = new Map((await lessonRows(org.orgId)).map((l) => [l.lessonKey, l]));
    expect(final.get('a03-escalation-timings')).toMatchObject({ id: before.get('a03-escalation-timings')!.id, retiredAt: null, revision: 1 });
    expect(final.get('a01-listening-first')!.revision).toBe(3);
    expect(final.get('a04-status-updates')!.retiredAt).toBeInstanceOf(Date);
  });

  it('re-importing the same version changes nothing; the same version with different content is refused', async () => {
    const org = await createTestOrg(server, 'Same Version IT');
    await importPack(db(), { orgId: org.orgId, actor: null }, await smallPack());
    const again = await importPack(db(), { orgId: org.orgId, actor: null }, await smallPack());
    expect(again.lessons).toEqual({ created: 0, updated: 0, unchanged: 3, retired: 0, restored: 0 });
    const edited = editFile(await smallPack(), A01, (t) => t.replace('Listening before answering', 'Listen before you answer'));
    expect(await importProblems(org.orgId, edited)).toEqual(['pack.yaml:3: version 1.0.0 is already installed and this pack differs from it; raise the version to upgrade']);
    expect((await lessonRows(org.orgId))[0].title).toBe('Listening before answering');
  });

  it('keeps the organisation’s edits to the framework on upgrade and takes the pack’s text elsewhere', async () => {
    const org = await createTestOrg(server, 'Framework Edits IT');
    await importPack(db(), { orgId: org.orgId, actor: null }, await smallPack());
    const admin = server.client();
    await admin.login(org.admin.email, 'correct-horse-battery');
    const edit = await admin.patch('/api/v1/framework/competencies/listening', { description: 'Our words: hear the need first.' });
    expect(edit.status).toBe(200);
    expect(edit.body.orgEdited).toBe(true);
    expect((await admin.delete('/api/v1/framework/job-roles/it-manager')).status).toBe(204);

    let v2 = editFile(await smallPack(), 'pack.yaml', (t) => t.replace('version: 1.0.0', 'version: 2.0.0'));
    v2 = editFile(v2, 'framework.yaml', (t) =>
      t
        .replace('description: Hears the need behind a request before answering it.', 'description: Listens for the need behind each request.')
        .replace('description: Hands work over so that it stays handed over.', 'description: Hands work over for good.')
        .replace('jobRoles:', '  - id: budgeting\n    name: Budgeting\n    stage: new-manager\n    description: Builds and tracks a team budget.\n    targets: { it_manager: 2 }\njobRoles:'),
    );
    const summary = await importPack(db(), { orgId: org.orgId, actor: null }, v2);
    expect(summary.framework).toEqual({ added: 1, updated: 1, unchanged: 10, keptOrgEdits: 2 });
    // The removed job role stays removed; adding it again in the web app brings it back.
    expect((await admin.get('/api/v1/framework')).body.jobRoles).toEqual([]);
    const again = await admin.post('/api/v1/framework/job-roles', { id: 'it-manager', title: 'IT manager', level: 'it_manager' });
    expect(again.status).toBe(201);
    expect((await admin.get('/api/v1/framework')).body.jobRoles.map((r: { id: string }) => r.id)).toEqual(['it-manager']);
    const rows = await db().select().from(competencies).where(eq(competencies.orgId, org.orgId)).orderBy(asc(competencies.position));
    expect(rows.map((c) => [c.competencyKey, c.description])).toEqual([
      ['listening', 'Our words: hear the need first.'],
      ['delegation', 'Hands work over for good.'],
      ['escalation', 'Plans who does what, and when, during an outage.'],
      ['budgeting', 'Builds and tracks a team budget.'],
    ]);
  });

  it('refuses ids another pack already uses, and needs a framework from somewhere', async () => {
    const org = await createTestOrg(server, 'Two Packs IT');
    const frameworkless = withFiles(editFile(await smallPack(), 'pack.yaml', (t) => t.replace('id: small-test-pack', 'id: other-pack')), { 'framework.yaml': null });
    expect(await importProblems(org.orgId, frameworkless)).toEqual([
      'pack.yaml:1: the organisation has no career framework yet and this pack brings none: import a pack with a framework.yaml first (the default pack has one)',
    ]);
    await importPack(db(), { orgId: org.orgId, actor: null }, await smallPack());
    expect(await importProblems(org.orgId, frameworkless)).toEqual([
      'lessons/people/a01-listening-first.md:2: lesson id "a01-listening-first" is already used by pack "small-test-pack"; lesson ids are unique across an organisation\'s packs',
      'lessons/people/a02-handing-work-over.md:2: lesson id "a02-handing-work-over" is already used by pack "small-test-pack"; lesson ids are unique across an organisation\'s packs',
      'lessons/people/a03-escalation-timings.md:2: lesson id "a03-escalation-timings" is already used by pack "small-test-pack"; lesson ids are unique across an organisation\'s packs',
      'paths/first-steps.yaml:1: path id "first-steps" is already used by pack "small-test-pack"',
      'tips/tips.yaml:1: tip id "tip-listen-01" is already used by pack "small-test-pack"',
      'tips/tips.yaml:5: tip id "tip-delegate-01" is already used by pack "small-test-pack"',
    ]);
    // A second pack that only adds a lesson may use the installed framework and lessons.
    const addOn = new Map([
      ['pack.yaml', 'id: add-on\nname: Add-on\nversion: 0.1.0\n'],
      ['paths/more.yaml', 'id: more\ntitle: More\nsummary: Built on the small pack.\nfromLevel: tech_lead\ntoLevel: it_manager\nsections:\n  - title: All\n    lessons: [a01-listening-first]\n'],
    ]);
    const added = await importPack(db(), { orgId: org.orgId, actor: null }, { files: addOn, problems: [] });
    expect(added.paths.created).toBe(1);
    expect(added.framework).toBeNull();
  });

  it('previews without writing on a dry run', async () => {
    const org = await createTestOrg(server, 'Dry Run IT');
    const preview = await importPack(db(), { orgId: org.orgId, actor: null }, await smallPack(), { dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, lessons: { created: 3 }, pack: { id: null, previousVersion: null } });
    expect(Object.values(await rowCounts(org.orgId)).every((n) => n === 0)).toBe(true);
  });

  it('reports import progress per step', async () => {
    const org = await createTestOrg(server, 'Progress IT');
    const seen: string[] = [];
    await importPack(db(), { orgId: org.orgId, actor: null }, await smallPack(), { onProgress: (step, done, total) => seen.push(`${step} ${done}/${total}`) });
    expect(seen).toEqual(['lessons 3/3', 'paths 1/1', 'tips 2/2']);
  });
});

describe('exporting a pack', () => {
  it('round-trips: export, validate, import elsewhere, export again gives the same files and content', async () => {
    const orgA = await createTestOrg(server, 'Round Trip A');
    const orgB = await createTestOrg(server, 'Round Trip B');
    await importPack(db(), { orgId: orgA.orgId, actor: null }, await upgradedPack());
    const exported = await exportPack(db(), orgA.orgId, 'small-test-pack');
    expect([...exported.keys()]).toEqual(['framework.yaml', 'lessons/people/a01-listening-first.md', 'lessons/people/a02-handing-work-over.md', 'lessons/people/a04-status-updates.md', 'pack.yaml', 'paths/first-steps.yaml', 'tips/tips.yaml']);
    expect(validatePack({ files: exported, problems: [] }).problems).toEqual([]);

    // Through a zip, as an admin would download and upload it.
    await importPack(db(), { orgId: orgB.orgId, actor: null }, readPackZip(zipOf(exported)));
    expect(await exportPack(db(), orgB.orgId, 'small-test-pack')).toEqual(exported);

    const fields = (rows: (typeof lessons.$inferSelect)[]) => rows.filter((l) => !l.retiredAt).map(({ id: _i, orgId: _o, packId: _p, createdAt: _c, updatedAt: _u, revision: _r, retiredAt: _t, searchVector: _s, ...rest }) => rest);
    expect(fields(await lessonRows(orgB.orgId))).toEqual(fields(await lessonRows(orgA.orgId)));
    const tipsOf = async (orgId: string) => (await db().select().from(tips).where(eq(tips.orgId, orgId)).orderBy(asc(tips.tipKey))).map((t) => [t.tipKey, t.stage, t.title, t.bodyMarkdown, t.contentHash]);
    expect(await tipsOf(orgB.orgId)).toEqual(await tipsOf(orgA.orgId));
    const rolesOf = async (orgId: string) => (await db().select().from(jobRoles).where(eq(jobRoles.orgId, orgId))).map((r) => [r.roleKey, r.title, r.levelKey, r.summary, r.requirements]);
    expect(await rolesOf(orgB.orgId)).toEqual(await rolesOf(orgA.orgId));
    // Re-importing the export where it came from is "the same version, unchanged".
    const again = await importPack(db(), { orgId: orgA.orgId, actor: null }, { files: exported, problems: [] });
    expect(again.lessons).toEqual({ created: 0, updated: 0, unchanged: 3, retired: 0, restored: 0 });
    const [packRow] = await db().select().from(contentPacks).where(eq(contentPacks.orgId, orgB.orgId));
    expect(packRow.version).toBe('1.1.0');
  });
});
