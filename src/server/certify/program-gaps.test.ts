import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { verifyCredential } from 'did-jwt-vc';
import { Resolver, type DIDResolutionResult } from 'did-resolver';
import { decodeJwt } from 'jose';
import { gunzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';
import { correctDisplayIds, examWorld, type ExamWorld } from '../assess/exams/testing/exam-fixture.js';
import { addPack, addPath, enrol, ensureLearningTables } from '../assess/exams/testing/learning-tables.js';
import { escalationProcedures } from '../toolkit/escalations/binder/schema.js';
import { didWebToUrl } from './issuer-identity.js';
import { programs } from './program-schema.js';
import { credentials } from './schema.js';

let server: TestServer;
let world: ExamWorld;
let examId: string;
let managerClient: HttpClient;
let learner: { client: HttpClient; id: string };
let colleague: { client: HttpClient; id: string };
let professional: { id: string; rubric: { key: string; passLevel: number }[] };

const db = () => server.runtime.ctx.db;
const login = async (email: string) => {
  const client = server.client();
  await client.login(email, PASSWORD);
  return client;
};

/** A multipart/form-data body with one file field, built by hand so the test controls every byte. */
function multipart(fileName: string, contentType: string, content: string) {
  const boundary = `----milewide${Math.random().toString(16).slice(2)}`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (client: HttpClient, fileName: string, contentType: string, content: string) => {
  const m = multipart(fileName, contentType, content);
  return client.request('POST', '/api/v1/certify/evidence-files', m.body, m.headers);
};

const didWebOverHttp = new Resolver({
  web: async (did): Promise<DIDResolutionResult> => {
    const res = await fetch(didWebToUrl(did, 'http'));
    if (!res.ok) return { didResolutionMetadata: { error: 'notFound' }, didDocument: null, didDocumentMetadata: {} };
    return { didResolutionMetadata: { contentType: 'application/did+json' }, didDocument: await res.json(), didDocumentMetadata: {} };
  },
});

beforeAll(async () => {
  server = await startTestServer();
  world = await examWorld(server, 'Gaps IT');
  const managerPerson = await world.org.addPerson('gale-manager', ['learner']);
  managerClient = await login(managerPerson.email);
  const learnerPerson = await world.org.addPerson('lee-learner', ['learner'], managerPerson.id);
  learner = { client: await login(learnerPerson.email), id: learnerPerson.id };
  const colleaguePerson = await world.org.addPerson('cam-colleague', ['learner']);
  colleague = { client: await login(colleaguePerson.email), id: colleaguePerson.id };
  await ensureLearningTables(db());
});
afterAll(async () => server?.close());

describe('default programs', () => {
  it('exist from the moment an organisation is created, for the business-of-IT and leading-leaders stages', async () => {
    const rows = await db().select().from(programs).where(eq(programs.orgId, world.org.orgId));
    const byKey = Object.fromEntries(rows.map((p) => [p.programKey, p]));
    expect(byKey.professional).toMatchObject({ level: 'professional', pathKey: 'business-of-it', examId: null });
    expect(byKey.professional.description).toMatch(/soon-to-be, new and newer IT managers/);
    expect(byKey.executive).toMatchObject({ level: 'executive', pathKey: 'manager-to-director', examId: null });
    expect(byKey.executive.description).toMatch(/directors and above/);
  });

  it('link to the exam with key professional-exam once the organisation has it; executive stays open without one', async () => {
    const exam = await world.createExam({ examKey: 'professional-exam', title: 'Professional exam' });
    examId = exam.id;
    const list = (await learner.client.get('/api/v1/certify/programs')).body.items;
    professional = list.find((p: any) => p.programKey === 'professional');
    expect(professional).toMatchObject({ examId });
    expect(list.find((p: any) => p.programKey === 'executive').examId).toBeNull();
    const other = await createTestOrg(server, 'Examless IT');
    const [row] = await db().select().from(programs).where(and(eq(programs.orgId, other.orgId), eq(programs.programKey, 'professional')));
    expect(row.examId).toBeNull();
  });
});

describe('practicum evidence', () => {
  let fileId: string;

  it('uploads a file within the limits; wrong type, too large, empty or no file get a clear 4xx', async () => {
    expect((await learner.client.post(`/api/v1/certify/programs/${professional.id}/enrol`)).status).toBe(201);
    const ok = await upload(learner.client, 'outage-report.txt', 'text/plain', 'E-mail outage on 3 March: 40 minutes, procedure followed.');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fileName: 'outage-report.txt', contentType: 'text/plain', sizeBytes: 57 });
    fileId = ok.body.id;
    const exe = await upload(learner.client, 'tool.exe', 'application/x-msdownload', 'MZ');
    expect(exe.status).toBe(415);
    expect(exe.body.error.message).toMatch(/PDF/);
    const big = await upload(learner.client, 'huge.txt', 'text/plain', 'x'.repeat(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/10 MB/);
    expect((await upload(learner.client, 'empty.txt', 'text/plain', '')).status).toBe(400);
    const json = await learner.client.post('/api/v1/certify/evidence-files', { file: 'no' });
    expect(json.status).toBe(415);
    expect(json.body.error.message).toMatch(/multipart\/form-data/);
  });

  it('lets the owner and practicum reviewers download the file; nobody else', async () => {
    const own = await learner.client.get(`/api/v1/certify/evidence-files/${fileId}`);
    expect(own.status).toBe(200);
    expect(own.body).toBe('E-mail outage on 3 March: 40 minutes, procedure followed.');
    expect(own.headers.get('content-disposition')).toMatch(/attachment; filename="outage-report.txt"/);
    expect((await world.author.get(`/api/v1/certify/evidence-files/${fileId}`)).status).toBe(200);
    expect((await colleague.client.get(`/api/v1/certify/evidence-files/${fileId}`)).status).toBe(404);
    const outsider = await createTestOrg(server, 'Outside IT');
    expect((await (await login(outsider.admin.email)).get(`/api/v1/certify/evidence-files/${fileId}`)).status).toBe(404);
  });

  it('offers the person their published escalation procedures as artefacts and refuses other people\'s files and artefacts', async () => {
    const [mine] = await db().insert(escalationProcedures).values({ orgId: world.org.orgId, situation: 'E-mail outage', title: 'E-mail outage', expertPersonId: learner.id, status: 'published', currentVersion: 1 }).returning();
    const [theirs] = await db().insert(escalationProcedures).values({ orgId: world.org.orgId, situation: 'Phone outage', title: 'Phone outage', expertPersonId: colleague.id, status: 'published', currentVersion: 1 }).returning();
    const artefacts = (await learner.client.get('/api/v1/certify/artefacts')).body.items;
    expect(artefacts.map((a: any) => a.ref)).toEqual([`escalation-procedure:${mine.id}`]);
    const colleagueFile = (await upload(colleague.client, 'theirs.txt', 'text/plain', 'not yours')).body.id;
    const refused = await learner.client.post(`/api/v1/certify/programs/${professional.id}/practicum`, {
      evidence: [
        { kind: 'file', ref: colleagueFile, title: 'Their file' },
        { kind: 'artefact', ref: `escalation-procedure:${theirs.id}`, title: 'Their procedure' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.map((f: any) => f.path)).toEqual(['evidence.0.ref', 'evidence.1.ref']);
    const submitted = await learner.client.post(`/api/v1/certify/programs/${professional.id}/practicum`, {
      evidence: [
        { kind: 'file', ref: fileId, title: 'Outage report' },
        { kind: 'artefact', ref: `escalation-procedure:${mine.id}`, title: 'E-mail outage procedure' },
      ],
      note: 'Used in the March outage',
    });
    expect(submitted.status).toBe(201);
    const queue = (await world.author.get('/api/v1/certify/practicum')).body.items;
    expect(queue[0]).toMatchObject({ personName: 'Lee Learner', programId: professional.id });
    expect(queue[0].rubric.length).toBeGreaterThan(2);
    const mineList = (await learner.client.get(`/api/v1/certify/programs/${professional.id}/practicum`)).body.items;
    expect(mineList.map((s: any) => s.round)).toEqual([1]);
    const scores = Object.fromEntries(professional.rubric.map((c) => [c.key, c.passLevel]));
    expect((await world.author.post(`/api/v1/certify/practicum/${submitted.body.id}/review`, { decision: 'accept', scores, comments: 'Clear' })).body.status).toBe('accepted');
  });
});

describe('manager view, bench and claiming', () => {
  it('shows a manager their reports\' program status and the action plan to acknowledge; others see none', async () => {
    const packId = await addPack(db(), world.org.orgId, 'gaps');
    await enrol(db(), world.org.orgId, learner.id, await addPath(db(), world.org.orgId, packId, 'business-of-it', 'The business of IT'), true);
    const attempt = (await learner.client.post(`/api/v1/exams/${examId}/attempts`)).body;
    let seq = 0;
    for (const item of attempt.items) await learner.client.request('PUT', `/api/v1/exam-attempts/${attempt.id}/answers`, { itemId: item.itemId, optionIds: correctDisplayIds(world, item), seq: ++seq });
    expect((await learner.client.post(`/api/v1/exam-attempts/${attempt.id}/submit`)).body.passed).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const plan = await learner.client.request('PUT', `/api/v1/certify/programs/${professional.id}/action-plan`, { items: [{ title: 'Hold one-to-ones with every report', dueDate: today }] });
    expect(plan.status).toBe(200);

    const team = (await managerClient.get('/api/v1/certify/team')).body.items;
    expect(team).toHaveLength(1);
    expect(team[0].person.name).toBe('Lee Learner');
    expect(team[0].programs[0]).toMatchObject({ programId: professional.id, enrolled: true, at: 'action_plan', plan: { id: plan.body.id, acknowledgedAt: null } });
    expect((await colleague.client.get('/api/v1/certify/team')).body.items).toEqual([]);
    expect((await managerClient.post(`/api/v1/certify/action-plans/${plan.body.id}/acknowledge`)).status).toBe(200);

    expect((await learner.client.get(`/api/v1/certify/programs/${professional.id}/bench`)).status).toBe(403);
    const bench = (await world.admin.get(`/api/v1/certify/programs/${professional.id}/bench`)).body;
    expect(bench.counts.ready_to_claim).toBe(1);
    expect(bench.items.map((i: any) => [i.person.name, i.at])).toEqual([['Lee Learner', null]]);
  });

  it('two claims at the same moment issue one credential', async () => {
    const [a, b] = await Promise.all([learner.client.post(`/api/v1/certify/programs/${professional.id}/claim`), learner.client.post(`/api/v1/certify/programs/${professional.id}/claim`)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const rows = await db().select().from(credentials).where(eq(credentials.personId, learner.id));
    expect(rows).toHaveLength(1);
    const bench = (await world.admin.get(`/api/v1/certify/programs/${professional.id}/bench`)).body;
    expect(bench.counts.certified).toBe(1);
  });

  it("lists the organisation's credentials for administrators only", async () => {
    expect((await learner.client.get('/api/v1/certify/credentials')).status).toBe(403);
    const list = (await world.admin.get('/api/v1/certify/credentials')).body.items;
    expect(list.map((c: any) => c.holderName)).toEqual(['Lee Learner']);
  });
});

describe('signed status list', () => {
  it('is a VC-JWT BitstringStatusListCredential that an independent library verifies, and it carries the revocation', async () => {
    const [credential] = (await learner.client.get('/api/v1/credentials')).body.items;
    const status = (decodeJwt(credential.jwt).vc as any).credentialStatus;
    const readSigned = async () => {
      const res = await fetch(status.statusListCredential);
      expect(res.headers.get('content-type')).toMatch(/application\/vc\+jwt/);
      const jwt = await res.text();
      const verified = await verifyCredential(jwt, didWebOverHttp as unknown as Parameters<typeof verifyCredential>[1], { policies: { format: false } });
      expect(verified.verified).toBe(true);
      const vc = verified.payload.vc as any;
      expect(vc.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
      expect(vc.credentialSubject.statusPurpose).toBe('revocation');
      const bits = gunzipSync(Buffer.from(vc.credentialSubject.encodedList.slice(1), 'base64url'));
      const index = Number(status.statusListIndex);
      return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
    };
    expect(await readSigned()).toBe(false);
    expect((await world.admin.post(`/api/v1/credentials/${credential.id}/revoke`, { reason: 'Issued in error' })).status).toBe(200);
    expect(await readSigned()).toBe(true);
    // A tampered list does not verify.
    const jwt = await fetch(status.statusListCredential).then((r) => r.text());
    const [h, p, s] = jwt.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.vc.credentialSubject.encodedList = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';
    await expect(verifyCredential([h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.'), didWebOverHttp as unknown as Parameters<typeof verifyCredential>[1], { policies: { format: false } })).rejects.toThrow();
  });
});
