import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { acknowledgePlan, checkIn, planOf, submitActionPlan } from './action-plan.js';
import { claimCredential } from './award.js';
import { ownSubmissions, reviewPracticum, reviewQueue, submitPracticum } from './practicum.js';
import { enrol, enrolmentOf, listPrograms, loadProgram, updateProgram } from './programs.js';
import { evidenceSchema, planSchema, planView, programSchema, programView, rubricSchema, submissionSchema, submissionView } from './program-views.js';
import { notFound } from '../http/errors.js';
import { requirementStatus } from './requirements.js';
import { issuerForOrg } from './issuer.js';
import { credentialSchema, credentialView } from './views.js';

const programParams = z.object({ id: z.uuid('must be a program id (UUID)') });
const idParams = z.object({ id: z.uuid('must be an id (UUID)') });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2026-12-31');
const statusSchema = z.object({
  program: programSchema,
  enrolled: z.boolean(),
  credentialId: z.uuid().nullable(),
  complete: z.boolean(),
  requirements: z.array(z.object({ key: z.string(), title: z.string(), met: z.boolean(), detail: z.string(), refId: z.string().nullable() })),
  remaining: z.array(z.string()),
});

/** Certification programs (A6): enrolment, requirement status, practicum review, action plan, claiming the credential. */
export function programRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/certify/programs', { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Certification programs of your organisation', response: { 200: z.object({ items: z.array(programSchema) }) } } }, async (request) => ({
      items: (await listPrograms(ctx.db, request.actor!.orgId)).map(programView),
    }));

    app.patch(
      '/certify/programs/:id',
      {
        config: { access: 'certify.manage' },
        schema: {
          tags: ['certification'],
          summary: 'Configure a program: exam, learning path, rubric, validity, renewal hours',
          params: programParams,
          body: z.object({
            name: z.string().trim().min(3).max(200).optional(),
            description: z.string().trim().max(2000).optional(),
            criteriaNarrative: z.string().trim().min(3).max(2000).optional(),
            pathKey: z.string().trim().min(1).max(100).nullable().optional(),
            examId: z.uuid().nullable().optional(),
            rubric: rubricSchema.optional(),
            validityDays: z.number().int().min(1).max(3650).optional(),
            renewalCeHours: z.number().int().min(0).max(1000).optional(),
            actionPlanDays: z.number().int().min(7).max(120).optional(),
          }),
          response: { 200: programSchema },
        },
      },
      async (request) => programView(await updateProgram(ctx.db, request.actor!, request.params.id, request.body)),
    );

    app.post('/certify/programs/:id/enrol', { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Enrol in a program (repeating it is harmless)', params: programParams } }, async (request, reply) => {
      const { enrolment, created } = await enrol(ctx.db, request.actor!, request.params.id);
      return reply.status(created ? 201 : 200).send({ id: enrolment.id, programId: enrolment.programId, enrolledAt: enrolment.enrolledAt.toISOString() });
    });

    app.get('/certify/programs/:id/status', { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Your status in a program: each requirement and what remains', params: programParams, response: { 200: statusSchema } } }, async (request) => {
      const actor = request.actor!;
      const program = await loadProgram(ctx.db, actor, request.params.id);
      const enrolment = await enrolmentOf(ctx.db, program.id, actor.personId);
      const requirements = await requirementStatus(ctx.db, program, actor.personId, enrolment?.id ?? null);
      const remaining = requirements.filter((r) => !r.met).map((r) => r.title);
      return { program: programView(program), enrolled: !!enrolment, credentialId: enrolment?.credentialId ?? null, complete: remaining.length === 0, requirements, remaining };
    });

    app.post(
      '/certify/programs/:id/practicum',
      { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Submit (or resubmit) practicum evidence', params: programParams, body: z.object({ evidence: z.array(evidenceSchema).min(1, 'add at least one piece of evidence').max(20), note: z.string().max(5000).default('') }), response: { 201: submissionSchema } } },
      async (request, reply) => reply.status(201).send(submissionView(await submitPracticum(ctx.db, request.actor!, request.params.id, request.body))),
    );

    app.get(
      '/certify/programs/:id/practicum',
      { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Your practicum submissions in a program with the reviewers\' scores and comments, newest first', params: programParams, response: { 200: z.object({ items: z.array(submissionSchema) }) } } },
      async (request) => ({ items: (await ownSubmissions(ctx.db, request.actor!, request.params.id)).map(submissionView) }),
    );

    app.get(
      '/certify/practicum',
      { config: { access: 'certify.review' }, schema: { tags: ['certification'], summary: 'Practicum submissions to review', querystring: z.object({ status: z.enum(['submitted', 'accepted', 'returned']).default('submitted') }), response: { 200: z.object({ items: z.array(submissionSchema.extend({ programName: z.string(), programId: z.uuid(), rubric: rubricSchema, personName: z.string() })) }) } } },
      async (request) => ({ items: (await reviewQueue(ctx.db, request.actor!, request.query.status)).map((r) => ({ ...submissionView(r.submission), programName: r.programName, programId: r.programId, rubric: r.rubric, personName: r.personName })) }),
    );

    app.post(
      '/certify/practicum/:id/review',
      {
        config: { access: 'certify.review' },
        schema: { tags: ['certification'], summary: 'Score a practicum against the rubric: accept, or return with comments', params: idParams, body: z.object({ decision: z.enum(['accept', 'return']), scores: z.record(z.string(), z.number().int()), comments: z.string().max(5000).default('') }), response: { 200: submissionSchema } },
      },
      async (request) => submissionView(await reviewPracticum(ctx.db, request.actor!, request.params.id, request.body)),
    );

    app.put(
      '/certify/programs/:id/action-plan',
      { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Submit your action plan for the days after the exam', params: programParams, body: z.object({ items: z.array(z.object({ title: z.string().trim().min(3, 'describe the action').max(300), dueDate: isoDate })).min(1, 'add at least one action').max(30) }), response: { 200: planSchema } } },
      async (request) => planView(await submitActionPlan(ctx.db, request.actor!, request.params.id, request.body.items)),
    );

    app.get('/certify/programs/:id/action-plan', { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Your action plan in a program', params: programParams, response: { 200: planSchema } } }, async (request) => {
      const program = await loadProgram(ctx.db, request.actor!, request.params.id);
      const enrolment = await enrolmentOf(ctx.db, program.id, request.actor!.personId);
      const plan = enrolment ? await planOf(ctx.db, enrolment.id) : null;
      if (!plan) throw notFound('Your action plan in this program');
      return planView(plan);
    });

    app.post(
      '/certify/action-plans/:id/check-ins',
      { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Record progress on one item of your action plan', params: idParams, body: z.object({ item: z.number().int().min(0), note: z.string().trim().min(1, 'say what happened').max(2000), done: z.boolean().default(false) }), response: { 200: planSchema } } },
      async (request) => planView(await checkIn(ctx.db, request.actor!, request.params.id, request.body)),
    );

    app.post('/certify/action-plans/:id/acknowledge', { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: "Acknowledge a report's action plan (their manager)", params: idParams, response: { 200: planSchema } } }, async (request) =>
      planView(await acknowledgePlan(ctx.db, request.actor!, request.params.id)),
    );

    app.post('/certify/programs/:id/claim', { config: { access: 'signed-in' }, schema: { tags: ['certification'], summary: 'Receive the credential once every requirement is met', params: programParams, response: { 200: credentialSchema, 201: credentialSchema } } }, async (request, reply) => {
      const { credential, created } = await claimCredential(ctx, request.actor!, request.params.id);
      const issuer = await issuerForOrg(ctx.db, ctx.config.publicUrl, credential.orgId);
      return reply.status(created ? 201 : 200).send(credentialView(credential, ctx.config.publicUrl, issuer?.name ?? ''));
    });
  };
}
