import { and, count, eq, isNull, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { recordAudit } from '../audit/service.js';
import { organisations } from '../org/schema.js';
import { passwordResets, people, sessions } from './schema.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';
import type { Actor } from '../access/policy.js';
import type { Role } from '../../shared/roles.js';
import { ensureDefaultPrograms } from '../certify/programs.js';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function slugify(name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return base || 'organisation';
}

export async function setupNeeded(ctx: AppContext): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(organisations);
  return Number(row.n) === 0;
}

export interface NewOrganisation {
  organisationName: string;
  name: string;
  email: string;
  password: string;
  careerLevel?: string;
  jobRole?: string;
}

/** Creates an organisation and its first administrator in one transaction. */
export async function createOrganisation(ctx: AppContext, input: NewOrganisation, opts: { onlyIfFirst?: boolean } = {}) {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    if (opts.onlyIfFirst) {
      // Setup requests arriving together each saw "no organisation yet"; they take turns and re-check here.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('first-run-setup'))`);
      const [existing] = await tx.select({ n: count() }).from(organisations);
      if (Number(existing.n) > 0) throw new AppError(409, 'already_set_up', 'This installation is already set up; sign in instead');
    }
    const [taken] = await tx.select({ id: people.id }).from(people).where(eq(people.email, email));
    if (taken) throw new AppError(409, 'conflict', 'That e-mail address already has an account', [{ path: 'body.email', message: 'already in use' }]);
    let slug = slugify(input.organisationName);
    const [slugTaken] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug));
    if (slugTaken) slug = `${slug}-${Date.now().toString(36)}`;
    const [org] = await tx.insert(organisations).values({ name: input.organisationName.trim(), slug }).returning();
    const [admin] = await tx
      .insert(people)
      .values({
        orgId: org.id,
        email,
        name: input.name.trim(),
        roles: ['org_admin', 'learner'],
        passwordHash,
        careerLevel: input.careerLevel ?? 'it_director',
        jobRole: input.jobRole ?? 'IT leader',
      })
      .returning();
    const actor: Actor = { personId: admin.id, orgId: org.id, email, name: admin.name, roles: admin.roles as Role[], via: 'session' };
    await recordAudit(tx, actor, { action: 'organisation.create', entityType: 'organisation', entityId: org.id, after: org });
    await recordAudit(tx, actor, { action: 'person.create', entityType: 'person', entityId: admin.id, after: admin });
    await ensureDefaultPrograms(tx, org.id);
    return { org, admin };
  });
}

export class LockedError extends AppError {
  constructor(until: Date) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    super(423, 'account_locked', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`);
  }
}

/** Checks credentials with lockout after repeated failures; returns a new session. */
export async function login(ctx: AppContext, emailInput: string, password: string, userAgent: string) {
  const email = normaliseEmail(emailInput);
  const [person] = await ctx.db.select().from(people).where(eq(people.email, email));
  const wrong = new AppError(401, 'invalid_credentials', 'The e-mail address or password is wrong');
  if (!person || person.status !== 'active' || !person.passwordHash) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw wrong;
  }
  if (person.lockedUntil && person.lockedUntil > new Date()) throw new LockedError(person.lockedUntil);
  if (!(await verifyPassword(person.passwordHash, password))) {
    // Counted in the database, so failures sent at once are all counted and cannot dodge the lock.
    const [counted] = await ctx.db
      .update(people)
      .set({ failedLogins: sql`${people.failedLogins} + 1` })
      .where(eq(people.id, person.id))
      .returning({ failures: people.failedLogins });
    const lock = counted.failures >= ctx.config.loginMaxFailures;
    const lockedUntil = lock ? new Date(Date.now() + ctx.config.loginLockMinutes * 60_000) : null;
    if (lockedUntil) await ctx.db.update(people).set({ failedLogins: 0, lockedUntil }).where(eq(people.id, person.id));
    if (lockedUntil) {
      await recordAudit(ctx.db, null, { orgId: person.orgId, action: 'person.lock', entityType: 'person', entityId: person.id, after: { email, lockedUntil } });
      throw new LockedError(lockedUntil);
    }
    throw wrong;
  }
  await ctx.db
    .update(people)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
    .where(eq(people.id, person.id));
  const session = await createSession(ctx.db, person.id, ctx.config.sessionDays, userAgent);
  return { person, session };
}

/** Changes the password and ends every other session of the person (the current one stays). */
export async function changePassword(ctx: AppContext, actor: Actor, current: string, next: string) {
  const [person] = await ctx.db.select().from(people).where(eq(people.id, actor.personId));
  if (!(await verifyPassword(person.passwordHash, current))) {
    throw new AppError(400, 'wrong_password', 'The current password is wrong', [{ path: 'body.currentPassword', message: 'is wrong' }]);
  }
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await tx.update(people).set({ passwordHash, updatedAt: sql`now()` }).where(eq(people.id, actor.personId));
    // A reset link requested before the change must not undo it.
    await tx.update(passwordResets).set({ usedAt: new Date() }).where(and(eq(passwordResets.personId, actor.personId), isNull(passwordResets.usedAt)));
    await tx
      .delete(sessions)
      .where(actor.sessionHash ? and(eq(sessions.personId, actor.personId), ne(sessions.tokenHash, actor.sessionHash)) : eq(sessions.personId, actor.personId));
    await recordAudit(tx, actor, { action: 'person.password_change', entityType: 'person', entityId: actor.personId });
  });
}
