import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { hashSecret, newSecret } from '../http/tokens.js';
import { recordAudit } from '../audit/service.js';
import { writeEmail } from '../notify/outbox.js';
import { invitations, passwordResets, people } from './schema.js';
import { hashPassword } from './passwords.js';
import { endAllSessions } from './sessions.js';
import { normaliseEmail } from './service.js';

const RESET_MINUTES = 60;

export async function requestPasswordReset(ctx: AppContext, emailInput: string): Promise<void> {
  const email = normaliseEmail(emailInput);
  const [person] = await ctx.db.select().from(people).where(eq(people.email, email));
  if (!person || person.status !== 'active') return;
  const { token, hash } = newSecret();
  const link = `${ctx.config.publicUrl}/reset-password?token=${token}`;
  const id = await ctx.db.transaction(async (tx) => {
    await tx.insert(passwordResets).values({ tokenHash: hash, personId: person.id, expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000) });
    return writeEmail(tx, {
      orgId: person.orgId,
      to: email,
      kind: 'password_reset',
      subject: 'Reset your Milewide password',
      text: [
        `Hello ${person.name},`,
        '',
        `Someone asked to reset the password for ${email}. To choose a new password, open this link within ${RESET_MINUTES} minutes:`,
        '',
        link,
        '',
        'If it was not you, ignore this message: your password stays as it is.',
      ].join('\n'),
    });
  });
  await ctx.email.deliver([id]);
}

export async function completePasswordReset(ctx: AppContext, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const personId = await ctx.db.transaction(async (tx) => {
    const [reset] = await tx.select().from(passwordResets).where(eq(passwordResets.tokenHash, hashSecret(token)));
    if (!reset) throw new AppError(404, 'not_found', 'That reset link is not valid; ask for a new one');
    if (reset.usedAt) throw new AppError(410, 'reset_used', 'That reset link was already used; ask for a new one');
    if (reset.expiresAt <= new Date()) throw new AppError(410, 'reset_expired', 'That reset link has expired; ask for a new one');
    const claimed = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.tokenHash, reset.tokenHash), isNull(passwordResets.usedAt)))
      .returning();
    if (claimed.length === 0) throw new AppError(410, 'reset_used', 'That reset link was already used; ask for a new one');
    const [person] = await tx
      .update(people)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(people.id, reset.personId))
      .returning();
    // Any other reset link still in the mailbox must not set the password again.
    await tx.update(passwordResets).set({ usedAt: new Date() }).where(and(eq(passwordResets.personId, person.id), isNull(passwordResets.usedAt)));
    // The reset proved the address, so a pending invitation is spent too: accepting it later must not replace this password.
    await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.personId, person.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    await recordAudit(tx, null, { orgId: person.orgId, action: 'person.password_reset', entityType: 'person', entityId: person.id });
    return person.id;
  });
  // A reset means the old password may be known to someone else: end every session.
  await endAllSessions(ctx.db, personId);
}
