import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { incidentRules } from '../../../access/policy.js';
import { badRequest, forbidden } from '../../../http/errors.js';
import { pageOf, pageQuery } from '../../../http/pagination.js';
import { people } from '../../../identity/schema.js';
import { openEventStream } from '../../../notify/event-stream.js';
import { loadPublishedSnapshot } from '../binder/published.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';
import { actingAs, authorise, findIncident } from './facts.js';
import { getReview, reviewInput, reviewSchema, saveReview } from './review.js';
import { acknowledgeIncident, openIncident, postStatusUpdate, resolveIncident } from './service.js';
import { timelineAfter, timelineEventsAfter, timelineItemSchema } from './timeline.js';
import { openableProcedures, openableSchema } from './openable.js';
import { incidentDetail, incidentDetailSchema, incidentNotificationList, incidentSummarySchema, listIncidents, notificationItemSchema, STATES } from './views.js';

const idParams = z.object({ id: z.uuid('must be an incident id (UUID)') });
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const text = (max: number) => z.string().trim().max(max);

const adHocContact = z
  .object({
    id: z.string().trim().min(1).max(60),
    kind: z.enum(['person', 'vendor']).default('person'),
    name: z.string().trim().min(1).max(120),
    personId: z.uuid('must be a person id (UUID)').nullable().default(null),
    role: text(120).default(''),
    email: z.email('must be an e-mail address').max(254).nullable().default(null),
    webhookUrl: z.url('must be a URL').max(2000).nullable().default(null),
  })
  .strict();
const adHocStep = z
  .object({
    id: z.string().trim().min(1).max(60).optional(),
    offsetMinutes: z.number().int('must be whole minutes'),
    title: z.string().trim().min(1).max(200),
    notify: z.array(z.string()).max(50),
    expected: text(2000).default(''),
  })
  .strict();
const adHocBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    details: text(5000).default(''),
    situation: text(100).default('ad-hoc'),
    expertPersonId: z.uuid().nullable().default(null),
    itPointPersonId: z.uuid().nullable().default(null),
    sitePointPersonId: z.uuid().nullable().default(null),
    contacts: z.array(adHocContact).max(50),
    steps: z.array(adHocStep).max(50),
    repeatEveryMinutes: z.number().int('must be whole minutes').nullable().default(60),
    statusUpdateEveryMinutes: z.number().int('must be whole minutes').default(30),
  })
  .strict();

export function incidentRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const load = async (actorOrgId: string, id: string) => findIncident(ctx.db, actorOrgId, id);

    app.get(
      '/incidents',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: 'Incidents you may see, newest first',
          querystring: pageQuery.extend({
            state: z.enum(STATES).optional(),
            active: flag.optional(),
            q: z.string().trim().max(100).optional(),
            procedureId: z.uuid('must be a procedure id (UUID)').optional(),
          }),
          response: { 200: pageOf(incidentSummarySchema) },
        },
      },
      async (request) => listIncidents(ctx.db, request.actor!, request.query),
    );

    app.get(
      '/incidents/openable-procedures',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: 'Procedures in force that you may open an incident from (you are on them, or you are a manager or admin)',
          response: { 200: z.object({ items: z.array(openableSchema) }) },
        },
      },
      async (request) => ({ items: await openableProcedures(ctx.db, request.actor!) }),
    );

    app.post(
      '/incidents',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: "Open an incident from a procedure's published version",
          body: z.object({ procedureId: z.uuid('must be a procedure id (UUID)'), title: z.string().trim().min(1).max(200).optional(), details: text(5000).optional() }).strict(),
          response: { 201: incidentDetailSchema },
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        const snapshot = await loadPublishedSnapshot(ctx.db, actor.orgId, request.body.procedureId);
        if (!incidentRules.open(actor, snapshot)) throw forbidden("Only the procedure's people, people managers and admins may open an incident from it");
        const row = await openIncident(ctx, actingAs(actor), actor.orgId, { snapshot, title: request.body.title, details: request.body.details, source: 'app' });
        return reply.status(201).send(await incidentDetail(ctx.db, actor, row));
      },
    );

    app.post(
      '/incidents/ad-hoc',
      {
        config: { access: 'incidents.open-ad-hoc' },
        schema: {
          tags: ['incidents'],
          summary: 'Open an incident with its own steps, for a situation the binder has no procedure for',
          body: adHocBody,
          response: { 201: incidentDetailSchema },
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        const b = request.body;
        const personIds = [...new Set([b.expertPersonId, b.itPointPersonId, b.sitePointPersonId, ...b.contacts.map((c) => c.personId)].filter((id): id is string => !!id))];
        const found = personIds.length ? await ctx.db.select({ id: people.id }).from(people).where(and(eq(people.orgId, actor.orgId), inArray(people.id, personIds))) : [];
        const missing = personIds.filter((id) => !found.some((f) => f.id === id));
        if (missing.length) throw badRequest(`These are not people in your organisation: ${missing.join(', ')}`, missing.map((id) => ({ path: 'body', message: `${id} is not a person in your organisation` })));
        const snapshot: ProcedureSnapshot = {
          procedureId: '',
          versionId: '',
          version: 1,
          title: b.title,
          situation: b.situation,
          summary: b.details,
          expertPersonId: b.expertPersonId,
          itPointPersonId: b.itPointPersonId ?? actor.personId,
          sitePointPersonId: b.sitePointPersonId,
          sites: [],
          services: [],
          contacts: b.contacts,
          steps: b.steps.map((s, i) => ({ ...s, id: s.id ?? `step-${i + 1}` })),
          repeatEveryMinutes: b.repeatEveryMinutes,
          statusUpdateEveryMinutes: b.statusUpdateEveryMinutes,
        };
        const row = await openIncident(ctx, actingAs(actor), actor.orgId, { snapshot, title: b.title, details: b.details, source: 'ad_hoc' });
        return reply.status(201).send(await incidentDetail(ctx.db, actor, row));
      },
    );

    app.get(
      '/incidents/:id',
      { config: { access: 'signed-in' }, schema: { tags: ['incidents'], summary: 'One incident: state, procedure snapshot and timers', params: idParams, response: { 200: incidentDetailSchema } } },
      async (request) => incidentDetail(ctx.db, request.actor!, authorise(request.actor!, await load(request.actor!.orgId, request.params.id), 'view')),
    );

    app.get(
      '/incidents/:id/timeline',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: 'The timeline, oldest first; `after` returns only newer events',
          params: idParams,
          querystring: z.object({ after: z.coerce.number().int().min(0).optional() }),
          response: { 200: z.object({ items: z.array(timelineItemSchema) }) },
        },
      },
      async (request) => {
        const row = authorise(request.actor!, await load(request.actor!.orgId, request.params.id), 'view');
        return { items: await timelineAfter(ctx.db, row.id, request.query.after ?? null) };
      },
    );

    app.get(
      '/incidents/:id/stream',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: 'Live timeline (Server-Sent Events)',
          description: 'text/event-stream of `timeline` events (id = timeline id). Resume with Last-Event-ID or `after`; `follow=false` sends the events so far and closes.',
          params: idParams,
          querystring: z.object({ follow: flag.default(true), after: z.coerce.number().int().min(0).optional() }),
        },
      },
      async (request, reply) => {
        const row = authorise(request.actor!, await load(request.actor!.orgId, request.params.id), 'view');
        await openEventStream(ctx.live, request, reply, {
          topic: `incident:${row.id}`,
          follow: request.query.follow,
          resumeAfter: request.query.after ?? null,
          after: (last) => timelineEventsAfter(ctx.db, row.id, last),
        });
      },
    );

    app.get(
      '/incidents/:id/notifications',
      {
        config: { access: 'signed-in' },
        schema: { tags: ['incidents'], summary: 'Who was told what, on which channel, and how each delivery stands', params: idParams, response: { 200: z.object({ items: z.array(notificationItemSchema) }) } },
      },
      async (request) => {
        const row = authorise(request.actor!, await load(request.actor!.orgId, request.params.id), 'view');
        return { items: await incidentNotificationList(ctx.db, row.id) };
      },
    );

    app.post(
      '/incidents/:id/acknowledge',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: 'Acknowledge the incident (again is fine; a resolved incident answers 409)',
          params: idParams,
          response: { 200: z.object({ alreadyAcknowledged: z.boolean(), incident: incidentDetailSchema }) },
        },
      },
      async (request) => {
        const actor = request.actor!;
        authorise(actor, await load(actor.orgId, request.params.id), 'acknowledge');
        const { incident, alreadyAcknowledged } = await acknowledgeIncident(ctx, actingAs(actor), request.params.id, 'app');
        return { alreadyAcknowledged, incident: await incidentDetail(ctx.db, actor, incident) };
      },
    );

    app.post(
      '/incidents/:id/status-updates',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: 'Post a status update: it goes to every stakeholder and restarts the update cadence',
          params: idParams,
          body: z.object({ message: z.string().trim().min(1, 'write the update').max(5000) }).strict(),
          response: { 201: z.object({ timelineId: z.number().int(), incident: incidentDetailSchema }) },
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        authorise(actor, await load(actor.orgId, request.params.id), 'postUpdate');
        const { incident, timelineId } = await postStatusUpdate(ctx, actingAs(actor), request.params.id, request.body.message);
        return reply.status(201).send({ timelineId, incident: await incidentDetail(ctx.db, actor, incident) });
      },
    );

    app.post(
      '/incidents/:id/resolve',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: 'Resolve the incident: every pending step and reminder is cancelled',
          params: idParams,
          body: z.object({ resolution: text(5000).default('') }).strict(),
          response: { 200: z.object({ cancelledTimers: z.number().int(), incident: incidentDetailSchema }) },
        },
      },
      async (request) => {
        const actor = request.actor!;
        authorise(actor, await load(actor.orgId, request.params.id), 'resolve');
        const { incident, cancelledTimers } = await resolveIncident(ctx, actingAs(actor), request.params.id, request.body.resolution);
        return { cancelledTimers, incident: await incidentDetail(ctx.db, actor, incident) };
      },
    );

    app.get(
      '/incidents/:id/review',
      { config: { access: 'signed-in' }, schema: { tags: ['incidents'], summary: 'The post-incident review with the timeline and the downtime cost', params: idParams, response: { 200: reviewSchema } } },
      async (request) => getReview(ctx, authorise(request.actor!, await load(request.actor!.orgId, request.params.id), 'view')),
    );

    app.put(
      '/incidents/:id/review',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['incidents'],
          summary: 'Write the post-incident review of a resolved incident; the server computes the downtime cost',
          params: idParams,
          body: reviewInput,
          response: { 200: reviewSchema },
        },
      },
      async (request) => {
        const actor = request.actor!;
        const row = authorise(actor, await load(actor.orgId, request.params.id), 'review');
        return saveReview(ctx, actingAs(actor), row, request.body);
      },
    );

  };
}
