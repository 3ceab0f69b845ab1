import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { personSchema } from './views.js';
import { createPerson, getPerson, listPeople, personFieldsSchema, updatePerson } from './service.js';

const personDetail = personSchema.extend({ createdAt: z.date(), directReports: z.array(personSchema) });
const idParams = z.object({ id: z.uuid('must be a person id (UUID)') });

export function peopleRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/people',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['people'],
          summary: 'People directory of your organisation',
          querystring: pageQuery.extend({ q: z.string().trim().max(100).optional(), teamId: z.uuid().optional(), managerId: z.uuid().optional() }),
          response: { 200: pageOf(personSchema) },
        },
      },
      async (request) => {
        const { limit, offset, ...filters } = request.query;
        return listPeople(ctx, request.actor!, filters, { limit, offset });
      },
    );

    app.get(
      '/people/:id',
      { config: { access: 'signed-in' }, schema: { tags: ['people'], summary: 'One person with their direct reports', params: idParams, response: { 200: personDetail } } },
      async (request) => getPerson(ctx, request.actor!, request.params.id),
    );

    app.post(
      '/people',
      {
        config: { access: 'people.manage' },
        schema: {
          tags: ['people'],
          summary: 'Add a person (without sign-in until invited)',
          body: personFieldsSchema.extend({ email: z.email('must be an e-mail address').max(254), name: z.string().trim().min(1).max(120) }).strict(),
          response: { 201: personDetail },
        },
      },
      async (request, reply) => reply.status(201).send(await createPerson(ctx, request.actor!, request.body)),
    );

    app.patch(
      '/people/:id',
      {
        config: { access: 'people.manage' },
        schema: {
          tags: ['people'],
          summary: 'Change a person: team, manager, level, job role, roles, status',
          params: idParams,
          body: personFieldsSchema.extend({ name: z.string().trim().min(1).max(120).optional(), status: z.enum(['active', 'deactivated']).optional() }).strict(),
          response: { 200: personDetail },
        },
      },
      async (request) => updatePerson(ctx, request.actor!, request.params.id, request.body),
    );
  };
}
