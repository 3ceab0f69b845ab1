import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, type TestOrg } from '../../../test/support/fixtures.js';
import { editFile, smallPack, zipOf } from '../../../test/support/packs.js';
import { createSession } from '../identity/sessions.js';
import { exportPack } from './export-pack.js';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
const cookies: Record<'admin' | 'author' | 'learner' | 'otherAdmin', string> = { admin: '', author: '', learner: '', otherAdmin: '' };

beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server, 'Pack Upload IT');
  other = await createTestOrg(server, 'Other Upload IT');
  const db = server.runtime.ctx.db;
  const session = async (personId: string) => `mw_session=${(await createSession(db, personId, 1, 'pack upload test')).token}`;
  cookies.admin = await session(org.admin.id);
  cookies.author = await session((await org.addPerson('pack-author', ['author'])).id);
  cookies.learner = await session((await org.addPerson('pack-learner', ['learner'])).id);
  cookies.otherAdmin = await session(other.admin.id);
});
afterAll(async () => server?.close());

async function upload(path: string, who: keyof typeof cookies, zip: Uint8Array, as: 'multipart' | 'raw' = 'multipart') {
  let body: BodyInit;
  const headers: Record<string, string> = { cookie: cookies[who] };
  if (as === 'multipart') {
    const form = new FormData();
    form.append('file', new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), 'pack.zip');
    body = form;
  } else {
    body = zip as Uint8Array<ArrayBuffer>;
    headers['content-type'] = 'application/zip';
  }
  const res = await fetch(`${server.url}/api/v1/admin/content-packs/${path}`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json() };
}

describe('uploading a zipped pack', () => {
  it('validates without importing, with a preview of the changes', async () => {
    const res = await upload('validate', 'admin', zipOf((await smallPack()).files));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, problems: [], preview: { dryRun: true, pack: { key: 'small-test-pack', version: '1.0.0', id: null }, lessons: { created: 3 } } });
    const list = await fetch(`${server.url}/api/v1/admin/content-packs`, { headers: { cookie: cookies.admin } });
    expect((await list.json()).items).toEqual([]);
  });

  it('reports every problem of an invalid pack with file and line', async () => {
    const broken = editFile(await smallPack(), 'lessons/people/a02-handing-work-over.md', (t) => t.replace('stage: new-manager', 'stage: middle-management').replace('tool: activity-log', 'tool: spreadsheet'));
    const res = await upload('validate', 'admin', zipOf(broken.files));
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toEqual([
      { file: 'lessons/people/a02-handing-work-over.md', line: 5, message: 'stage "middle-management" is not in the framework. Known stages: "foundations", "new-manager".' },
      {
        file: 'lessons/people/a02-handing-work-over.md',
        line: 37,
        message: 'applyIt.tool: must be a toolkit tool: escalation-binder, live-incidents, project-portfolio, capacity-planner, client-interviews, activity-log, assessment-action-plan, change-communication, ten-habits',
      },
    ]);
    const imported = await upload('import', 'admin', zipOf(broken.files));
    expect(imported.status).toBe(400);
    expect(imported.body.error.code).toBe('pack_invalid');
    expect(imported.body.error.fields).toEqual([
      { path: 'lessons/people/a02-handing-work-over.md:5', message: 'stage "middle-management" is not in the framework. Known stages: "foundations", "new-manager".' },
      { path: 'lessons/people/a02-handing-work-over.md:37', message: expect.stringContaining('applyIt.tool: must be a toolkit tool') },
    ]);
    expect(imported.body.error.message).toBe('The pack has 2 problems; nothing was imported. The first: lessons/people/a02-handing-work-over.md:5: stage "middle-management" is not in the framework. Known stages: "foundations", "new-manager".');
  });

  it('imports as an admin, upgrades as an author (raw zip body), and lists what is installed', async () => {
    const first = await upload('import', 'admin', zipOf((await smallPack()).files));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ dryRun: false, lessons: { created: 3 }, paths: { created: 1 }, tips: { created: 2 } });
    const v11 = editFile(editFile(await smallPack(), 'pack.yaml', (t) => t.replace('1.0.0', '1.1.0')), 'lessons/people/a01-listening-first.md', (t) => t.replace('minutes: 15', 'minutes: 18'));
    const upgrade = await upload('import', 'author', zipOf(v11.files), 'raw');
    expect(upgrade.status).toBe(200);
    expect(upgrade.body).toMatchObject({ pack: { previousVersion: '1.0.0', version: '1.1.0' }, updatedLessons: ['a01-listening-first'] });
    const list = await fetch(`${server.url}/api/v1/admin/content-packs`, { headers: { cookie: cookies.author } });
    expect((await list.json()).items).toEqual([
      expect.objectContaining({ key: 'small-test-pack', name: 'Small test pack', version: '1.1.0', lessonCount: 3, retiredLessonCount: 0, pathCount: 1, tipCount: 2, importedByName: 'Pack Author' }),
    ]);
    const otherList = await fetch(`${server.url}/api/v1/admin/content-packs`, { headers: { cookie: cookies.otherAdmin } });
    expect((await otherList.json()).items).toEqual([]);
  });

  it('exports the installed pack as a zip of its files', async () => {
    const res = await fetch(`${server.url}/api/v1/admin/content-packs/small-test-pack/export`, { headers: { cookie: cookies.admin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="small-test-pack-1.1.0.zip"');
    const unzipped = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const files = new Map(Object.entries(unzipped).map(([path, bytes]) => [path, strFromU8(bytes)]));
    expect(files).toEqual(await exportPack(server.runtime.ctx.db, org.orgId, 'small-test-pack'));
    expect(files.get('lessons/people/a01-listening-first.md')).toContain('minutes: 18');
    const elsewhere = await fetch(`${server.url}/api/v1/admin/content-packs/small-test-pack/export`, { headers: { cookie: cookies.otherAdmin } });
    expect(elsewhere.status).toBe(404);
  });

  it('refuses learners, and uploads that are not a zip file', async () => {
    const zip = zipOf((await smallPack()).files);
    expect((await upload('import', 'learner', zip)).status).toBe(403);
    expect((await upload('validate', 'learner', zip)).status).toBe(403);
    const json = await fetch(`${server.url}/api/v1/admin/content-packs/validate`, { method: 'POST', headers: { cookie: cookies.admin, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect((await json.json()).error.message).toBe('Send the zipped pack as multipart/form-data (one file field) or as the raw body with Content-Type application/zip.');
    const notZip = await upload('validate', 'admin', new TextEncoder().encode('plain text, not a zip'), 'raw');
    expect(notZip.body.valid).toBe(false);
    expect(notZip.body.problems[0].message).toMatch(/^is not a readable zip file/);
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await fetch(`${server.url}/api/v1/admin/content-packs/import`, { method: 'POST', headers: { cookie: cookies.admin }, body: form });
    expect(noFile.status).toBe(400);
  });
});
