import { eq } from 'drizzle-orm';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import type { Db } from '../db/client.js';
import { issuerBySlug } from './issuer.js';
import { publishedKeys } from './keys.js';
import { bitAt, loadBits } from './status-list.js';
import { credentials } from './schema.js';

export type VerificationStatus = 'valid' | 'expired' | 'not_yet_valid' | 'revoked' | 'tampered';

export interface Verification {
  status: VerificationStatus;
  reasons: string[];
  credentialId: string | null;
  issuer: { id: string; name: string } | null;
  achievementName: string | null;
  recipientName: string | null;
  validFrom: string | null;
  validUntil: string | null;
  revokedReason: string | null;
  keyId: string | null;
}

const empty = (reasons: string[]): Verification => ({
  status: 'tampered',
  reasons,
  credentialId: null,
  issuer: null,
  achievementName: null,
  recipientName: null,
  validFrom: null,
  validUntil: null,
  revokedReason: null,
  keyId: null,
});

interface VcClaim {
  id?: string;
  name?: string;
  validFrom?: string;
  validUntil?: string;
  issuer?: { id?: string; name?: string };
  credentialSubject?: { name?: string; achievement?: { name?: string } };
  credentialStatus?: { statusListIndex?: string; statusListCredential?: string; statusPurpose?: string };
}

/**
 * Our own verifier: signature against the issuer's published keys (active or retired), then the
 * revocation bit, then the validity period. Tampering wins over everything else: an altered
 * credential says nothing trustworthy about its dates or status.
 */
export async function verifyCredentialJwt(db: Pick<Db, 'select'>, publicUrl: string, jwt: string, now = new Date()): Promise<Verification> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(jwt);
    payload = decodeJwt(jwt);
  } catch {
    return empty(['This is not a readable VC-JWT (three base64url parts with a JSON header and payload).']);
  }
  if (header.alg !== 'EdDSA') return empty([`Unexpected signature algorithm "${String(header.alg)}"; Milewide signs with EdDSA.`]);
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  const slug = decodeURIComponent(iss.split(':').at(-1) ?? '');
  const issuer = slug ? await issuerBySlug(db, publicUrl, slug) : null;
  if (!issuer || issuer.did !== iss) return empty([`The issuer "${iss}" is not an organisation on this server.`]);

  const vc = (payload.vc ?? {}) as VcClaim;
  const result: Verification = {
    ...empty([]),
    credentialId: vc.id?.replace(/^urn:uuid:/, '') ?? null,
    issuer: { id: issuer.did, name: issuer.name },
    achievementName: vc.credentialSubject?.achievement?.name ?? vc.name ?? null,
    recipientName: vc.credentialSubject?.name ?? null,
    validFrom: vc.validFrom ?? null,
    validUntil: vc.validUntil ?? null,
    keyId: header.kid ?? null,
  };

  const keyName = header.kid?.startsWith(`${issuer.did}#`) ? header.kid.slice(issuer.did.length + 1) : null;
  const key = keyName ? (await publishedKeys(db, issuer.orgId)).find((k) => k.keyName === keyName) : undefined;
  if (!key) return { ...result, status: 'tampered', reasons: [`The signing key "${header.kid ?? '(none)'}" is not one of the issuer's published keys.`] };
  try {
    await compactVerify(jwt, await importJWK(key.publicJwk, 'EdDSA'));
  } catch {
    return { ...result, status: 'tampered', reasons: ['The signature does not match the content: the credential was altered after it was issued.'] };
  }
  if (vc.issuer?.id !== iss) return { ...result, status: 'tampered', reasons: ['The credential names a different issuer than the one that signed it.'] };

  const index = Number(vc.credentialStatus?.statusListIndex);
  if (vc.credentialStatus?.statusPurpose === 'revocation' && Number.isInteger(index) && bitAt(await loadBits(db, issuer.orgId), index)) {
    const [row] = result.credentialId ? await db.select({ reason: credentials.revokedReason }).from(credentials).where(eq(credentials.id, result.credentialId)) : [];
    return { ...result, status: 'revoked', revokedReason: row?.reason ?? null, reasons: [`The issuer revoked this credential${row?.reason ? `: ${row.reason}` : '.'}`] };
  }
  const from = vc.validFrom ? new Date(vc.validFrom) : null;
  const until = vc.validUntil ? new Date(vc.validUntil) : null;
  if (until && until.getTime() <= now.getTime()) return { ...result, status: 'expired', reasons: [`The credential expired on ${until.toISOString().slice(0, 10)}.`] };
  if (from && from.getTime() > now.getTime()) return { ...result, status: 'not_yet_valid', reasons: [`The credential is valid from ${from.toISOString()}.`] };
  return { ...result, status: 'valid', reasons: ['Signature matches a published key of the issuer, not revoked, within its validity period.'] };
}

export async function findCredential(db: Pick<Db, 'select'>, id: string) {
  const [row] = await db.select().from(credentials).where(eq(credentials.id, id));
  return row ?? null;
}
