import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { can, type Actor } from '../../../access/policy.js';
import { AppError } from '../../../http/errors.js';
import { peopleByIds } from './people-refs.js';
import { escalationProcedureShares, escalationProcedures, escalationProposals, escalationSupportAreas } from './schema.js';

/** DOMAIN.md's six steps of building a binder, in order. */
export const BUILD_STEPS = [
  { step: 1, key: 'assign-experts', label: 'Assign an Expert to each support area' },
  { step: 2, key: 'propose-situations', label: 'Experts propose the situations that need a procedure' },
  { step: 3, key: 'agree-list', label: 'Agree the list: accept or decline each proposal' },
  { step: 4, key: 'draft', label: 'Experts draft the procedures' },
  { step: 5, key: 'review', label: 'Review and tune each draft' },
  { step: 6, key: 'publish', label: 'Publish into the binder and share with affected managers' },
] as const;

const party = z.object({ kind: z.enum(['expert', 'manager']), personId: z.uuid().nullable(), name: z.string() });
const waitingSchema = z.object({
  step: z.number().int(),
  /** Who has to act next. */
  on: party,
  /** Who is held up until they do. */
  waiting: party,
  action: z.string(),
  item: z.object({ type: z.enum(['support-area', 'proposal', 'procedure']), id: z.uuid(), title: z.string() }),
});

export const progressSchema = z.object({
  steps: z.array(
    z.object({
      step: z.number().int(),
      key: z.string(),
      label: z.string(),
      done: z.boolean(),
      counts: z.record(z.string(), z.number().int()),
    }),
  ),
  /** The first step not done yet; 7 when every step is done. */
  currentStep: z.number().int(),
  next: z.string(),
  waiting: z.array(waitingSchema),
});
type Waiting = z.infer<typeof waitingSchema>;

const MANAGERS = { kind: 'manager' as const, personId: null, name: 'People managers and admins' };

/** Where the organisation's binder stands: per step what is done, what comes next, and who waits on whom. */
export async function binderProgress(ctx: AppContext, actor: Actor): Promise<z.infer<typeof progressSchema>> {
  const orgId = actor.orgId;
  const [areas, proposals, procedures, shared] = await Promise.all([
    ctx.db.select().from(escalationSupportAreas).where(eq(escalationSupportAreas.orgId, orgId)).orderBy(escalationSupportAreas.name),
    ctx.db.select().from(escalationProposals).where(eq(escalationProposals.orgId, orgId)).orderBy(escalationProposals.createdAt),
    ctx.db
      .select()
      .from(escalationProcedures)
      .where(and(eq(escalationProcedures.orgId, orgId), ne(escalationProcedures.status, 'archived')))
      .orderBy(escalationProcedures.title),
    ctx.db.select({ n: sql<number>`count(distinct ${escalationProcedureShares.procedureId})::int` }).from(escalationProcedureShares).where(eq(escalationProcedureShares.orgId, orgId)),
  ]);
  const people = await peopleByIds(ctx.db, orgId, [...areas.map((a) => a.expertPersonId), ...procedures.map((p) => p.expertPersonId)]);
  const expert = (personId: string | null, areaName?: string) =>
    personId ? { kind: 'expert' as const, personId, name: people.get(personId)?.name ?? 'Former Expert' } : { kind: 'expert' as const, personId: null, name: areaName ? `The Expert for ${areaName} (not assigned)` : 'No Expert assigned' };
  const areaById = new Map(areas.map((a) => [a.id, a]));
  const waiting: Waiting[] = [];

  // Step 1
  const withoutExpert = areas.filter((a) => !a.expertPersonId);
  for (const a of withoutExpert) waiting.push({ step: 1, on: MANAGERS, waiting: expert(null, a.name), action: 'assign an Expert', item: { type: 'support-area', id: a.id, title: a.name } });

  // Step 2: an area is covered once it has a proposal or a procedure.
  const covered = new Set([...proposals.map((p) => p.supportAreaId), ...procedures.map((p) => p.supportAreaId)]);
  const areasWithExpert = areas.filter((a) => a.expertPersonId);
  const silent = areasWithExpert.filter((a) => !covered.has(a.id));
  for (const a of silent) waiting.push({ step: 2, on: expert(a.expertPersonId, a.name), waiting: MANAGERS, action: 'propose the situations that need a procedure', item: { type: 'support-area', id: a.id, title: a.name } });

  // Step 3
  const pending = proposals.filter((p) => p.status === 'proposed');
  for (const p of pending) waiting.push({ step: 3, on: MANAGERS, waiting: expert(areaById.get(p.supportAreaId)?.expertPersonId ?? null), action: 'accept or decline the proposal', item: { type: 'proposal', id: p.id, title: p.title } });
  const accepted = proposals.filter((p) => p.status === 'accepted');
  const declined = proposals.filter((p) => p.status === 'declined');

  // Step 4
  const started = new Set(procedures.map((p) => p.proposalId).filter(Boolean));
  const notStarted = accepted.filter((p) => !started.has(p.id));
  for (const p of notStarted) {
    const area = areaById.get(p.supportAreaId);
    waiting.push({ step: 4, on: expert(area?.expertPersonId ?? null, area?.name), waiting: MANAGERS, action: 'start drafting the procedure', item: { type: 'proposal', id: p.id, title: p.title } });
  }
  const drafting = procedures.filter((p) => p.status === 'draft' && !p.submittedAt);
  for (const p of drafting) waiting.push({ step: 4, on: expert(p.expertPersonId), waiting: MANAGERS, action: 'finish the draft and submit it for review', item: { type: 'procedure', id: p.id, title: p.title } });

  // Step 5
  const submitted = procedures.filter((p) => p.status === 'draft' && p.submittedAt);
  for (const p of submitted) waiting.push({ step: 5, on: MANAGERS, waiting: expert(p.expertPersonId), action: 'review and tune the draft', item: { type: 'procedure', id: p.id, title: p.title } });

  // Step 6
  const reviewed = procedures.filter((p) => p.status === 'reviewed');
  for (const p of reviewed) waiting.push({ step: 6, on: MANAGERS, waiting: expert(p.expertPersonId), action: 'publish the reviewed procedure', item: { type: 'procedure', id: p.id, title: p.title } });
  const published = procedures.filter((p) => p.status === 'published');
  const inForce = procedures.filter((p) => p.currentVersion !== null);

  const done = [
    areas.length > 0 && withoutExpert.length === 0,
    areasWithExpert.length > 0 && silent.length === 0,
    proposals.length + procedures.length > 0 && pending.length === 0,
    notStarted.length === 0 && drafting.length === 0 && procedures.length > 0,
    submitted.length === 0 && drafting.length === 0 && procedures.length > 0,
    procedures.length > 0 && published.length === procedures.length,
  ];
  const counts: Record<string, number>[] = [
    { supportAreas: areas.length, withExpert: areasWithExpert.length, withoutExpert: withoutExpert.length },
    { areasWithProposals: areasWithExpert.length - silent.length, areasWaiting: silent.length, proposals: proposals.length },
    { pending: pending.length, accepted: accepted.length, declined: declined.length },
    { notStarted: notStarted.length, drafting: drafting.length, submitted: submitted.length },
    { awaitingReview: submitted.length, reviewed: reviewed.length },
    { reviewedNotPublished: reviewed.length, published: published.length, inForce: inForce.length, shared: Number(shared[0]?.n ?? 0) },
  ];
  const currentIndex = done.indexOf(false);
  const currentStep = currentIndex === -1 ? 7 : currentIndex + 1;
  const manager = can(actor, 'escalations.binder.manage');
  if (!manager && !areas.some((a) => a.expertPersonId === actor.personId) && !procedures.some((p) => p.expertPersonId === actor.personId)) {
    throw new AppError(403, 'forbidden', 'Only people managers, admins and the Experts building the binder can see its progress');
  }
  // An Expert sees the same steps, but only the waiting items that involve them.
  const mine = manager ? waiting : waiting.filter((w) => w.on.personId === actor.personId || w.waiting.personId === actor.personId);
  return {
    steps: BUILD_STEPS.map((s, i) => ({ ...s, done: done[i], counts: counts[i] })),
    currentStep,
    next: nextSentence(currentStep, { areas: areas.length, waiting: waiting.filter((w) => w.step === currentStep).length }),
    waiting: mine,
  };
}

function nextSentence(step: number, n: { areas: number; waiting: number }): string {
  const items = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  switch (step) {
    case 1:
      return n.areas === 0 ? 'Add your key support areas (for example E-mail, WAN/telecom, key applications) and give each an Expert.' : `Assign an Expert to ${items(n.waiting, 'support area', 'support areas')}.`;
    case 2:
      return `Waiting for the Experts of ${items(n.waiting, 'support area', 'support areas')} to propose situations.`;
    case 3:
      return n.waiting === 0 ? 'Ask the Experts to propose situations, or add a procedure directly.' : `Accept or decline ${items(n.waiting, 'proposal', 'proposals')}.`;
    case 4:
      return `Waiting for ${items(n.waiting, 'procedure', 'procedures')} to be drafted and submitted for review.`;
    case 5:
      return `Review and tune ${items(n.waiting, 'submitted draft', 'submitted drafts')}.`;
    case 6:
      return `Publish ${items(n.waiting, 'reviewed procedure', 'reviewed procedures')}, then share them with the managers they affect.`;
    default:
      return 'Every procedure is published. Review them at least once a year, and after every incident.';
  }
}
