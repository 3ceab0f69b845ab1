import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { seedLearningContent, TEST_PATH } from '../../../test/support/learning-content.js';
import type { HttpClient } from '../../../test/support/http.js';
import { people } from '../identity/schema.js';
import { xapiStatements } from './schema.js';
import { VERBS } from './xapi/statements.js';

let server: TestServer;
let acme: TestOrg;
let admin: HttpClient;
let manager: HttpClient;
let lee: HttpClient;
let rae: HttpClient;
let cole: HttpClient;
let globexAdmin: HttpClient;
const ids = {} as Record<'manager' | 'lee' | 'rae' | 'cole' | 'globexPerson', string>;
let deskTeamId: string;

const PATH = TEST_PATH.pathKey;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function statementsFor(personId: string, verb: keyof typeof VERBS) {
  return server.runtime.ctx.db.select().from(xapiStatements).where(and(eq(xapiStatements.personId, personId), eq(xapiStatements.verb, VERBS[verb].id)));
}

async function signIn(email: string) {
  const c = server.client();
  await c.login(email, PASSWORD);
  return c;
}

beforeAll(async () => {
  server = await startTestServer();
  acme = await createTestOrg(server, 'Acme IT');
  const globex = await createTestOrg(server, 'Globex IT');
  await seedLearningContent(server.runtime.ctx.db, acme.orgId);
  await seedLearningContent(server.runtime.ctx.db, globex.orgId);
  admin = await signIn(acme.admin.email);
  const team = await admin.post('/api/v1/teams', { name: 'Service Desk' });
  deskTeamId = team.body.id;
  const mgr = await acme.addPerson('mia-manager');
  const p1 = await acme.addPerson('lee-learner', ['learner'], mgr.id);
  const p2 = await acme.addPerson('rae-report', ['learner'], mgr.id);
  const p3 = await acme.addPerson('cole-colleague');
  const g = await globex.addPerson('gus-globex');
  Object.assign(ids, { manager: mgr.id, lee: p1.id, rae: p2.id, cole: p3.id, globexPerson: g.id });
  await server.runtime.ctx.db.update(people).set({ teamId: deskTeamId }).where(eq(people.id, p2.id));
  manager = await signIn(mgr.email);
  lee = await signIn(p1.email);
  rae = await signIn(p2.email);
  cole = await signIn(p3.email);
  globexAdmin = await signIn(globex.admin.email);
});
afterAll(async () => server?.close());

describe('self-enrolment', () => {
  let enrolmentId: string;

  it('enrols the caller with progress per section and the next lesson', async () => {
    const res = await lee.post('/api/v1/learn/enrolments', { pathKey: PATH });
    expect(res.status).toBe(201);
    enrolmentId = res.body.id;
    expect(res.body).toMatchObject({
      person: { id: ids.lee },
      path: { pathKey: PATH, title: 'New manager essentials' },
      source: 'self',
      assignedBy: null,
      dueDate: null,
      status: 'active',
      progress: { completed: 0, total: 3, percent: 0, nextLesson: { lessonKey: 'n04-delegation', sectionTitle: 'Fast start' } },
    });
    expect(res.body.progress.sections.map((s: { title: string; total: number }) => [s.title, s.total])).toEqual([
      ['Fast start', 1],
      ['The business of IT', 2],
    ]);
    const [registered] = await statementsFor(ids.lee, 'registered');
    expect(registered.statement).toMatchObject({ object: { id: `${server.url}/learn/paths/${PATH}` }, context: { registration: enrolmentId } });
  });

  it('refuses to enrol twice with a 409 that says so', async () => {
    const again = await lee.post('/api/v1/learn/enrolments', { pathKey: PATH });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_enrolled' });
    expect(again.body.error.message).toMatch(/You are already enrolled in "New manager essentials" since \d{4}-\d{2}-\d{2}/);
    expect((await lee.get('/api/v1/learn/my/enrolments')).body.total).toBe(1);
  });

  it('answers 404 for an unknown path, and for a path id in another organisation only as its own copy', async () => {
    const unknown = await lee.post('/api/v1/learn/enrolments', { pathKey: 'no-such-path' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no-such-path/);
    expect((await globexAdmin.get(`/api/v1/learn/enrolments/${enrolmentId}`)).status).toBe(404);
  });

  it('tracks progress lesson by lesson and completes the path with the last lesson', async () => {
    expect((await lee.post('/api/v1/learn/lessons/n04-delegation/complete')).status).toBe(200);
    const mid = await lee.get(`/api/v1/learn/enrolments/${enrolmentId}`);
    expect(mid.body.progress).toMatchObject({ completed: 1, total: 3, percent: 33, nextLesson: { lessonKey: 'b09-capacity-and-commitments', sectionTitle: 'The business of IT' } });
    expect(mid.body.progress.sections[0]).toMatchObject({ completed: 1, total: 1 });
    await lee.post('/api/v1/learn/lessons/b09-capacity-and-commitments/complete');
    expect((await lee.get(`/api/v1/learn/enrolments/${enrolmentId}`)).body.completedAt).toBeNull();
    await lee.post('/api/v1/learn/lessons/b16-downtime-and-escalation/complete');
    const done = await lee.get(`/api/v1/learn/enrolments/${enrolmentId}`);
    expect(done.body).toMatchObject({ status: 'completed', progress: { completed: 3, total: 3, percent: 100, nextLesson: null } });
    expect(done.body.completedAt).not.toBeNull();
    const completed = await statementsFor(ids.lee, 'completed');
    const pathCompletion = completed.filter((s) => (s.statement as { object: { id: string } }).object.id.endsWith(`/learn/paths/${PATH}`));
    expect(pathCompletion).toHaveLength(1);
    expect(pathCompletion[0].statement).toMatchObject({ context: { registration: enrolmentId }, result: { completion: true } });
  });

  it('keeps a completed path on record: it cannot be withdrawn or enrolled in again', async () => {
    const withdraw = await lee.post(`/api/v1/learn/enrolments/${enrolmentId}/withdraw`);
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.error.message).toMatch(/completed paths stay on record/);
    const again = await lee.post('/api/v1/learn/enrolments', { pathKey: PATH });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/and completed it on/);
    expect((await lee.get('/api/v1/learn/my/enrolments?status=completed')).body.total).toBe(1);
  });
});

describe('assignment by managers and admins', () => {
  let raeEnrolment: string;

  it('lets a manager assign a path with a due date to a direct report, e-mailing and auditing it', async () => {
    const due = inDays(30);
    const res = await manager.post('/api/v1/learn/assignments', { personId: ids.rae, pathKey: PATH, dueDate: due });
    expect(res.status).toBe(201);
    raeEnrolment = res.body.id;
    expect(res.body).toMatchObject({ source: 'manager', assignedBy: { id: ids.manager, name: 'Mia Manager' }, dueDate: due, person: { id: ids.rae, teamName: 'Service Desk' } });
    const mail = await admin.get('/api/v1/admin/outbox?to=rae-report@acme-it.test');
    expect(mail.body.items[0]).toMatchObject({ kind: 'learning_assignment', subject: 'Learning path assigned: New manager essentials' });
    const audit = await admin.get('/api/v1/admin/audit?action=learning.assign');
    expect(audit.body.items[0]).toMatchObject({ actorId: ids.manager, entityId: raeEnrolment, after: { personId: ids.rae, pathKey: PATH, dueDate: due, source: 'manager' } });
    const [assigned] = await statementsFor(ids.rae, 'assigned');
    expect(assigned.statement).toMatchObject({ actor: { mbox: 'mailto:mia-manager@acme-it.test' }, verb: { id: VERBS.assigned.id }, context: { registration: raeEnrolment } });
    const [registered] = await statementsFor(ids.rae, 'registered');
    expect(registered.statement).toMatchObject({ actor: { mbox: 'mailto:rae-report@acme-it.test' }, context: { instructor: { mbox: 'mailto:mia-manager@acme-it.test' } } });
  });

  it('refuses assignments from people who do not manage the learner', async () => {
    const byColleague = await cole.post('/api/v1/learn/assignments', { personId: ids.lee, pathKey: PATH, dueDate: inDays(10) });
    expect(byColleague.status).toBe(403);
    expect(byColleague.body.error.message).toMatch(/only to your direct reports/);
    const byReport = await lee.post('/api/v1/learn/assignments', { personId: ids.cole, pathKey: PATH, dueDate: inDays(10) });
    expect(byReport.status).toBe(403);
    const toOutsider = await manager.post('/api/v1/learn/assignments', { personId: ids.cole, pathKey: PATH, dueDate: inDays(10) });
    expect(toOutsider.status).toBe(403);
    const crossOrg = await globexAdmin.post('/api/v1/learn/assignments', { personId: ids.cole, pathKey: PATH, dueDate: inDays(10) });
    expect(crossOrg.status).toBe(404);
    const intoOtherOrg = await admin.post('/api/v1/learn/assignments', { personId: ids.globexPerson, pathKey: PATH, dueDate: inDays(10) });
    expect(intoOtherOrg.status).toBe(404);
    expect((await cole.get('/api/v1/learn/my/enrolments')).body.total).toBe(0);
  });

  it('lets an admin assign to anyone, and explains bad due dates and double assignments', async () => {
    const past = await admin.post('/api/v1/learn/assignments', { personId: ids.cole, pathKey: PATH, dueDate: inDays(-1) });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/in the past/);
    const impossible = await admin.post('/api/v1/learn/assignments', { personId: ids.cole, pathKey: PATH, dueDate: '2030-02-30' });
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.message).toMatch(/not a real calendar date/);
    const ok = await admin.post('/api/v1/learn/assignments', { personId: ids.cole, pathKey: PATH, dueDate: inDays(14) });
    expect(ok.status).toBe(201);
    expect(ok.body.source).toBe('admin');
    const twice = await admin.post('/api/v1/learn/assignments', { personId: ids.cole, pathKey: PATH, dueDate: inDays(20) });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/Cole Colleague is already enrolled/);
  });

  it('lets the learner see their assignment but not withdraw from it; the manager can, with an audit record', async () => {
    const mine = await rae.get('/api/v1/learn/my/enrolments');
    expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([raeEnrolment]);
    const refused = await rae.post(`/api/v1/learn/enrolments/${raeEnrolment}/withdraw`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/assigned by your manager; ask them/);
    expect((await cole.post(`/api/v1/learn/enrolments/${raeEnrolment}/withdraw`)).status).toBe(404);
    const withdrawn = await manager.post(`/api/v1/learn/enrolments/${raeEnrolment}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await manager.post(`/api/v1/learn/enrolments/${raeEnrolment}/withdraw`)).status).toBe(409);
    const audit = await admin.get('/api/v1/admin/audit?action=learning.withdraw');
    expect(audit.body.items[0]).toMatchObject({ actorId: ids.manager, entityId: raeEnrolment });
    expect(await statementsFor(ids.rae, 'left')).toHaveLength(1);
    // After a withdrawal the path can be taken up again.
    expect((await rae.post('/api/v1/learn/enrolments', { pathKey: PATH })).status).toBe(201);
    const self = (await rae.get('/api/v1/learn/my/enrolments?status=active')).body.items[0];
    expect((await rae.post(`/api/v1/learn/enrolments/${self.id}/withdraw`)).status).toBe(200);
  });
});

describe('due dates on existing enrolments', () => {
  let sia: HttpClient;
  let siaId: string;
  let enrolmentId: string;

  beforeAll(async () => {
    const person = await acme.addPerson('sia-self', ['learner'], ids.manager);
    siaId = person.id;
    sia = await signIn(person.email);
    enrolmentId = (await sia.post('/api/v1/learn/enrolments', { pathKey: PATH })).body.id;
  });

  it('lets the manager give a self-enrolment a due date, which makes it theirs to withdraw', async () => {
    const byLearner = await sia.patch(`/api/v1/learn/enrolments/${enrolmentId}`, { dueDate: inDays(10) });
    expect(byLearner.status).toBe(403);
    expect(byLearner.body.error.message).toMatch(/manager or an administrator/);
    expect((await cole.patch(`/api/v1/learn/enrolments/${enrolmentId}`, { dueDate: inDays(10) })).status).toBe(404);
    const due = inDays(21);
    const set = await manager.patch(`/api/v1/learn/enrolments/${enrolmentId}`, { dueDate: due });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ dueDate: due, source: 'manager', assignedBy: { id: ids.manager } });
    const mail = await admin.get('/api/v1/admin/outbox?to=sia-self@acme-it.test');
    expect(mail.body.items[0]).toMatchObject({ kind: 'learning_due_date', subject: `New due date for New manager essentials: ${due}` });
    const audit = await admin.get('/api/v1/admin/audit?action=learning.due_date');
    expect(audit.body.items[0]).toMatchObject({ entityId: enrolmentId, before: { dueDate: null, source: 'self' }, after: { dueDate: due, source: 'manager', personId: siaId } });
    expect((await sia.post(`/api/v1/learn/enrolments/${enrolmentId}/withdraw`)).status).toBe(403);
  });

  it('moves and removes a due date, and refuses a past one', async () => {
    const past = await manager.patch(`/api/v1/learn/enrolments/${enrolmentId}`, { dueDate: inDays(-3) });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].path).toBe('body.dueDate');
    const moved = await admin.patch(`/api/v1/learn/enrolments/${enrolmentId}`, { dueDate: inDays(40) });
    expect(moved.body).toMatchObject({ dueDate: inDays(40), source: 'manager' });
    const removed = await manager.patch(`/api/v1/learn/enrolments/${enrolmentId}`, { dueDate: null });
    expect(removed.body.dueDate).toBeNull();
    const mine = await sia.get(`/api/v1/learn/my/enrolments?pathKey=${PATH}`);
    expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([enrolmentId]);
    expect((await sia.get('/api/v1/learn/my/enrolments?pathKey=another-path')).body.total).toBe(0);
  });
});

describe('who sees whose progress', () => {
  it('shows a manager their direct reports only, admins everyone (with a team filter), others nobody', async () => {
    const byManager = await manager.get('/api/v1/learn/enrolments');
    expect(byManager.status).toBe(200);
    const managerSees = new Set(byManager.body.items.map((e: { person: { id: string } }) => e.person.id));
    expect(managerSees.has(ids.lee) && managerSees.has(ids.rae)).toBe(true);
    expect(managerSees.has(ids.cole)).toBe(false);
    const byAdmin = await admin.get('/api/v1/learn/enrolments?limit=200');
    const adminSees = new Set(byAdmin.body.items.map((e: { person: { id: string } }) => e.person.id));
    expect([ids.lee, ids.rae, ids.cole].every((id) => adminSees.has(id))).toBe(true);
    const desk = await admin.get(`/api/v1/learn/enrolments?teamId=${deskTeamId}`);
    expect(desk.body.items.every((e: { person: { teamId: string } }) => e.person.teamId === deskTeamId)).toBe(true);
    expect(desk.body.total).toBeGreaterThan(0);
    const completed = await admin.get('/api/v1/learn/enrolments?status=completed');
    expect(completed.body.items.map((e: { person: { id: string } }) => e.person.id)).toEqual([ids.lee]);
    expect((await cole.get('/api/v1/learn/enrolments')).body).toMatchObject({ items: [], total: 0 });
    expect((await globexAdmin.get('/api/v1/learn/enrolments')).body.total).toBe(0);
  });

  it('lets the manager open a report\'s enrolment, and hides it from colleagues', async () => {
    const [leeEnrolment] = (await lee.get('/api/v1/learn/my/enrolments')).body.items;
    expect((await manager.get(`/api/v1/learn/enrolments/${leeEnrolment.id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/learn/enrolments/${leeEnrolment.id}`)).status).toBe(200);
    expect((await cole.get(`/api/v1/learn/enrolments/${leeEnrolment.id}`)).status).toBe(404);
    expect((await rae.get(`/api/v1/learn/enrolments/${leeEnrolment.id}`)).status).toBe(404);
  });
});

describe('enrolling in a path already studied', () => {
  it('completes the enrolment at once when every lesson is already done', async () => {
    for (const key of ['n04-delegation', 'b09-capacity-and-commitments', 'b16-downtime-and-escalation']) {
      expect((await rae.post(`/api/v1/learn/lessons/${key}/complete`)).status).toBe(200);
    }
    const res = await rae.post('/api/v1/learn/enrolments', { pathKey: PATH });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'completed', progress: { completed: 3, total: 3 } });
  });

  it('stops a former manager from assigning once the reporting line changes', async () => {
    await server.runtime.ctx.db.update(people).set({ managerId: null }).where(eq(people.id, ids.rae));
    const res = await manager.post('/api/v1/learn/assignments', { personId: ids.rae, pathKey: PATH, dueDate: inDays(5) });
    expect(res.status).toBe(403);
    const [enrolment] = (await rae.get('/api/v1/learn/my/enrolments?status=completed')).body.items;
    expect((await manager.get(`/api/v1/learn/enrolments/${enrolment.id}`)).status).toBe(404);
  });
});
