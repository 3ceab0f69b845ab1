import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';
import { importSmallPack } from '../../../test/support/packs.js';
import { auditLog } from '../audit/schema.js';

let server: TestServer;
let org: TestOrg;
let admin: HttpClient;
let learner: HttpClient;
let otherAdmin: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server, 'Framework IT');
  const other = await createTestOrg(server, 'Other Framework IT');
  await importSmallPack(server.runtime.ctx.db, org.orgId);
  await importSmallPack(server.runtime.ctx.db, other.orgId);
  admin = server.client();
  await admin.login(org.admin.email, PASSWORD);
  learner = server.client();
  await learner.login((await org.addPerson('fw-learner', ['learner', 'author'])).email, PASSWORD);
  otherAdmin = server.client();
  await otherAdmin.login(other.admin.email, PASSWORD);
});
afterAll(async () => server?.close());

const fieldErrors = (res: { body: { error: { fields: unknown[] } } }) => res.body.error.fields;

describe('reading the framework', () => {
  it('gives everyone signed in the scale, ladder, stages, competencies with targets, and job roles', async () => {
    const res = await learner.get('/api/v1/framework');
    expect(res.status).toBe(200);
    expect(res.body.proficiencyScale.map((s: { level: number; label: string }) => `${s.level} ${s.label}`)).toEqual(['1 Aware', '2 Practising', '3 Proficient', '4 Role model']);
    expect(res.body.levels.map((l: { id: string }) => l.id)).toEqual(['individual_contributor', 'tech_lead', 'it_manager']);
    expect(res.body.stages[0]).toEqual({ id: 'foundations', title: 'Foundations', description: 'People skills before the title.', levels: ['individual_contributor', 'tech_lead'], position: 0, orgEdited: false });
    expect(res.body.competencies[0]).toEqual({ id: 'listening', name: 'Listening', description: 'Hears the need behind a request before answering it.', stage: 'foundations', targets: { individual_contributor: 2, tech_lead: 3, it_manager: 3 }, position: 0, orgEdited: false });
    expect(res.body.jobRoles).toEqual([
      {
        id: 'it-manager',
        title: 'IT manager',
        level: 'it_manager',
        summary: 'Manages an IT team and its commitments to the business.',
        requirements: [
          { kind: 'certificate', ref: 'professional', withinMonths: 12 },
          { kind: 'path', ref: 'first-steps', withinMonths: 6 },
          { kind: 'competency', ref: 'delegation', proficiency: 3 },
        ],
        position: 0,
        orgEdited: false,
      },
    ]);
  });

  it('writes a job-description paragraph from the role, its level targets and requirements', async () => {
    const res = await learner.get('/api/v1/framework/job-roles/it-manager/job-description');
    expect(res.status).toBe(200);
    expect(res.body.text).toBe(
      'IT manager (IT manager level). Manages an IT team and its commitments to the business. The person appointed holds the professional certificate in IT management or earns it within 12 months of appointment and completes the learning path “First steps into management” within 6 months of appointment. The role calls for proficiency that is proficient (3 of 4) in listening, delegation, and escalation planning.',
    );
    expect(res.body.requirements).toEqual([
      'Holds the professional certificate in IT management or earns it within 12 months of appointment.',
      'Completes the learning path “First steps into management” within 6 months of appointment.',
    ]);
    expect(res.body.competencies).toEqual([
      { id: 'listening', name: 'Listening', proficiency: 3, label: 'Proficient' },
      { id: 'delegation', name: 'Delegation', proficiency: 3, label: 'Proficient' },
      { id: 'escalation', name: 'Escalation planning', proficiency: 3, label: 'Proficient' },
    ]);
    expect((await learner.get('/api/v1/framework/job-roles/cio/job-description')).status).toBe(404);
  });
});

describe('editing the framework', () => {
  it('renames a proficiency level and a career level, adds a level and moves it', async () => {
    const scale = await admin.patch('/api/v1/framework/proficiency-scale/2', { label: 'Developing' });
    expect(scale.body).toEqual({ level: 2, label: 'Developing', description: 'Uses it with help.', orgEdited: true });
    const added = await admin.post('/api/v1/framework/levels', { id: 'senior_engineer', label: 'Senior engineer', position: 1 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'senior_engineer', position: 1, orgEdited: true });
    const renamed = await admin.patch('/api/v1/framework/levels/it_manager', { label: 'Team manager', position: 0 });
    expect(renamed.body).toMatchObject({ label: 'Team manager', position: 0, orgEdited: true });
    const levels = (await learner.get('/api/v1/framework')).body.levels;
    expect(levels.map((l: { id: string; position: number }) => `${l.position} ${l.id}`)).toEqual(['0 it_manager', '1 individual_contributor', '2 senior_engineer', '3 tech_lead']);
    await admin.patch('/api/v1/framework/levels/it_manager', { position: 3 });
    expect((await learner.get('/api/v1/framework')).body.levels.map((l: { id: string }) => l.id)).toEqual(['individual_contributor', 'senior_engineer', 'tech_lead', 'it_manager']);
    const taken = await admin.post('/api/v1/framework/levels', { id: 'tech_lead', label: 'Again' });
    expect(taken.status).toBe(409);
  });

  it('changes a stage and a competency’s targets, checking what they refer to', async () => {
    const badStage = await admin.patch('/api/v1/framework/stages/foundations', { levels: ['individual_contributor', 'wizard'] });
    expect(badStage.status).toBe(400);
    expect(fieldErrors(badStage)).toEqual([{ path: 'body.levels.1', message: '"wizard" is not a career level' }]);
    const stage = await admin.patch('/api/v1/framework/stages/foundations', { title: 'Before the title', levels: ['individual_contributor', 'senior_engineer'] });
    expect(stage.body).toMatchObject({ title: 'Before the title', levels: ['individual_contributor', 'senior_engineer'], orgEdited: true });

    const badTargets = await admin.patch('/api/v1/framework/competencies/delegation', { targets: { it_manager: 4, cio: 3, tech_lead: 7 }, stage: 'nowhere' });
    expect(badTargets.status).toBe(400);
    expect(fieldErrors(badTargets)).toEqual([
      { path: 'body.stage', message: '"nowhere" is not a training stage' },
      { path: 'body.targets.cio', message: '"cio" is not a career level' },
      { path: 'body.targets.tech_lead', message: '7 is not on the proficiency scale (1, 2, 3, 4)' },
    ]);
    const comp = await admin.patch('/api/v1/framework/competencies/delegation', { targets: { tech_lead: 2, it_manager: 4 }, description: 'Hands work over and lets it go.' });
    expect(comp.body).toMatchObject({ id: 'delegation', targets: { tech_lead: 2, it_manager: 4 }, description: 'Hands work over and lets it go.', orgEdited: true });
    const created = await admin.post('/api/v1/framework/competencies', { id: 'vendor-calls', name: 'Vendor calls', description: 'Gets a vendor moving during an outage.', stage: 'new-manager', targets: { it_manager: 2 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'vendor-calls', position: 3 });

    const [entry] = await server.runtime.ctx.db.select().from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, 'framework.competency.update'))).orderBy(desc(auditLog.at));
    expect(entry).toMatchObject({ entityId: 'delegation', before: { targets: { tech_lead: 2, it_manager: 3 }, description: 'Hands work over so that it stays handed over.' }, after: { targets: { tech_lead: 2, it_manager: 4 }, description: 'Hands work over and lets it go.' } });
  });

  it('adds, changes and removes job roles, and the paragraph follows', async () => {
    const bad = await admin.post('/api/v1/framework/job-roles', { id: 'service-desk-lead', title: 'Service desk lead', level: 'tech_lead', requirements: [{ kind: 'path', ref: 'no-such-path' }, { kind: 'competency', ref: 'listening', proficiency: 9 }] });
    expect(bad.status).toBe(400);
    expect(fieldErrors(bad)).toEqual([
      { path: 'body.requirements.0.ref', message: '"no-such-path" is not an installed learning path' },
      { path: 'body.requirements.1.proficiency', message: '9 is not on the proficiency scale (1, 2, 3, 4)' },
    ]);
    const role = await admin.post('/api/v1/framework/job-roles', {
      id: 'service-desk-lead',
      title: 'Service desk lead',
      level: 'tech_lead',
      summary: 'Leads the service desk shift',
      requirements: [{ kind: 'path', ref: 'first-steps' }, { kind: 'competency', ref: 'escalation', proficiency: 2 }],
    });
    expect(role.status).toBe(201);
    const jd = await learner.get('/api/v1/framework/job-roles/service-desk-lead/job-description');
    expect(jd.body.text).toBe(
      'Service desk lead (Tech lead level). Leads the service desk shift. The person appointed has completed the learning path “First steps into management”. The role calls for proficiency that is proficient (3 of 4) in listening; and developing (2 of 4) in delegation and escalation planning.',
    );
    const moved = await admin.patch('/api/v1/framework/job-roles/it-manager', { requirements: [{ kind: 'certificate', ref: 'executive' }], title: 'Applications manager' });
    expect(moved.body).toMatchObject({ title: 'Applications manager', requirements: [{ kind: 'certificate', ref: 'executive' }], orgEdited: true });
    expect((await admin.delete('/api/v1/framework/job-roles/service-desk-lead')).status).toBe(204);
    expect((await learner.get('/api/v1/framework/job-roles/service-desk-lead/job-description')).status).toBe(404);
    expect((await admin.delete('/api/v1/framework/job-roles/service-desk-lead')).status).toBe(404);
  });

  it('is for org admins only, and only in their own organisation', async () => {
    expect((await learner.patch('/api/v1/framework/competencies/listening', { name: 'Hearing' })).status).toBe(403);
    expect((await learner.post('/api/v1/framework/levels', { id: 'x', label: 'X' })).status).toBe(403);
    const elsewhere = await otherAdmin.patch('/api/v1/framework/competencies/vendor-calls', { name: 'Calls' });
    expect(elsewhere.status).toBe(404);
    // The other organisation's own copy of the small framework is untouched by this one's edits.
    const theirs = (await otherAdmin.get('/api/v1/framework')).body;
    expect(theirs.competencies.find((c: { id: string }) => c.id === 'delegation').targets).toEqual({ tech_lead: 2, it_manager: 3 });
    expect(theirs.levels.map((l: { id: string }) => l.id)).toEqual(['individual_contributor', 'tech_lead', 'it_manager']);
  });

  it('answers bad input with a 400 that names the field', async () => {
    const res = await admin.post('/api/v1/framework/levels', { id: 'Senior Manager', label: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.id', 'body.label']);
    expect((await admin.patch('/api/v1/framework/proficiency-scale/9', { label: 'Guru' })).status).toBe(404);
  });
});
