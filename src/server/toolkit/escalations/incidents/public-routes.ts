import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { AppError, notFound } from '../../../http/errors.js';
import { people } from '../../../identity/schema.js';
import { verifyAckToken } from './ack-links.js';
import { findIncident, type IncidentRow } from './facts.js';
import { inboundBody, inboundSecretOf, openFromInbound, verifyInbound } from './inbound.js';
import { incidentLink } from './messages.js';
import { acknowledgeIncident } from './service.js';
import { linkKeyOf } from './settings.js';
import { STATES } from './views.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const linkQuery = z.object({
  incident: z.string().max(64),
  r: z.string().max(80),
  t: z.string().max(100),
});
const ackView = z.object({
  incidentId: z.uuid(),
  title: z.string(),
  procedureTitle: z.string(),
  state: z.enum(STATES),
  recipientName: z.string(),
  acknowledgedAt: z.date().nullable(),
  acknowledgedByName: z.string().nullable(),
  resolvedAt: z.date().nullable(),
});

const invalidLink = () => notFound('This acknowledgement link');

/** Checks a signed link and names its recipient; any mismatch looks like a link that does not exist. */
async function fromLink(ctx: AppContext, q: z.infer<typeof linkQuery>): Promise<{ row: IncidentRow; recipient: { personId: string | null; name: string } }> {
  if (!UUID.test(q.incident)) throw invalidLink();
  const row = await findIncident(ctx.db, null, q.incident);
  if (!row || !verifyAckToken(await linkKeyOf(ctx.db, row.orgId), row.id, q.r, q.t)) throw invalidLink();
  const [kind, id] = [q.r.slice(0, 2), q.r.slice(2)];
  if (kind === 'c:') {
    const contact = row.snapshot.contacts.find((c) => c.id === id);
    if (!contact) throw invalidLink();
    return { row, recipient: { personId: null, name: contact.name } };
  }
  if (kind === 'p:' && UUID.test(id)) {
    const [person] = await ctx.db.select({ name: people.name }).from(people).where(and(eq(people.id, id), eq(people.orgId, row.orgId)));
    if (!person) throw invalidLink();
    return { row, recipient: { personId: id, name: person.name } };
  }
  throw invalidLink();
}

const viewOf = (row: IncidentRow, recipientName: string) => ({
  incidentId: row.id,
  title: row.title,
  procedureTitle: row.snapshot.title,
  state: row.state as (typeof STATES)[number],
  recipientName,
  acknowledgedAt: row.acknowledgedAt,
  acknowledgedByName: row.acknowledgedByName,
  resolvedAt: row.resolvedAt,
});

export function incidentPublicRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const perMinute = { max: 30, timeWindow: '1 minute' };

    app.get(
      '/incident-acknowledgements',
      {
        config: { access: 'public', rateLimit: perMinute },
        schema: { tags: ['incidents'], summary: 'What a signed acknowledgement link (from an e-mail) is for', querystring: linkQuery, response: { 200: ackView } },
      },
      async (request) => {
        const { row, recipient } = await fromLink(ctx, request.query);
        return viewOf(row, recipient.name);
      },
    );

    app.post(
      '/incident-acknowledgements',
      {
        config: { access: 'public', rateLimit: perMinute },
        schema: {
          tags: ['incidents'],
          summary: 'Acknowledge an incident with the signed link from an e-mail, without signing in (again is fine; resolved answers 409)',
          body: linkQuery.strict(),
          response: { 200: ackView.extend({ alreadyAcknowledged: z.boolean() }) },
        },
      },
      async (request) => {
        const { row, recipient } = await fromLink(ctx, request.body);
        const { incident, alreadyAcknowledged } = await acknowledgeIncident(ctx, { actor: null, personId: recipient.personId, name: recipient.name }, row.id, 'link');
        return { ...viewOf(incident, recipient.name), alreadyAcknowledged };
      },
    );

    // The inbound webhook signs the exact body bytes, so this scope keeps JSON bodies as text and
    // parses them only after the signature, timestamp and replay checks.
    await app.register(async (plain) => {
      plain.removeContentTypeParser('application/json');
      plain.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      scope.post(
        '/incidents/inbound/:orgId',
        {
          config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
          schema: {
            tags: ['incidents'],
            summary: 'Inbound webhook for monitoring tools: opens an incident from a published procedure',
            description:
              'Signed with the organisation\'s inbound secret: X-Milewide-Timestamp (Unix seconds, within 5 minutes) and X-Milewide-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">. Body: {"procedureId": "…"} or {"situation": "email-outage"}, plus optional title, details, externalRef and requestId. A replayed request (same requestId, or same signature) answers 409.',
            params: z.object({ orgId: z.uuid('must be your organisation id (UUID)') }),
            response: { 201: z.object({ incidentId: z.uuid(), url: z.string() }) },
          },
        },
        async (request, reply) => {
          const { orgId } = request.params;
          const raw = typeof request.body === 'string' ? request.body : '';
          const secret = await inboundSecretOf(ctx, orgId);
          const signature = verifyInbound(secret, request.headers, raw);
          let json: unknown;
          try {
            json = JSON.parse(raw);
          } catch (err) {
            throw new AppError(400, 'malformed_json', `The body is not valid JSON: ${(err as Error).message}`);
          }
          const parsed = inboundBody.safeParse(json);
          if (!parsed.success) {
            const fields = parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message }));
            throw new AppError(400, 'validation_failed', `The request is not valid. ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);
          }
          const row = await openFromInbound(ctx, orgId, signature, parsed.data);
          return reply.status(201).send({ incidentId: row.id, url: incidentLink(ctx.config.publicUrl, row.id) });
        },
      );
    });
  };
}
