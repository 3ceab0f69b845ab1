import { SignJWT } from 'jose';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import { prepareSigning } from './issue.js';
import { VC_V2_CONTEXT, OB3_CONTEXT } from './credential-document.js';
import type { Issuer } from './issuer.js';
import { verificationMethodId } from './issuer-identity.js';
import { publishedKeys } from './keys.js';
import { encodeList, loadBits } from './status-list.js';

type Reader = Pick<Db, 'select'>;

/** Open Badges 3.0 issuer Profile. */
export function issuerProfile(issuer: Issuer) {
  return { '@context': [VC_V2_CONTEXT, OB3_CONTEXT], id: issuer.did, type: ['Profile'], name: issuer.name, url: issuer.url };
}

/** All keys, active and retired, as a JWKS (`kid` = the did:web verification method id). */
export async function issuerJwks(db: Reader, issuer: Issuer) {
  const keys = await publishedKeys(db, issuer.orgId);
  return { keys: keys.map((k) => ({ ...k.publicJwk, kid: verificationMethodId(issuer.did, k.keyName), alg: 'EdDSA', use: 'sig' })) };
}

/** The did:web document: one JsonWebKey2020 verification method per key. */
export async function issuerDidDocument(db: Reader, issuer: Issuer) {
  const keys = await publishedKeys(db, issuer.orgId);
  const methods = keys.map((k) => ({ id: verificationMethodId(issuer.did, k.keyName), type: 'JsonWebKey2020', controller: issuer.did, publicKeyJwk: k.publicJwk }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: issuer.did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
    authentication: methods.map((m) => m.id),
  };
}

/** W3C Bitstring Status List v1.0 credential for revocation (the unsecured document; see signedStatusListCredential). */
export async function statusListCredential(db: Reader, issuer: Issuer) {
  return {
    '@context': [VC_V2_CONTEXT],
    id: issuer.statusListUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuer.did,
    validFrom: new Date().toISOString(),
    credentialSubject: { id: `${issuer.statusListUrl}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeList(await loadBits(db, issuer.orgId)) },
  };
}

/**
 * The same status list credential secured as a VC-JWT (alg EdDSA, the issuer's active key), so a
 * verifier can check that the revocation bits really come from the issuer.
 */
export async function signedStatusListCredential(ctx: AppContext, issuer: Issuer): Promise<string> {
  const { key, signingKey } = await prepareSigning(ctx, issuer.orgId);
  const vc = await statusListCredential(ctx.db, issuer);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ vc })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: verificationMethodId(issuer.did, key.keyName) })
    .setIssuer(issuer.did)
    .setSubject(vc.credentialSubject.id)
    .setJti(vc.id)
    .setIssuedAt(now)
    .setNotBefore(now)
    .sign(signingKey);
}
