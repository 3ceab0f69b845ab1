import { createHash, randomBytes } from 'node:crypto';
import type { IssuerUrls } from './issuer-identity.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export interface AchievementInput {
  /** Stable id part, e.g. the program key. */
  key: string;
  name: string;
  description: string;
  criteriaNarrative: string;
}

export interface CredentialInput {
  credentialId: string;
  issuer: IssuerUrls & { name: string; url: string };
  recipientEmail: string;
  recipientName: string;
  achievement: AchievementInput;
  validFrom: Date;
  validUntil: Date;
  statusIndex: number;
}

/** OB 3.0 IdentityObject: the e-mail as salted SHA-256, so the credential does not publish it. */
export function hashedEmailIdentity(email: string, salt = randomBytes(8).toString('hex')) {
  const hash = createHash('sha256').update(email.trim().toLowerCase() + salt).digest('hex');
  return { type: 'IdentityObject', identityHash: `sha256$${hash}`, identityType: 'emailAddress', hashed: true, salt };
}

/** The Open Badges 3.0 AchievementCredential (VC Data Model 2.0) before signing. */
export function achievementCredential(input: CredentialInput) {
  const { issuer } = input;
  return {
    '@context': [VC_V2_CONTEXT, OB3_CONTEXT],
    id: `urn:uuid:${input.credentialId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.achievement.name,
    issuer: { id: issuer.did, type: ['Profile'], name: issuer.name, url: issuer.url },
    validFrom: input.validFrom.toISOString(),
    validUntil: input.validUntil.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: input.recipientName,
      identifier: [hashedEmailIdentity(input.recipientEmail)],
      achievement: {
        id: `${issuer.profileUrl}/achievements/${encodeURIComponent(input.achievement.key)}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: input.achievement.name,
        description: input.achievement.description,
        criteria: { narrative: input.achievement.criteriaNarrative },
        creator: { id: issuer.did, type: ['Profile'], name: issuer.name, url: issuer.url },
      },
    },
    credentialStatus: {
      id: `${issuer.statusListUrl}#${input.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.statusIndex),
      statusListCredential: issuer.statusListUrl,
    },
  };
}

export type AchievementCredential = ReturnType<typeof achievementCredential>;
