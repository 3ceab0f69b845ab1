import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Actor } from '../access/policy.js';
import { conflict } from '../http/errors.js';
import { issueCredential, type CredentialRow } from './issue.js';
import { enrolments } from './program-schema.js';
import { loadProgram, requireEnrolment } from './programs.js';
import { requirementStatus } from './requirements.js';
import { findCredential } from './verify.js';

/** Issues the program's credential once every requirement is met (once per enrolment). */
export async function claimCredential(ctx: AppContext, actor: Actor, programId: string): Promise<{ credential: CredentialRow; created: boolean }> {
  const program = await loadProgram(ctx.db, actor, programId);
  const enrolment = await requireEnrolment(ctx.db, programId, actor.personId);
  if (enrolment.credentialId) return { credential: (await findCredential(ctx.db, enrolment.credentialId))!, created: false };
  const open = (await requirementStatus(ctx.db, program, actor.personId, enrolment.id)).filter((r) => !r.met);
  if (open.length) throw conflict(`Not yet: ${open.map((r) => `${r.title} (${r.detail})`).join('; ')}`);
  const credential = await issueCredential(ctx, actor, {
    orgId: actor.orgId,
    personId: actor.personId,
    programId: program.id,
    achievement: { key: program.programKey, name: program.name, description: program.description, criteriaNarrative: program.criteriaNarrative },
    validityDays: program.validityDays,
  });
  // Two claims at once: only the first links its credential; the other revokes nothing but is reported.
  const [linked] = await ctx.db.update(enrolments).set({ credentialId: credential.id }).where(and(eq(enrolments.id, enrolment.id), isNull(enrolments.credentialId))).returning();
  if (!linked) {
    const [current] = await ctx.db.select().from(enrolments).where(eq(enrolments.id, enrolment.id));
    return { credential: (await findCredential(ctx.db, current.credentialId!))!, created: false };
  }
  return { credential, created: true };
}
