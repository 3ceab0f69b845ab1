import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { createTestOrg, PASSWORD, personByEmail, type TestOrg } from '../../../../test/support/fixtures.js';
import type { HttpClient } from '../../../../test/support/http.js';
import { people } from '../../identity/schema.js';
import { teams } from '../../org/schema.js';
import { auditLog } from '../../audit/schema.js';

const PREVIEW = '/api/v1/people/import/preview';
const COMMIT = '/api/v1/people/import/commit';
const HEADER = 'email,name,team,manager_email,career_level,job_role,roles';

let server: TestServer;
let org: TestOrg;
let admin: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server, 'Importers IT');
  admin = server.client();
  await admin.login(org.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

async function countIn(orgId: string) {
  const db = server.runtime.ctx.db;
  const [p] = await db.select({ n: count() }).from(people).where(eq(people.orgId, orgId));
  const [t] = await db.select({ n: count() }).from(teams).where(eq(teams.orgId, orgId));
  return { people: Number(p.n), teams: Number(t.n) };
}

const where = (errors: { line: number; column: string }[]) => errors.map((e) => `${e.line}:${e.column}`);

describe('preview', () => {
  it('lists each bad row and column with the reason, and writes nothing', async () => {
    const csv = [
      HEADER,
      'not-an-email,Bad Address,,,,,', // 2
      'dana@importers.test,Dana Duplicate,,,,,', // 3
      'dana@importers.test,Dana Again,,,,,', // 4
      'eli@importers.test,Eli,,,wizard,,', // 5
      'fay@importers.test,Fay,,,,,learner;overlord', // 6
      'gus@importers.test,Gus,,nobody@importers.test,,,', // 7
      'hal@importers.test,Hal,,hal@importers.test,,,', // 8
      'ivy@importers.test,Ivy,,jon@importers.test,,,', // 9
      'jon@importers.test,Jon,,ivy@importers.test,,,', // 10
      'kim@importers.test,,,,,,', // 11
      'lea@importers.test,Lea,Ops,,,,,extra', // 12
    ].join('\n');
    const before = await countIn(org.orgId);
    const res = await admin.post(PREVIEW, { csv });
    expect(res.status).toBe(200);
    const errors: { line: number; column: string; message: string }[] = res.body.errors;
    expect(where(errors)).toEqual([
      '2:email',
      '4:email',
      '5:career_level',
      '6:roles',
      '7:manager_email',
      '8:manager_email',
      '9:manager_email',
      '10:manager_email',
      '11:name',
      '12:',
    ]);
    const message = (line: number) => errors.find((e) => e.line === line)!.message;
    expect(message(2)).toMatch(/"not-an-email" is not an e-mail address/);
    expect(message(4)).toMatch(/already on line 3/);
    expect(message(5)).toMatch(/unknown career level "wizard".*it_manager/);
    expect(message(6)).toMatch(/unknown role "overlord"/);
    expect(message(7)).toMatch(/no person with the e-mail nobody@importers.test/);
    expect(message(8)).toMatch(/own manager/);
    expect(message(9)).toMatch(/reporting loop.*ivy@importers.test → jon@importers.test → ivy@importers.test/);
    expect(message(11)).toMatch(/required/);
    expect(message(12)).toMatch(/8 values but the header has 7 columns/);
    expect(res.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, error: 10 });
    expect(res.body.rows.find((r: { line: number }) => r.line === 3).action).toBe('create');
    expect(res.body.rows.find((r: { line: number }) => r.line === 4).action).toBe('error');
    expect(await countIn(org.orgId)).toEqual(before);
  });

  it('reads a BOM, CRLF line ends, quoted fields with commas and line breaks, labels and case', async () => {
    const csv =
      '\uFEFFEmail,Name,Career_Level,Job_Role,Roles\r\n' +
      'Quinn@Importers.test,"Quinn, the ""Q""",IT MANAGER,"Service desk,\r\nnights",Learner; Mentor\r\n' +
      '\r\n' +
      'rae@importers.test,Rae,tech_lead,,\r\n';
    const res = await admin.post(PREVIEW, { csv });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.rows).toEqual([
      { line: 2, email: 'quinn@importers.test', name: 'Quinn, the "Q"', action: 'create' },
      { line: 5, email: 'rae@importers.test', name: 'Rae', action: 'create' },
    ]);
  });

  it('names unknown and missing header columns on line 1', async () => {
    const res = await admin.post(PREVIEW, { csv: 'e-mail,name,department\nsam@importers.test,Sam,IT\n' });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      { line: 1, column: 'e-mail', message: expect.stringMatching(/unknown column; the columns are email, name, team/) },
      { line: 1, column: 'department', message: expect.stringMatching(/unknown column/) },
      { line: 1, column: 'email', message: 'required column is missing from the header' },
    ]);
  });

  it('points at the line where a quote is never closed', async () => {
    const res = await admin.post(PREVIEW, { csv: `email,name\nok@importers.test,Ok\n"broken@importers.test,Broken\nlater@importers.test,Later\n` });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([{ line: 3, column: '', message: expect.stringMatching(/closing quote \(\"\) is missing/) }]);
  });

  it('refuses more than 5,000 rows and bodies over 5 MiB with a message, but accepts bodies over the 1 MiB default', async () => {
    const rows = (n: number, pad = '') => Array.from({ length: n }, (_, i) => `bulk${i}@importers.test,Bulk Person ${i}${pad}`);
    const tooMany = await admin.post(PREVIEW, { csv: ['email,name', ...rows(5001)].join('\n') });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/5,001 rows; import at most 5,000/);
    expect(tooMany.body.error.fields[0].path).toBe('body.csv');

    const big = ['email,name', ...rows(4000, ' '.repeat(300))].join('\n');
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const accepted = await admin.post(PREVIEW, { csv: big });
    expect(accepted.status).toBe(200);
    expect(accepted.body.summary.create).toBe(4000);

    const huge = await admin.post(COMMIT, { csv: 'email,name\n' + 'x'.repeat(5 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/larger than 5 MB/);
  });
});

describe('commit', () => {
  it('writes nothing when any row is bad, and returns the same errors as fields', async () => {
    const csv = [HEADER, 'mia@importers.test,Mia,Ops,,,,', 'ned@importers.test,Ned,Ops,ghost@importers.test,,,'].join('\n');
    const before = await countIn(org.orgId);
    const res = await admin.post(COMMIT, { csv });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_invalid');
    expect(res.body.error.message).toMatch(/nothing was imported/);
    expect(res.body.error.fields).toEqual([{ path: 'line 3.manager_email', message: expect.stringMatching(/ghost@importers.test/) }]);
    expect(await countIn(org.orgId)).toEqual(before);
    expect(await personByEmail(server, 'mia@importers.test')).toBeUndefined();
  });

  it('creates people, teams and reporting lines, with managers later in the file, and audits each', async () => {
    const csv = [
      HEADER,
      'ana@importers.test,Ana Lopez,Service desk,sam@importers.test,Tech lead,Service desk lead,learner',
      'bo@importers.test,Bo Chen,Service desk,ana@importers.test,,Analyst,',
      `sam@importers.test,Sam Reed,Infrastructure,${org.admin.email},it_manager,Infrastructure manager,learner;mentor`,
    ].join('\n');
    const preview = await admin.post(PREVIEW, { csv });
    expect(preview.body.teamsToCreate).toEqual(['Service desk', 'Infrastructure']);
    expect(preview.body.summary).toEqual({ create: 3, update: 0, unchanged: 0, error: 0 });
    const before = await countIn(org.orgId);

    const res = await admin.post(COMMIT, { csv });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 3, updated: 0, unchanged: 0, teamsCreated: 2 });
    expect(await countIn(org.orgId)).toEqual({ people: before.people + 3, teams: before.teams + 2 });

    const ana = await personByEmail(server, 'ana@importers.test');
    const bo = await personByEmail(server, 'bo@importers.test');
    const sam = await personByEmail(server, 'sam@importers.test');
    expect(bo.managerId).toBe(ana.id);
    expect(ana.managerId).toBe(sam.id);
    expect(sam.managerId).toBe(org.admin.id);
    expect(ana).toMatchObject({ careerLevel: 'tech_lead', jobRole: 'Service desk lead', roles: ['learner'], status: 'active', passwordHash: null });
    expect(bo).toMatchObject({ careerLevel: 'individual_contributor', roles: ['learner'] });
    expect(sam.roles).toEqual(['mentor', 'learner']);
    expect(ana.teamId).toBe(bo.teamId);

    const reports = await admin.get(`/api/v1/people/${ana.id}`);
    expect(reports.body.teamName).toBe('Service desk');
    expect(reports.body.directReports.map((p: { email: string }) => p.email)).toEqual(['bo@importers.test']);

    const audits = await admin.get('/api/v1/admin/audit?action=person.import_create&limit=10');
    expect(audits.body.items.map((a: { entityId: string }) => a.entityId).sort()).toEqual([ana.id, bo.id, sam.id].sort());
    expect(audits.body.items[0].actorEmail).toBe(org.admin.email);
  });

  it('re-importing an edited file updates changed fields only, reports unchanged rows and never duplicates', async () => {
    const existing = await org.addPerson('cora', ['learner']);
    await server.runtime.ctx.db.update(people).set({ status: 'deactivated' }).where(eq(people.email, 'bo@importers.test'));
    const outsider = await org.addPerson('outsider', ['learner']);
    const first = [
      HEADER,
      'ana@importers.test,Ana Lopez,Service desk,sam@importers.test,Tech lead,Service desk lead,learner',
      'bo@importers.test,Bo Chen,Service desk,ana@importers.test,,Analyst,',
      `sam@importers.test,Sam Reed,Infrastructure,${org.admin.email},it_manager,Infrastructure manager,learner;mentor`,
      `${existing.email},Cora,,,,,`,
    ].join('\n');
    const edited = [
      HEADER,
      'ana@importers.test,Ana López,Service desk,sam@importers.test,tech_lead,Service desk lead,learner',
      'bo@importers.test,Bo Chen,Infrastructure,sam@importers.test,,Analyst,',
      `sam@importers.test,Sam Reed,Infrastructure,${org.admin.email.toUpperCase()},IT manager,Infrastructure manager,Mentor;LEARNER`,
      `${existing.email},Cora,,,,Service desk analyst,`,
      'dee@importers.test,Dee New,infrastructure,bo@importers.test,,,',
    ].join('\r\n');
    await admin.post(COMMIT, { csv: first });
    const before = await countIn(org.orgId);
    const outsiderBefore = await personByEmail(server, outsider.email);

    const preview = await admin.post(PREVIEW, { csv: edited });
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.teamsToCreate).toEqual([]);
    expect(preview.body.rows.map((r: { action: string; changes?: string[] }) => [r.action, r.changes])).toEqual([
      ['update', ['name']],
      ['update', ['team', 'manager_email']],
      ['unchanged', undefined],
      ['update', ['job_role']],
      ['create', undefined],
    ]);

    const res = await admin.post(COMMIT, { csv: edited });
    expect(res.body).toEqual({ created: 1, updated: 3, unchanged: 1, teamsCreated: 0 });
    expect(await countIn(org.orgId)).toEqual({ people: before.people + 1, teams: before.teams });
    const bo = await personByEmail(server, 'bo@importers.test');
    const sam = await personByEmail(server, 'sam@importers.test');
    expect(bo.managerId).toBe(sam.id);
    expect(bo.status).toBe('deactivated');
    expect((await personByEmail(server, 'ana@importers.test')).name).toBe('Ana López');
    const cora = await personByEmail(server, existing.email);
    expect(cora.jobRole).toBe('Service desk analyst');
    expect(cora.passwordHash).not.toBeNull();
    expect(await personByEmail(server, outsider.email)).toEqual(outsiderBefore);
    expect((await personByEmail(server, 'dee@importers.test')).teamId).toBe(sam.teamId);
    await server.client().login(existing.email, PASSWORD);

    const audit = await admin.get(`/api/v1/admin/audit?action=person.import_update&entityId=${bo.id}`);
    expect(audit.body.items[0].before).toEqual({ teamId: expect.any(String), managerId: (await personByEmail(server, 'ana@importers.test')).id });
    expect(audit.body.items[0].after).toEqual({ teamId: sam.teamId, managerId: sam.id });

    const again = await admin.post(COMMIT, { csv: edited });
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 5, teamsCreated: 0 });
  });

  it('will not let an admin remove their own admin role', async () => {
    const res = await admin.post(PREVIEW, { csv: `email,name,roles\n${org.admin.email},Importers IT Admin,learner\n` });
    expect(res.body.errors).toEqual([{ line: 2, column: 'roles', message: expect.stringMatching(/own org_admin role/) }]);
  });
});

describe('who may import', () => {
  it('refuses a learner with 403 on preview and commit', async () => {
    const learner = await org.addPerson('learner-lou', ['learner']);
    const c = server.client();
    await c.login(learner.email, PASSWORD);
    const csv = 'email,name\nsneaky@importers.test,Sneaky\n';
    expect((await c.post(PREVIEW, { csv })).status).toBe(403);
    expect((await c.post(COMMIT, { csv })).status).toBe(403);
    expect(await personByEmail(server, 'sneaky@importers.test')).toBeUndefined();
  });

  it("stops another organisation's admin from changing this organisation's people", async () => {
    const other = await createTestOrg(server, 'Rival IT');
    const rival = server.client();
    await rival.login(other.admin.email, PASSWORD);
    const victim = await personByEmail(server, 'ana@importers.test');
    const csv = `${HEADER}\nana@importers.test,Hijacked,Rival team,,,,org_admin\nnew@rival-it.test,New Rival,,sam@importers.test,,,\n`;
    const preview = await rival.post(PREVIEW, { csv });
    expect(preview.body.errors).toEqual([
      { line: 2, column: 'email', message: 'this e-mail address belongs to a person in another organisation, so it cannot be imported here' },
      { line: 3, column: 'manager_email', message: expect.stringMatching(/no person with the e-mail sam@importers.test in your organisation/) },
    ]);
    expect(JSON.stringify(preview.body)).not.toMatch(/Ana L|Importers IT/);
    const commit = await rival.post(COMMIT, { csv });
    expect(commit.status).toBe(400);
    expect(commit.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['line 2.email', 'line 3.manager_email']);
    expect(await personByEmail(server, 'ana@importers.test')).toEqual(victim);
    const [rivalTeams] = await server.runtime.ctx.db.select({ n: count() }).from(teams).where(and(eq(teams.orgId, other.orgId)));
    expect(Number(rivalTeams.n)).toBe(0);
  });
});

describe('size', () => {
  it('imports 1,000 people with teams and managers in one call', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 1000; i++) {
      // Every tenth person manages the next nine; managers are listed after their reports.
      const manager = i % 10 === 0 ? '' : `lead${Math.floor(i / 10) * 10}@scale.test`;
      const email = i % 10 === 0 ? `lead${i}@scale.test` : `member${i}@scale.test`;
      lines.push(`${email},Scale Person ${i},Scale team ${i % 20},${manager},,Engineer,learner`);
    }
    const csv = [lines[0], ...lines.slice(1).reverse()].join('\n');
    const before = await countIn(org.orgId);
    const started = performance.now();
    const res = await admin.post(COMMIT, { csv });
    const ms = performance.now() - started;
    console.log(`1,000-row import committed in ${Math.round(ms)} ms on ${server.runtime.ctx.database.kind}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 1000, updated: 0, unchanged: 0, teamsCreated: 20 });
    expect(await countIn(org.orgId)).toEqual({ people: before.people + 1000, teams: before.teams + 20 });
    const member = await personByEmail(server, 'member57@scale.test');
    expect(member.managerId).toBe((await personByEmail(server, 'lead50@scale.test')).id);
  });
});
