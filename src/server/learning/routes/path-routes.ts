import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { assignPath, changeDueDate, enrolSelf, getEnrolment, listEnrolments, myEnrolments, withdrawEnrolment } from '../paths/enrolments.js';
import { dismissReminder, myReminders } from '../paths/reminders.js';
import { assignBody, dueDateBody, enrolBody, enrolmentSchema, enrolmentStatus, idParams, reminderSchema } from '../views.js';

const tags = ['learning: paths'];
const statusFilter = z.enum([...enrolmentStatus.options, 'overdue']).optional();

export function pathRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/learn/enrolments',
      {
        config: { access: 'signed-in' },
        schema: { tags, summary: 'Enrol yourself in a learning path; enrolling twice answers 409 already_enrolled', body: enrolBody, response: { 201: enrolmentSchema } },
      },
      async (request, reply) => reply.status(201).send(await enrolSelf(ctx, request.actor!, request.body.pathKey)),
    );

    app.post(
      '/learn/assignments',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Assign a learning path with a due date: managers to their direct reports, admins to anyone (others get 403)',
          body: assignBody,
          response: { 201: enrolmentSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await assignPath(ctx, request.actor!, request.body)),
    );

    app.get(
      '/learn/my/enrolments',
      {
        config: { access: 'signed-in' },
        schema: { tags, summary: "The caller's learning paths with progress (pathKey: the caller's enrolments on one path)", querystring: pageQuery.extend({ status: statusFilter, pathKey: z.string().max(120).optional() }), response: { 200: pageOf(enrolmentSchema) } },
      },
      async (request) => {
        const { limit, offset, ...filters } = request.query;
        return myEnrolments(ctx, request.actor!, filters, { limit, offset });
      },
    );

    app.get(
      '/learn/enrolments',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: "Path progress of the people you may see: a manager's direct reports, or everyone for admins (filter by person, team, path, status)",
          querystring: pageQuery.extend({ personId: z.uuid().optional(), teamId: z.uuid().optional(), pathKey: z.string().max(120).optional(), status: statusFilter }),
          response: { 200: pageOf(enrolmentSchema) },
        },
      },
      async (request) => {
        const { limit, offset, ...filters } = request.query;
        return listEnrolments(ctx, request.actor!, filters, { limit, offset });
      },
    );

    app.get(
      '/learn/enrolments/:id',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'One enrolment with progress per section and the next lesson (learner, their manager, admins)', params: idParams('an enrolment'), response: { 200: enrolmentSchema } } },
      async (request) => getEnrolment(ctx, request.actor!, request.params.id),
    );

    app.patch(
      '/learn/enrolments/:id',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: "Set, move or remove the due date of an open enrolment (the learner's manager or an admin); a due date on a self-enrolment makes it an assignment",
          params: idParams('an enrolment'),
          body: dueDateBody,
          response: { 200: enrolmentSchema },
        },
      },
      async (request) => changeDueDate(ctx, request.actor!, request.params.id, request.body.dueDate),
    );

    app.post(
      '/learn/enrolments/:id/withdraw',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Withdraw an enrolment: the learner from a path they chose, the manager or an admin from any; completed paths stay on record (409)',
          params: idParams('an enrolment'),
          response: { 200: enrolmentSchema },
        },
      },
      async (request) => withdrawEnrolment(ctx, request.actor!, request.params.id),
    );

    app.get(
      '/learn/reminders',
      { config: { access: 'signed-in' }, schema: { tags, summary: "The caller's due-date reminders for open paths (the dashboard list)", response: { 200: z.object({ items: z.array(reminderSchema) }) } } },
      async (request) => myReminders(ctx, request.actor!),
    );

    app.post(
      '/learn/reminders/:id/dismiss',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Hide a reminder from the dashboard', params: idParams('a reminder') } },
      async (request, reply) => {
        await dismissReminder(ctx, request.actor!, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
