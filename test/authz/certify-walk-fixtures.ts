import { eq } from 'drizzle-orm';
import type { TestServer } from '../support/server.js';
import { organisations } from '../../src/server/org/schema.js';
import { issueCredential } from '../../src/server/certify/issue.js';
import { listPrograms } from '../../src/server/certify/programs.js';
import { actionPlans, enrolments, evidenceFiles, practicumSubmissions } from '../../src/server/certify/program-schema.js';

export interface CertifyWalkIds {
  orgSlug: string;
  /** Per caller: a credential they hold (for reading) and one for revoking; outsiders get A admin's. */
  credentialIds: Record<string, string>;
  revokeIds: Record<string, string>;
  programId: string;
  /** Per reviewer (admin, author): a submitted practicum of someone else; per caller: their own action plan. */
  reviewIds: Record<string, string>;
  planIds: Record<string, string>;
  /** The plan of the manager's report, which only the manager may acknowledge. */
  reportPlanId: string;
  /** Per caller: an evidence file they uploaded; outsiders get A admin's. */
  fileIds: Record<string, string>;
}

const achievement = { key: 'walk', name: 'Walk Certificate', description: 'Issued for the authorisation walk.', criteriaNarrative: 'None: a fixture.' };

/** Credentials of organisation A for the authorisation walk. */
export async function createCertifyWalkFixtures(server: TestServer, orgId: string, holders: Record<string, string | undefined>, reportId: string): Promise<CertifyWalkIds> {
  const ctx = server.runtime.ctx;
  const [org] = await ctx.db.select().from(organisations).where(eq(organisations.id, orgId));
  const credentialIds: Record<string, string> = {};
  const revokeIds: Record<string, string> = {};
  for (const [who, personId] of Object.entries(holders)) {
    if (!personId) continue;
    credentialIds[who] = (await issueCredential(ctx, null, { orgId, personId, achievement })).id;
    revokeIds[who] = (await issueCredential(ctx, null, { orgId, personId, achievement })).id;
  }
  for (const outsider of ['anonymous', 'otherAdmin']) {
    credentialIds[outsider] = credentialIds.admin;
    revokeIds[outsider] = revokeIds.admin;
  }
  const [professional, executive] = await listPrograms(ctx.db, orgId);
  const enrolIn = async (programId: string, personId: string) =>
    (await ctx.db.insert(enrolments).values({ orgId, programId, personId }).returning())[0];
  const planFor = async (personId: string) => {
    const enrolment = await enrolIn(professional.id, personId);
    const [plan] = await ctx.db.insert(actionPlans).values({ orgId, enrolmentId: enrolment.id, personId, items: [{ title: 'Walk action', dueDate: '2030-01-01', checkIns: [] }] }).returning();
    return plan.id;
  };
  const planIds: Record<string, string> = {};
  for (const [who, personId] of Object.entries(holders)) if (personId) planIds[who] = await planFor(personId);
  const reportPlanId = await planFor(reportId);
  const submitted = async (personId: string) => {
    const enrolment = await enrolIn(executive.id, personId);
    const [row] = await ctx.db.insert(practicumSubmissions).values({ orgId, enrolmentId: enrolment.id, personId, round: 1, evidence: [{ kind: 'link', ref: 'https://walk.example/evidence', title: 'Walk evidence' }] }).returning();
    return row.id;
  };
  const reviewIds: Record<string, string> = { admin: await submitted(holders.mentor!), author: await submitted(holders.manager!) };
  for (const who of ['anonymous', 'otherAdmin', 'learner', 'mentor', 'manager']) reviewIds[who] = reviewIds.admin;
  planIds.anonymous = planIds.otherAdmin = planIds.admin;
  const fileIds: Record<string, string> = {};
  for (const [who, personId] of Object.entries(holders)) {
    if (!personId) continue;
    const [file] = await ctx.db.insert(evidenceFiles).values({ orgId, personId, fileName: 'walk.txt', contentType: 'text/plain', sizeBytes: 4, content: Buffer.from('walk') }).returning();
    fileIds[who] = file.id;
  }
  fileIds.anonymous = fileIds.otherAdmin = fileIds.admin;
  return { orgSlug: org.slug, credentialIds, revokeIds, programId: professional.id, reviewIds, planIds, reportPlanId, fileIds };
}
