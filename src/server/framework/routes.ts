import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { KEY_PATTERN, SLUG_PATTERN } from '../content/pack/schemas.js';
import { jobDescription } from './job-description.js';
import {
  createCompetency,
  createJobRole,
  createLevel,
  createStage,
  deleteJobRole,
  updateCompetency,
  updateJobRole,
  updateLevel,
  updateScaleLevel,
  updateStage,
} from './service.js';
import { careerLevelSchema, competencySchema, frameworkSchema, jobRoleSchema, loadFramework, requirementSchema, scaleLevelSchema, stageSchema } from './views.js';

const tags = ['framework'];
const key = z.string().max(64).regex(KEY_PATTERN, 'must be lowercase letters, digits, hyphens and underscores, like "it_manager"');
const roleId = z.string().max(100).regex(SLUG_PATTERN, 'must be lowercase letters, digits and hyphens, like "it-manager"');
const label = z.string().trim().min(1, 'is required').max(120);
const description = z.string().trim().max(1000);
const position = z.number().int().min(0).max(1000).describe('0-based place in the list; the others move along');
const targets = z.record(z.string(), z.number().int().min(1).max(10)).describe('Career level id -> target proficiency; leave a level out for no target');
const keyParam = (name: string) => z.object({ [name]: z.string().min(1).max(100) });

export function frameworkRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/framework',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'The career framework: proficiency scale, ladder, stages, competencies with targets per level, job roles', response: { 200: frameworkSchema } } },
      async (request) => loadFramework(ctx.db, request.actor!.orgId),
    );

    app.patch(
      '/framework/proficiency-scale/:level',
      {
        config: { access: 'framework.manage' },
        schema: { tags, summary: 'Rename or describe a proficiency level', params: z.object({ level: z.coerce.number().int().min(1).max(10) }), body: z.strictObject({ label: label.optional(), description: description.optional() }), response: { 200: scaleLevelSchema } },
      },
      async (request) => updateScaleLevel(ctx, request.actor!, request.params.level, request.body),
    );

    app.post(
      '/framework/levels',
      {
        config: { access: 'framework.manage' },
        schema: { tags, summary: 'Add a career level to the ladder (at the top unless position says where)', body: z.strictObject({ id: key, label, description: description.optional(), position: position.optional() }), response: { 201: careerLevelSchema } },
      },
      async (request, reply) => reply.status(201).send(await createLevel(ctx, request.actor!, request.body)),
    );

    app.patch(
      '/framework/levels/:levelKey',
      {
        config: { access: 'framework.manage' },
        schema: { tags, summary: 'Rename, describe or move a career level', params: keyParam('levelKey'), body: z.strictObject({ label: label.optional(), description: description.optional(), position: position.optional() }), response: { 200: careerLevelSchema } },
      },
      async (request) => updateLevel(ctx, request.actor!, request.params.levelKey as string, request.body),
    );

    app.post(
      '/framework/stages',
      {
        config: { access: 'framework.manage' },
        schema: {
          tags,
          summary: 'Add a training stage',
          body: z.strictObject({ id: key, title: label, description: description.optional(), levels: z.array(key).max(30).optional(), position: position.optional() }),
          response: { 201: stageSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await createStage(ctx, request.actor!, request.body)),
    );

    app.patch(
      '/framework/stages/:stageKey',
      {
        config: { access: 'framework.manage' },
        schema: {
          tags,
          summary: 'Rename, describe, move a training stage or change the levels it is for',
          params: keyParam('stageKey'),
          body: z.strictObject({ title: label.optional(), description: description.optional(), levels: z.array(key).max(30).optional(), position: position.optional() }),
          response: { 200: stageSchema },
        },
      },
      async (request) => updateStage(ctx, request.actor!, request.params.stageKey as string, request.body),
    );

    app.post(
      '/framework/competencies',
      {
        config: { access: 'framework.manage' },
        schema: {
          tags,
          summary: 'Add a competency with its target proficiency per career level',
          body: z.strictObject({ id: key, name: label, description: description.min(1, 'is required'), stage: key, targets: targets.optional(), position: position.optional() }),
          response: { 201: competencySchema },
        },
      },
      async (request, reply) => reply.status(201).send(await createCompetency(ctx, request.actor!, request.body)),
    );

    app.patch(
      '/framework/competencies/:competencyKey',
      {
        config: { access: 'framework.manage' },
        schema: {
          tags,
          summary: "Change a competency's name, description, stage, targets per level or place",
          params: keyParam('competencyKey'),
          body: z.strictObject({ name: label.optional(), description: description.min(1, 'is required').optional(), stage: key.optional(), targets: targets.optional(), position: position.optional() }),
          response: { 200: competencySchema },
        },
      },
      async (request) => updateCompetency(ctx, request.actor!, request.params.competencyKey as string, request.body),
    );

    const roleBody = { title: label, level: key, summary: description.optional(), requirements: z.array(requirementSchema).max(30).optional(), position: position.optional() };

    app.post(
      '/framework/job-roles',
      {
        config: { access: 'framework.manage' },
        schema: { tags, summary: 'Add a job role with its requirements (certificates, paths, competencies)', body: z.strictObject({ id: roleId, ...roleBody }), response: { 201: jobRoleSchema } },
      },
      async (request, reply) => reply.status(201).send(await createJobRole(ctx, request.actor!, request.body)),
    );

    app.patch(
      '/framework/job-roles/:roleKey',
      {
        config: { access: 'framework.manage' },
        schema: {
          tags,
          summary: 'Change a job role; requirements replace the whole list',
          params: keyParam('roleKey'),
          body: z.strictObject({ title: roleBody.title.optional(), level: roleBody.level.optional(), summary: roleBody.summary, requirements: roleBody.requirements, position: roleBody.position }),
          response: { 200: jobRoleSchema },
        },
      },
      async (request) => updateJobRole(ctx, request.actor!, request.params.roleKey as string, request.body),
    );

    app.delete(
      '/framework/job-roles/:roleKey',
      { config: { access: 'framework.manage' }, schema: { tags, summary: 'Remove a job role', params: keyParam('roleKey') } },
      async (request, reply) => {
        await deleteJobRole(ctx, request.actor!, request.params.roleKey as string);
        return reply.status(204).send();
      },
    );

    app.get(
      '/framework/job-roles/:roleKey/job-description',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'A job-description paragraph for the role, built from its level, the competency targets and its requirements, ready to copy',
          params: keyParam('roleKey'),
          response: {
            200: z.object({
              roleId: z.string(),
              title: z.string(),
              level: z.object({ id: z.string(), label: z.string() }),
              text: z.string(),
              requirements: z.array(z.string()),
              competencies: z.array(z.object({ id: z.string(), name: z.string(), proficiency: z.number().int(), label: z.string() })),
            }),
          },
        },
      },
      async (request) => jobDescription(ctx.db, request.actor!.orgId, request.params.roleKey as string),
    );
  };
}
