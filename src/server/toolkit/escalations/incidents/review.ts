import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../../audit/service.js';
import { badRequest, conflict } from '../../../http/errors.js';
import { people } from '../../../identity/schema.js';
import { findIncident, type ActingAs, type Ctx, type IncidentRow } from './facts.js';
import { incidentReviews, type ReviewAction } from './schema.js';
import { addTimeline, timelineAfter, timelineItemSchema } from './timeline.js';

export const reviewInput = z
  .object({
    cause: z.string().trim().max(5000).default(''),
    wentWell: z.string().trim().max(5000).default(''),
    toImprove: z.string().trim().max(5000).default(''),
    actions: z
      .array(
        z
          .object({
            title: z.string().trim().min(1, 'say what will be done').max(300),
            ownerPersonId: z.uuid('must be a person id (UUID)').nullable().default(null),
            ownerName: z.string().trim().max(120).default(''),
            dueDate: z.iso.date('must be a date like 2026-12-31').nullable().default(null),
          })
          .strict(),
      )
      .max(50)
      .default([]),
    /** Hours the service was down, when that differs from opening to resolution (it broke before anyone opened the incident). */
    hoursDown: z.number().min(0, 'cannot be negative').max(8760, 'at most a year (8760 hours)').nullable().default(null),
    peopleAffected: z.number().int('must be a whole number').min(0, 'cannot be negative').max(10_000_000),
    costPerHour: z.number().min(0, 'cannot be negative').max(10_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as USD or EUR').default('USD'),
  })
  .strict();
export type ReviewInput = z.infer<typeof reviewInput>;

export const reviewSchema = z.object({
  incidentId: z.uuid(),
  exists: z.boolean(),
  cause: z.string(),
  wentWell: z.string(),
  toImprove: z.string(),
  actions: z.array(z.object({ title: z.string(), ownerPersonId: z.string().nullable(), ownerName: z.string(), dueDate: z.string().nullable() })),
  /** Opening to resolution (to now while it is still open), in hours. */
  hoursDownMeasured: z.number(),
  hoursDownOverride: z.number().nullable(),
  hoursDown: z.number(),
  peopleAffected: z.number().int(),
  costPerHour: z.number(),
  currency: z.string(),
  /** hoursDown × peopleAffected × costPerHour, rounded to cents; computed by the server. */
  downtimeCost: z.number(),
  costFormula: z.string(),
  updatedAt: z.date().nullable(),
  timeline: z.array(timelineItemSchema),
});

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

export function downtimeCost(hoursDown: number, peopleAffected: number, costPerHour: number): number {
  return round(hoursDown * peopleAffected * costPerHour, 2);
}

function measuredHours(r: IncidentRow): number {
  const end = r.resolvedAt ?? new Date();
  // Escalation minutes may be shortened in tests; hours follow the incident's own minute length.
  return round((end.getTime() - r.openedAt.getTime()) / (60 * r.minuteMs), 2);
}

export async function getReview(ctx: Ctx, r: IncidentRow) {
  const [row] = await ctx.db.select().from(incidentReviews).where(eq(incidentReviews.incidentId, r.id));
  const measured = measuredHours(r);
  const hoursDown = row?.hoursDownOverride ?? measured;
  const peopleAffected = row?.peopleAffected ?? 0;
  const costPerHour = row?.costPerHour ?? 0;
  const currency = row?.currency ?? 'USD';
  const cost = downtimeCost(hoursDown, peopleAffected, costPerHour);
  const money = (n: number) => `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
  return {
    incidentId: r.id,
    exists: !!row,
    cause: row?.cause ?? '',
    wentWell: row?.wentWell ?? '',
    toImprove: row?.toImprove ?? '',
    actions: row?.actions ?? [],
    hoursDownMeasured: measured,
    hoursDownOverride: row?.hoursDownOverride ?? null,
    hoursDown,
    peopleAffected,
    costPerHour,
    currency,
    downtimeCost: cost,
    costFormula: `${hoursDown} h × ${peopleAffected} people × ${money(costPerHour)}/h = ${money(cost)}`,
    updatedAt: row?.updatedAt ?? null,
    timeline: await timelineAfter(ctx.db, r.id, null, 5000),
  };
}

/** Saves the post-incident review of a resolved incident (a 409 before it is resolved). */
export async function saveReview(ctx: Ctx, by: ActingAs, r: IncidentRow, input: ReviewInput) {
  if (r.state !== 'resolved') throw conflict('Resolve the incident before writing its review: the review looks back on a finished incident.');
  const ownerIds = [...new Set(input.actions.map((a) => a.ownerPersonId).filter((id): id is string => !!id))];
  const owners = ownerIds.length ? await ctx.db.select({ id: people.id, name: people.name }).from(people).where(and(eq(people.orgId, r.orgId), inArray(people.id, ownerIds))) : [];
  const names = new Map(owners.map((o) => [o.id, o.name]));
  const problems = input.actions.flatMap((a, i) => {
    if (a.ownerPersonId && !names.has(a.ownerPersonId)) return [{ path: `body.actions.${i}.ownerPersonId`, message: 'is not a person in your organisation' }];
    if (!a.ownerPersonId && !a.ownerName) return [{ path: `body.actions.${i}.ownerName`, message: 'name an owner: a person (ownerPersonId) or a name' }];
    return [];
  });
  if (problems.length) throw badRequest(`The review cannot be saved: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  const actions: ReviewAction[] = input.actions.map((a) => ({ title: a.title, ownerPersonId: a.ownerPersonId, ownerName: a.ownerPersonId ? names.get(a.ownerPersonId)! : a.ownerName, dueDate: a.dueDate }));
  const values = {
    cause: input.cause,
    wentWell: input.wentWell,
    toImprove: input.toImprove,
    actions,
    hoursDownOverride: input.hoursDown,
    peopleAffected: input.peopleAffected,
    costPerHour: input.costPerHour,
    currency: input.currency,
    updatedByPersonId: by.personId,
    updatedAt: sql`now()`,
  };
  await ctx.db.transaction(async (tx) => {
    await findIncident(tx, null, r.id, true);
    const [before] = await tx.select().from(incidentReviews).where(eq(incidentReviews.incidentId, r.id));
    await tx.insert(incidentReviews).values({ incidentId: r.id, orgId: r.orgId, ...values }).onConflictDoUpdate({ target: incidentReviews.incidentId, set: values });
    const hours = input.hoursDown ?? measuredHours(r);
    await addTimeline(tx, {
      incidentId: r.id,
      orgId: r.orgId,
      kind: 'review',
      title: `Review ${before ? 'updated' : 'written'} by ${by.name}`,
      body: input.cause ? `Cause: ${input.cause}` : '',
      actorPersonId: by.personId,
      actorName: by.name,
      data: { actions: actions.length, downtimeCost: downtimeCost(hours, input.peopleAffected, input.costPerHour), currency: input.currency },
    });
    await recordAudit(tx, by.actor, { orgId: r.orgId, action: 'incident.review', entityType: 'incident', entityId: r.id, before: before ?? null, after: { ...values, updatedAt: undefined } });
  });
  return getReview(ctx, r);
}
