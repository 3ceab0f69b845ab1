import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../access/policy.js';
import { AppError, notFound } from '../http/errors.js';
import { hashSecret, newSecret } from '../http/tokens.js';
import { recordAudit } from '../audit/service.js';
import { writeEmail } from '../notify/outbox.js';
import { organisations } from '../org/schema.js';
import { invitations, people } from './schema.js';
import { hashPassword } from './passwords.js';
import { createSession } from './sessions.js';
import { normaliseEmail } from './service.js';
import { assertPersonRefs, insertPerson, wouldCreateCycle, type PersonFields } from '../people/service.js';
import { lockReportingLines } from '../org/locks.js';
import type { PageQuery } from '../http/pagination.js';

export const INVITATION_DAYS = 7;

export const invitationSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  email: z.string(),
  name: z.string(),
  status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
  createdAt: z.date(),
  expiresAt: z.date(),
  invitedByName: z.string().nullable(),
});

const inviter = alias(people, 'inviter');

function statusOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }) {
  if (row.acceptedAt) return 'accepted' as const;
  if (row.revokedAt) return 'revoked' as const;
  if (row.expiresAt <= new Date()) return 'expired' as const;
  return 'pending' as const;
}

async function selectInvitations(ctx: AppContext, orgId: string, id?: string, pageQ?: PageQuery) {
  let q = ctx.db
    .select({
      id: invitations.id,
      personId: invitations.personId,
      email: people.email,
      name: people.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      invitedByName: inviter.name,
    })
    .from(invitations)
    .innerJoin(people, eq(people.id, invitations.personId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(id ? and(eq(invitations.orgId, orgId), eq(invitations.id, id)) : eq(invitations.orgId, orgId))
    .orderBy(desc(invitations.createdAt))
    .$dynamic();
  if (pageQ) q = q.limit(pageQ.limit).offset(pageQ.offset);
  return (await q).map(({ acceptedAt, revokedAt, ...r }) => ({ ...r, status: statusOf({ acceptedAt, revokedAt, expiresAt: r.expiresAt }) }));
}

export async function listInvitations(ctx: AppContext, actor: Actor, q: PageQuery) {
  const items = await selectInvitations(ctx, actor.orgId, undefined, q);
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(invitations).where(eq(invitations.orgId, actor.orgId));
  return { items, total: Number(row.n), limit: q.limit, offset: q.offset };
}

async function getInvitation(ctx: AppContext, actor: Actor, id: string) {
  const [inv] = await selectInvitations(ctx, actor.orgId, id);
  if (!inv) throw notFound('Invitation');
  return inv;
}

function invitationEmail(ctx: AppContext, orgName: string, inviterName: string, personName: string, token: string) {
  return [
    `Hello ${personName},`,
    '',
    `${inviterName} has invited you to ${orgName} on Milewide, where you will find your career path, lessons, exams and the manager's toolkit.`,
    '',
    `Open this link within ${INVITATION_DAYS} days to choose your password:`,
    '',
    `${ctx.config.publicUrl}/invite?token=${token}`,
  ].join('\n');
}

export type InviteInput = { email: string; name: string } & PersonFields;

/** Invites someone: creates (or reuses) their person record without a password and e-mails a link. */
export async function invite(ctx: AppContext, actor: Actor, input: InviteInput) {
  const email = normaliseEmail(input.email);
  const { token, hash } = newSecret();
  const result = await ctx.db.transaction(async (tx) => {
    await assertPersonRefs(tx, actor.orgId, input);
    const [existing] = await tx.select().from(people).where(eq(people.email, email));
    if (existing && existing.orgId !== actor.orgId) {
      throw new AppError(409, 'conflict', 'That e-mail address belongs to another organisation on this installation', [{ path: 'body.email', message: 'already in use' }]);
    }
    if (existing && existing.status !== 'active') {
      throw new AppError(409, 'conflict', `${email} belongs to a deactivated person; reactivate them before inviting`, [{ path: 'body.email', message: 'belongs to a deactivated person' }]);
    }
    if (existing?.passwordHash) {
      throw new AppError(409, 'conflict', `${email} already has an account here`, [{ path: 'body.email', message: 'already has an account' }]);
    }
    let personId = existing?.id;
    if (!personId) {
      personId = await insertPerson(tx, actor, { ...input, email });
    } else {
      // Re-inviting someone not yet signed in: what the admin filled in now replaces what was there.
      const fields = { teamId: input.teamId, managerId: input.managerId, careerLevel: input.careerLevel, jobRole: input.jobRole, roles: input.roles };
      const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      if (Object.keys(changes).length) {
        if (changes.managerId) {
          await lockReportingLines(tx, actor.orgId);
          if (await wouldCreateCycle(tx, personId, changes.managerId as string)) {
            throw new AppError(400, 'invalid_reference', 'That manager would make a reporting loop', [{ path: 'body.managerId', message: 'would make a reporting loop' }]);
          }
        }
        await tx.update(people).set({ ...changes, updatedAt: new Date() }).where(eq(people.id, personId));
        const before = Object.fromEntries(Object.keys(changes).map((k) => [k, (existing as Record<string, unknown>)[k]]));
        await recordAudit(tx, actor, { action: 'person.update', entityType: 'person', entityId: personId, before, after: changes });
      }
    }
    // A new invitation replaces any pending one for the same person.
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.personId, personId), sql`${invitations.acceptedAt} is null and ${invitations.revokedAt} is null`));
    const [inv] = await tx
      .insert(invitations)
      .values({ orgId: actor.orgId, personId, tokenHash: hash, invitedBy: actor.personId, expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000) })
      .returning();
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, actor.orgId));
    const mailId = await writeEmail(tx, {
      orgId: actor.orgId,
      to: email,
      kind: 'invitation',
      subject: `You are invited to ${org.name} on Milewide`,
      text: invitationEmail(ctx, org.name, actor.name, existing?.name ?? input.name, token),
    });
    await recordAudit(tx, actor, { action: 'invitation.create', entityType: 'invitation', entityId: inv.id, after: { email, expiresAt: inv.expiresAt } });
    return { id: inv.id, mailId };
  });
  await ctx.email.deliver([result.mailId]);
  return getInvitation(ctx, actor, result.id);
}

export async function resendInvitation(ctx: AppContext, actor: Actor, id: string) {
  const inv = await getInvitation(ctx, actor, id);
  if (inv.status === 'accepted') throw new AppError(409, 'already_accepted', 'That invitation was already accepted');
  return invite(ctx, actor, { email: inv.email, name: inv.name });
}

export async function revokeInvitation(ctx: AppContext, actor: Actor, id: string) {
  const inv = await getInvitation(ctx, actor, id);
  if (inv.status === 'accepted') throw new AppError(409, 'already_accepted', 'That invitation was already accepted; deactivate the person instead');
  if (inv.status === 'revoked') return inv;
  await ctx.db.transaction(async (tx) => {
    await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, id));
    await recordAudit(tx, actor, { action: 'invitation.revoke', entityType: 'invitation', entityId: id, before: { status: inv.status }, after: { status: 'revoked' } });
  });
  return getInvitation(ctx, actor, id);
}

async function usableInvitation(ctx: AppContext, token: string) {
  const [row] = await ctx.db
    .select({ inv: invitations, person: people, orgName: organisations.name })
    .from(invitations)
    .innerJoin(people, eq(people.id, invitations.personId))
    .innerJoin(organisations, eq(organisations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, hashSecret(token)));
  if (!row) throw new AppError(404, 'not_found', 'That invitation link is not valid; ask your administrator for a new one');
  const status = statusOf(row.inv);
  if (status === 'accepted') throw new AppError(410, 'invitation_used', 'That invitation was already accepted; sign in instead');
  if (status === 'revoked') throw new AppError(410, 'invitation_revoked', 'That invitation was withdrawn; ask your administrator for a new one');
  if (status === 'expired') throw new AppError(410, 'invitation_expired', 'That invitation has expired; ask your administrator for a new one');
  if (row.person.status !== 'active') throw new AppError(410, 'invitation_revoked', 'That invitation was withdrawn; ask your administrator for a new one');
  return row;
}

export async function lookupInvitation(ctx: AppContext, token: string) {
  const row = await usableInvitation(ctx, token);
  return { email: row.person.email, name: row.person.name, organisationName: row.orgName, expiresAt: row.inv.expiresAt };
}

export async function acceptInvitation(ctx: AppContext, token: string, password: string, userAgent: string) {
  const row = await usableInvitation(ctx, token);
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, row.inv.id), sql`${invitations.acceptedAt} is null`))
      .returning();
    if (claimed.length === 0) throw new AppError(410, 'invitation_used', 'That invitation was already accepted; sign in instead');
    // Only an active person: one deactivated since the check above must stay locked out.
    const passwordSet = await tx
      .update(people)
      .set({ passwordHash, updatedAt: new Date() })
      .where(and(eq(people.id, row.person.id), eq(people.status, 'active')))
      .returning({ id: people.id });
    if (passwordSet.length === 0) throw new AppError(410, 'invitation_revoked', 'That invitation was withdrawn; ask your administrator for a new one');
    const actor: Actor = { personId: row.person.id, orgId: row.person.orgId, email: row.person.email, name: row.person.name, roles: [], via: 'session' };
    await recordAudit(tx, actor, { action: 'invitation.accept', entityType: 'invitation', entityId: row.inv.id });
  });
  const session = await createSession(ctx.db, row.person.id, ctx.config.sessionDays, userAgent);
  return { person: row.person, session };
}
