/**
 * How an organisation is named as an issuer. We use did:web: the issuer id is a DID that resolves
 * to `<PUBLIC_URL>/api/v1/public/issuers/<slug>/did.json`, whose verification methods are the
 * organisation's Ed25519 keys (active and retired). The same keys are served as a JWKS, and the
 * Open Badges issuer Profile at `<PUBLIC_URL>/api/v1/public/issuers/<slug>`.
 * Changing PUBLIC_URL changes the DID, so credentials issued earlier name the old one.
 */
export interface IssuerUrls {
  did: string;
  profileUrl: string;
  didDocumentUrl: string;
  jwksUrl: string;
  statusListUrl: string;
}

export function issuerUrls(publicUrl: string, slug: string): IssuerUrls {
  const base = `${publicUrl.replace(/\/$/, '')}/api/v1/public/issuers/${encodeURIComponent(slug)}`;
  return {
    did: didWebFor(base),
    profileUrl: base,
    didDocumentUrl: `${base}/did.json`,
    jwksUrl: `${base}/jwks.json`,
    statusListUrl: `${base}/status/revocation`,
  };
}

/** did:web for a URL path: host (port as %3A) then each path segment, colon-separated. */
export function didWebFor(url: string): string {
  const u = new URL(url);
  const host = encodeURIComponent(u.host);
  const segments = u.pathname.split('/').filter(Boolean).map((s) => encodeURIComponent(decodeURIComponent(s)));
  return ['did:web', host, ...segments].join(':');
}

/** The https URL a did:web resolves to (the did.json document). */
export function didWebToUrl(did: string, scheme: 'https' | 'http' = 'https'): string {
  const [, method, host, ...segments] = did.split(':');
  if (method !== 'web' || !host) throw new Error(`Not a did:web: ${did}`);
  const path = segments.length ? `/${segments.map(decodeURIComponent).join('/')}/did.json` : '/.well-known/did.json';
  return `${scheme}://${decodeURIComponent(host)}${path}`;
}

export function verificationMethodId(did: string, keyName: string): string {
  return `${did}#${keyName}`;
}

export function credentialVerifyPageUrl(publicUrl: string, credentialId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/credentials/${credentialId}`;
}
