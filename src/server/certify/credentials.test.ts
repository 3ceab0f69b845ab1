import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { verifyCredential } from 'did-jwt-vc';
import { Resolver, type DIDResolutionResult } from 'did-resolver';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';
import { eq } from 'drizzle-orm';
import { auditLog } from '../audit/schema.js';
import { extractLinks, extractText } from 'unpdf';
import { issueCredential } from './issue.js';
import { didWebToUrl } from './issuer-identity.js';
import { ob3AchievementCredentialSchema } from './testing/ob3-credential.schema.js';

let server: TestServer;
let org: TestOrg;
let learner: { id: string; email: string };
let admin: HttpClient;
let learnerClient: HttpClient;

const achievement = { key: 'professional', name: 'Milewide Professional IT Manager', description: 'Runs a service team: escalations, one-to-ones, planning.', criteriaNarrative: 'Completed the professional path, passed the exam, practicum accepted, 30-day plan acknowledged.' };

/**
 * An independent did:web resolver: fetches the DID document over real HTTP from the test server
 * (did:web says https; the test server speaks http on loopback, so only the scheme differs).
 */
const didWebOverHttp = new Resolver({
  web: async (did): Promise<DIDResolutionResult> => {
    const res = await fetch(didWebToUrl(did, 'http'));
    if (!res.ok) return { didResolutionMetadata: { error: 'notFound' }, didDocument: null, didDocumentMetadata: {} };
    return { didResolutionMetadata: { contentType: 'application/did+json' }, didDocument: await res.json(), didDocumentMetadata: {} };
  },
});

/** did-jwt-vc checks signature, key and dates; `format: false` because it only knows the VC 1.1 context and we issue VC 2.0. */
const independentVerify = (jwt: string) => verifyCredential(jwt, didWebOverHttp as unknown as Parameters<typeof verifyCredential>[1], { policies: { format: false } });

function tamper(jwt: string, change: (payload: any) => void): string {
  const [header, payload, signature] = jwt.split('.');
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  change(decoded);
  return [header, Buffer.from(JSON.stringify(decoded)).toString('base64url'), signature].join('.');
}

beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server, 'Credential IT');
  learner = await org.addPerson('casey-holder');
  admin = server.client();
  await admin.login(org.admin.email, PASSWORD);
  learnerClient = server.client();
  await learnerClient.login(learner.email, PASSWORD);
});
afterAll(async () => server?.close());

describe('issued Open Badges 3.0 credential', () => {
  it('is a VC-JWT that an independent library verifies against the published did:web document and JWKS', async () => {
    const row = await issueCredential(server.runtime.ctx, null, { orgId: org.orgId, personId: learner.id, achievement });
    const { payload: decoded } = await independentVerify(row.jwt);
    expect(decoded.iss).toMatch(/^did:web:127\.0\.0\.1%3A\d+:api:v1:public:issuers:credential-it$/);

    const jwks = createRemoteJWKSet(new URL(`${server.url}/api/v1/public/issuers/credential-it/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(row.jwt, jwks, { issuer: decoded.iss, algorithms: ['EdDSA'] });
    expect(protectedHeader.kid).toBe(`${decoded.iss}#key-1`);

    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const valid = ajv.validate(ob3AchievementCredentialSchema, payload.vc);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const vc = payload.vc as any;
    expect(vc.credentialSubject.identifier[0].identityHash).not.toContain(learner.email);
    expect(new Date(vc.validUntil).getTime() - new Date(vc.validFrom).getTime()).toBe(3 * 365 * 86_400_000);

    const profile = await fetch(`${server.url}/api/v1/public/issuers/credential-it`).then((r) => r.json());
    expect(profile).toMatchObject({ id: decoded.iss, type: ['Profile'], name: 'Credential IT' });

    const ours = await fetch(`${server.url}/api/v1/public/credentials/${row.id}/verify`).then((r) => r.json());
    expect(ours).toMatchObject({ status: 'valid', credentialId: row.id, recipientName: 'Casey Holder', achievementName: achievement.name });
    const page = await fetch(`${server.url}/credentials/${row.id}`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    for (const expected of ['Valid credential', 'Casey Holder', achievement.name, 'Credential IT']) expect(html).toContain(expected);
    expect((await fetch(`${server.url}/credentials/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('a tampered copy is rejected by the independent verifier and reported "tampered" by ours', async () => {
    const row = await issueCredential(server.runtime.ctx, null, { orgId: org.orgId, personId: learner.id, achievement });
    const forged = tamper(row.jwt, (p) => (p.vc.credentialSubject.name = 'Mallory Forger'));
    await expect(independentVerify(forged)).rejects.toThrow(/signature/i);
    const anon = server.client();
    const res = await anon.post('/api/v1/public/credentials/verify', { jwt: forged });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('tampered');
    expect(res.body.reasons.join(' ')).toMatch(/altered/);

    const extended = tamper(row.jwt, (p) => (p.vc.validUntil = '2099-01-01T00:00:00.000Z'));
    expect((await anon.post('/api/v1/public/credentials/verify', { jwt: extended })).body.status).toBe('tampered');
    const unknownKey = [Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: `${decodeJwt(row.jwt).iss}#key-99` })).toString('base64url'), ...row.jwt.split('.').slice(1)].join('.');
    const unknown = await anon.post('/api/v1/public/credentials/verify', { jwt: unknownKey });
    expect(unknown.body).toMatchObject({ status: 'tampered' });
    expect(unknown.body.reasons[0]).toMatch(/not one of the issuer's published keys/);
    const garbage = await anon.post('/api/v1/public/credentials/verify', { jwt: 'not-a-jwt' });
    expect(garbage.body.status).toBe('tampered');
    expect((await anon.post('/api/v1/public/credentials/verify', {})).status).toBe(400);

    // The untouched original still verifies.
    expect((await anon.post('/api/v1/public/credentials/verify', { jwt: row.jwt })).body.status).toBe('valid');
  });

  it('revocation sets the bit in the published Bitstring Status List and verification says revoked', async () => {
    const row = await issueCredential(server.runtime.ctx, null, { orgId: org.orgId, personId: learner.id, achievement });
    const before = await readStatusBit(row.jwt);
    expect(before.bit).toBe(false);
    expect(before.bytes).toBeGreaterThanOrEqual(16_384);

    expect((await learnerClient.post(`/api/v1/credentials/${row.id}/revoke`, { reason: 'Exam misconduct' })).status).toBe(403);
    expect((await admin.post(`/api/v1/credentials/${row.id}/revoke`, { reason: 'x' })).status).toBe(400);
    const revoked = await admin.post(`/api/v1/credentials/${row.id}/revoke`, { reason: 'Exam misconduct found on review' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedReason).toBe('Exam misconduct found on review');
    expect((await admin.post(`/api/v1/credentials/${row.id}/revoke`, { reason: 'again please' })).status).toBe(409);

    expect((await readStatusBit(row.jwt)).bit).toBe(true);
    const res = await fetch(`${server.url}/api/v1/public/credentials/${row.id}/verify`).then((r) => r.json());
    expect(res).toMatchObject({ status: 'revoked', revokedReason: 'Exam misconduct found on review' });
    const html = await fetch(`${server.url}/credentials/${row.id}`).then((r) => r.text());
    expect(html).toContain('Revoked credential');
    expect(html).toContain('Exam misconduct found on review');

    const audit = await server.runtime.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, row.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['certify.credential.issue', 'certify.credential.revoke']);
  });

  it('a credential past its validUntil verifies as "expired"', async () => {
    const row = await issueCredential(server.runtime.ctx, null, { orgId: org.orgId, personId: learner.id, achievement, validFrom: new Date(Date.now() - 10 * 86_400_000), validityDays: 2 });
    const res = await fetch(`${server.url}/api/v1/public/credentials/${row.id}/verify`).then((r) => r.json());
    expect(res.status).toBe('expired');
    expect(res.reasons[0]).toMatch(/expired on/);
    await expect(independentVerify(row.jwt)).rejects.toThrow(/expired/i);
  });

  it('key rotation: new credentials use the new key, old credentials still verify', async () => {
    const old = await issueCredential(server.runtime.ctx, null, { orgId: org.orgId, personId: learner.id, achievement });
    expect((await learnerClient.post('/api/v1/certify/keys/rotate')).status).toBe(403);
    const rotated = await admin.post('/api/v1/certify/keys/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.keys.map((k: any) => [k.kid.split('#')[1], k.status])).toEqual([['key-1', 'retired'], ['key-2', 'active']]);
    const fresh = await issueCredential(server.runtime.ctx, null, { orgId: org.orgId, personId: learner.id, achievement });
    const [oldResult, freshResult] = [await independentVerify(old.jwt), await independentVerify(fresh.jwt)];
    expect(oldResult.jwt).toBe(old.jwt);
    expect(freshResult.signer.id).toMatch(/#key-2$/);
    expect(oldResult.signer.id).toMatch(/#key-1$/);
    for (const id of [old.id, fresh.id]) expect((await fetch(`${server.url}/api/v1/public/credentials/${id}/verify`).then((r) => r.json())).status).toBe('valid');
    const jwks = await fetch(`${server.url}/api/v1/public/issuers/credential-it/jwks.json`).then((r) => r.json());
    expect(jwks.keys).toHaveLength(2);
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/);
  });

  it('holders see their own credentials with an add-to-profile link; other organisations get 404', async () => {
    const row = await issueCredential(server.runtime.ctx, null, { orgId: org.orgId, personId: learner.id, achievement });
    const mine = await learnerClient.get(`/api/v1/credentials/${row.id}`);
    expect(mine.status).toBe(200);
    const link = new URL(mine.body.linkedInAddToProfileUrl);
    expect(link.origin + link.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ startTask: 'CERTIFICATION_NAME', name: achievement.name, organizationName: 'Credential IT', certId: row.id, certUrl: `${server.url}/credentials/${row.id}`, issueYear: String(row.validFrom.getUTCFullYear()) });
    const colleague = await org.addPerson('other-learner');
    const colleagueClient = server.client();
    await colleagueClient.login(colleague.email, PASSWORD);
    expect((await colleagueClient.get(`/api/v1/credentials/${row.id}`)).status).toBe(404);
    const other = await createTestOrg(server, 'Elsewhere IT');
    const otherAdmin = server.client();
    await otherAdmin.login(other.admin.email, PASSWORD);
    expect((await otherAdmin.get(`/api/v1/credentials/${row.id}`)).status).toBe(404);
    expect((await otherAdmin.post(`/api/v1/credentials/${row.id}/revoke`, { reason: 'not mine to revoke' })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/public/issuers/no-such-org/jwks.json`)).status).toBe(404);
  });

  it('the PDF certificate carries name, program, dates, credential id, issuer and the verification URL (text and link)', async () => {
    const row = await issueCredential(server.runtime.ctx, null, { orgId: org.orgId, personId: learner.id, achievement });
    const token = (await learnerClient.post('/api/v1/tokens', { name: 'pdf download' })).body.token as string;
    const res = await fetch(`${server.url}/api/v1/credentials/${row.id}/certificate.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const { text } = await extractText(bytes.slice(), { mergePages: true });
    const verifyUrl = `${server.url}/credentials/${row.id}`;
    for (const expected of ['Casey Holder', achievement.name, 'Credential IT', row.id, row.validFrom.toISOString().slice(0, 10), row.validUntil.toISOString().slice(0, 10), verifyUrl]) expect(text).toContain(expected);
    const { links } = await extractLinks(bytes.slice());
    expect(links).toContain(verifyUrl);
    const adminPdf = await admin.get(`/api/v1/credentials/${row.id}/certificate.pdf`);
    expect(adminPdf.status).toBe(200);
    const colleague = await org.addPerson('pdf-colleague');
    const colleagueClient = server.client();
    await colleagueClient.login(colleague.email, PASSWORD);
    expect((await colleagueClient.get(`/api/v1/credentials/${row.id}/certificate.pdf`)).status).toBe(404);
  });
});

/** Fetches the status list named in the credential and decodes it here: multibase "u", base64url, gunzip. */
async function readStatusBit(jwt: string) {
  const status = (decodeJwt(jwt).vc as any).credentialStatus;
  const list = await fetch(status.statusListCredential, { headers: { accept: 'application/json' } }).then((r) => r.json());
  expect(list.type).toContain('BitstringStatusListCredential');
  expect(list.credentialSubject.statusPurpose).toBe('revocation');
  const encoded: string = list.credentialSubject.encodedList;
  expect(encoded[0]).toBe('u');
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  const index = Number(status.statusListIndex);
  return { bit: (bits[Math.floor(index / 8)] & (0x80 >> index % 8)) !== 0, bytes: bits.length };
}
