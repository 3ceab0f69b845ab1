import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import type { AppContext } from '../context.js';
import type { Actor } from '../access/policy.js';
import { recordAudit } from '../audit/service.js';
import { people } from '../identity/schema.js';
import { notFound } from '../http/errors.js';
import { achievementCredential, type AchievementInput } from './credential-document.js';
import { issuerForOrg, vaultOf } from './issuer.js';
import { verificationMethodId } from './issuer-identity.js';
import { ensureActiveKey, privateKeyOf } from './keys.js';
import { allocateStatusIndex } from './status-list.js';
import { credentials } from './schema.js';

export const DEFAULT_VALIDITY_DAYS = 3 * 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface IssueInput {
  orgId: string;
  personId: string;
  programId?: string | null;
  achievement: AchievementInput;
  validityDays?: number;
  /** Defaults to now; the renewal and tests give it explicitly. */
  validFrom?: Date;
}

export type CredentialRow = typeof credentials.$inferSelect;

type Tx = Parameters<Parameters<AppContext['db']['transaction']>[0]>[0];

/** The issuer and its active signing key, read before the issuing transaction opens. */
export async function prepareSigning(ctx: AppContext, orgId: string) {
  const issuer = await issuerForOrg(ctx.db, ctx.config.publicUrl, orgId);
  if (!issuer) throw notFound('Organisation');
  const vault = vaultOf(ctx);
  const key = await ensureActiveKey(ctx.db, vault, orgId);
  return { issuer, key, signingKey: await privateKeyOf(vault, key) };
}
export type Signing = Awaited<ReturnType<typeof prepareSigning>>;

/**
 * Signs an Open Badges 3.0 AchievementCredential as a VC-JWT (alg EdDSA, the org's active key,
 * `kid` = the key's did:web verification method) and stores it with its status-list index.
 */
export async function issueCredential(ctx: AppContext, actor: Actor | null, input: IssueInput): Promise<CredentialRow> {
  const signing = await prepareSigning(ctx, input.orgId);
  return ctx.db.transaction((tx) => issueInTx(tx, signing, actor, input));
}

/** The signing and storing part of issueCredential, inside the caller's transaction. */
export async function issueInTx(tx: Tx, signing: Signing, actor: Actor | null, input: IssueInput): Promise<CredentialRow> {
  const { issuer, key, signingKey } = signing;
  const [person] = await tx.select().from(people).where(eq(people.id, input.personId));
  if (!person || person.orgId !== input.orgId) throw notFound('Person');
  const validFrom = new Date(Math.floor((input.validFrom ?? new Date()).getTime() / 1000) * 1000);
  const validUntil = new Date(validFrom.getTime() + (input.validityDays ?? DEFAULT_VALIDITY_DAYS) * DAY_MS);
  const credentialId = randomUUID();
  const statusIndex = await allocateStatusIndex(tx, input.orgId);
  const vc = achievementCredential({
    credentialId,
    issuer,
    recipientEmail: person.email,
    recipientName: person.name,
    achievement: input.achievement,
    validFrom,
    validUntil,
    statusIndex,
  });
  const jwt = await new SignJWT({ vc })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: verificationMethodId(issuer.did, key.keyName) })
    .setIssuer(issuer.did)
    .setJti(vc.id)
    .setIssuedAt()
    .setNotBefore(Math.floor(validFrom.getTime() / 1000))
    .setExpirationTime(Math.floor(validUntil.getTime() / 1000))
    .sign(signingKey);
  const [row] = await tx
    .insert(credentials)
    .values({ id: credentialId, orgId: input.orgId, personId: person.id, programId: input.programId ?? null, achievementName: input.achievement.name, jwt, keyName: key.keyName, statusIndex, validFrom, validUntil })
    .returning();
  await recordAudit(tx, actor, { orgId: input.orgId, action: 'certify.credential.issue', entityType: 'credential', entityId: row.id, after: { personId: person.id, programId: row.programId, achievement: row.achievementName, validUntil, keyName: key.keyName, statusIndex } });
  return row;
}
