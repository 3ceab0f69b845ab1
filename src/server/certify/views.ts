import { z } from 'zod';
import type { CredentialRow } from './issue.js';
import { credentialVerifyPageUrl } from './issuer-identity.js';

export const verificationSchema = z.object({
  status: z.enum(['valid', 'expired', 'not_yet_valid', 'revoked', 'tampered']),
  reasons: z.array(z.string()),
  credentialId: z.string().nullable(),
  issuer: z.object({ id: z.string(), name: z.string() }).nullable(),
  achievementName: z.string().nullable(),
  recipientName: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  revokedReason: z.string().nullable(),
  keyId: z.string().nullable(),
});

export const credentialSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  programId: z.uuid().nullable(),
  achievementName: z.string(),
  jwt: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  supersededBy: z.uuid().nullable(),
  verifyUrl: z.string(),
  verifyApiUrl: z.string(),
  pdfUrl: z.string(),
  linkedInAddToProfileUrl: z.string(),
});

/** LinkedIn "Add to profile" link for a certification (https://addtoprofile.linkedin.com). */
export function linkedInAddToProfileUrl(row: CredentialRow, organisationName: string, verifyUrl: string): string {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: row.achievementName,
    organizationName: organisationName,
    issueYear: String(row.validFrom.getUTCFullYear()),
    issueMonth: String(row.validFrom.getUTCMonth() + 1),
    expirationYear: String(row.validUntil.getUTCFullYear()),
    expirationMonth: String(row.validUntil.getUTCMonth() + 1),
    certUrl: verifyUrl,
    certId: row.id,
  });
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

export function credentialView(row: CredentialRow, publicUrl: string, organisationName: string): z.infer<typeof credentialSchema> {
  const verifyUrl = credentialVerifyPageUrl(publicUrl, row.id);
  return {
    id: row.id,
    personId: row.personId,
    programId: row.programId,
    achievementName: row.achievementName,
    jwt: row.jwt,
    validFrom: row.validFrom.toISOString(),
    validUntil: row.validUntil.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.revokedReason,
    supersededBy: row.supersededBy,
    verifyUrl,
    verifyApiUrl: `${publicUrl.replace(/\/$/, '')}/api/v1/public/credentials/${row.id}/verify`,
    pdfUrl: `${publicUrl.replace(/\/$/, '')}/api/v1/credentials/${row.id}/certificate.pdf`,
    linkedInAddToProfileUrl: linkedInAddToProfileUrl(row, organisationName, verifyUrl),
  };
}
