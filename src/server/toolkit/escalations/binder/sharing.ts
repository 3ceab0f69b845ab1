import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { Actor } from '../../../access/policy.js';
import { AppError } from '../../../http/errors.js';
import { recordAudit } from '../../../audit/service.js';
import { writeEmail } from '../../../notify/outbox.js';
import { assertActivePeople, personRefSchema, type PersonRef } from './people-refs.js';
import { publishedDetail, type PublishedDetail } from './published-view.js';
import { loadProcedure } from './procedures.js';
import { escalationProcedureShares } from './schema.js';

export const shareBody = z.strictObject({
  personIds: z.array(z.uuid()).min(1, 'choose at least one person').max(100),
  message: z.string().trim().max(2000).optional(),
});
export const shareResultSchema = z.object({
  version: z.number().int(),
  sent: z.array(personRefSchema),
  /** Already sent this version before; not sent again. */
  alreadyShared: z.array(personRefSchema),
});

export const minutesLabel = (m: number) => (m === 0 ? 'at once' : m % 60 === 0 ? `${m / 60} h` : m > 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`);

/** The procedure as plain text, for the e-mail that shares it. */
export function procedureAsText(p: PublishedDetail, publicUrl: string): string {
  const contactName = (id: string) => p.contacts.find((c) => c.id === id)?.name ?? id;
  const lines = [
    `${p.title} (version ${p.version})`,
    `Situation: ${p.situationLabel}`,
    '',
    p.summary,
    '',
    `Owning Expert: ${p.expert?.name ?? 'not named'}`,
    `IT point person: ${p.itPointPerson?.name ?? 'not named'}`,
    `Site point person: ${p.sitePointPerson?.name ?? p.sitePointContact?.name ?? 'not named'}`,
    `Sites: ${p.sites.join(', ') || '-'}`,
    `Services: ${p.services.join(', ') || '-'}`,
    '',
    'Timed steps after the problem is reported:',
    ...p.steps.map((s) => `- ${minutesLabel(s.offsetMinutes)}: ${s.title}. Told: ${s.notify.map(contactName).join(', ')}. Expected: ${s.expected}`),
    p.repeatEveryMinutes ? `- Then every ${minutesLabel(p.repeatEveryMinutes)} until resolved: repeat the last step.` : '',
    '',
    `Status updates go out every ${minutesLabel(p.statusUpdateEveryMinutes)} while the problem lasts.`,
    '',
    `The escalation binder: ${publicUrl}/toolkit/escalations/binder/${p.procedureId}`,
  ];
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}

/**
 * Sends the version in force to the managers it affects (step 6, optional). Each person gets it
 * once per version; the e-mail goes through the outbox so it survives a restart.
 */
export async function shareProcedure(ctx: AppContext, actor: Actor, id: string, input: z.infer<typeof shareBody>) {
  const procedure = await loadProcedure(ctx.db, actor.orgId, id);
  if (procedure.currentVersion === null || procedure.status === 'archived') {
    throw new AppError(409, 'invalid_state', 'Only a published procedure can be shared; publish it first');
  }
  const detail = await publishedDetail(ctx.db, actor, id);
  const personIds = [...new Set(input.personIds)];
  const { sent, alreadyShared, outboxIds } = await ctx.db.transaction(async (tx) => {
    const people = await assertActivePeople(tx, actor.orgId, personIds.map((pid, i) => ({ path: `body.personIds.${i}`, id: pid })));
    const before = await tx
      .select({ personId: escalationProcedureShares.personId })
      .from(escalationProcedureShares)
      .where(and(eq(escalationProcedureShares.procedureId, id), eq(escalationProcedureShares.version, detail.version), inArray(escalationProcedureShares.personId, personIds)));
    const done = new Set(before.map((b) => b.personId));
    const sent: PersonRef[] = [];
    const outboxIds: string[] = [];
    const body = procedureAsText(detail, ctx.config.publicUrl);
    for (const pid of personIds) {
      const person = people.get(pid) as PersonRef;
      if (done.has(pid)) continue;
      const intro = `${actor.name} shared an escalation procedure with you: what IT does, and who is told when, if this happens.${input.message ? `\n\n${input.message}` : ''}`;
      outboxIds.push(
        await writeEmail(tx, { orgId: actor.orgId, to: person.email, subject: `Escalation procedure: ${detail.title}`, text: `Hello ${person.name},\n\n${intro}\n\n${body}\n`, kind: 'escalation_procedure_share' }),
      );
      await tx.insert(escalationProcedureShares).values({ orgId: actor.orgId, procedureId: id, version: detail.version, personId: pid, sharedBy: actor.personId });
      sent.push(person);
    }
    if (sent.length) {
      await recordAudit(tx, actor, { action: 'escalation.procedure.share', entityType: 'escalation_procedure', entityId: id, after: { version: detail.version, personIds: sent.map((p) => p.id) } });
    }
    return { sent, alreadyShared: personIds.filter((pid) => done.has(pid)).map((pid) => people.get(pid) as PersonRef), outboxIds };
  });
  await ctx.email.deliver(outboxIds);
  return { version: detail.version, sent, alreadyShared };
}
