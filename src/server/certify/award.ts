import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import type { Actor } from '../access/policy.js';
import { conflict } from '../http/errors.js';
import { issueInTx, prepareSigning, type CredentialRow } from './issue.js';
import { enrolments } from './program-schema.js';
import { loadProgram, requireEnrolment } from './programs.js';
import { requirementStatus } from './requirements.js';
import { credentials } from './schema.js';

/**
 * Issues the program's credential once every requirement is met, once per enrolment. The
 * enrolment row is locked for the whole check-and-issue, so claims arriving together take turns:
 * the first issues, the others find its credential and return it.
 */
export async function claimCredential(ctx: AppContext, actor: Actor, programId: string): Promise<{ credential: CredentialRow; created: boolean }> {
  const program = await loadProgram(ctx.db, actor, programId);
  await requireEnrolment(ctx.db, programId, actor.personId);
  const signing = await prepareSigning(ctx, actor.orgId);
  return ctx.db.transaction(async (tx) => {
    const [enrolment] = await tx.select().from(enrolments).where(eq(enrolments.id, (await requireEnrolment(tx, programId, actor.personId)).id)).for('update');
    if (enrolment.credentialId) {
      const [existing] = await tx.select().from(credentials).where(eq(credentials.id, enrolment.credentialId));
      return { credential: existing, created: false };
    }
    const open = (await requirementStatus(tx, program, actor.personId, enrolment.id)).filter((r) => !r.met);
    if (open.length) throw conflict(`Not yet: ${open.map((r) => `${r.title} (${r.detail})`).join('; ')}`);
    const credential = await issueInTx(tx, signing, actor, {
      orgId: actor.orgId,
      personId: actor.personId,
      programId: program.id,
      achievement: { key: program.programKey, name: program.name, description: program.description, criteriaNarrative: program.criteriaNarrative },
      validityDays: program.validityDays,
    });
    await tx.update(enrolments).set({ credentialId: credential.id }).where(eq(enrolments.id, enrolment.id));
    return { credential, created: true };
  });
}
