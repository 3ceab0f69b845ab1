import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError, errorBodySchema } from '../../http/errors.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { competencyRefs } from './competencies.js';
import { countPublishedItems } from './contract.js';
import { defaultPackDir, importItemBanksFromPack } from './pack-import.js';
import { bankView, getItem, getVersion, itemDetail, itemSummary, listBanks, listItems, versionView } from './queries.js';
import { ITEM_KINDS, ITEM_STATUSES } from './schema.js';
import {
  bankCreateBody,
  createBank,
  createItem,
  createScenario,
  deleteDraft,
  getScenario,
  itemCreateBody,
  itemPatchBody,
  keySchema,
  listScenarios,
  publishItem,
  restoreItem,
  retireItem,
  scenarioCreateBody,
  scenarioPatchBody,
  scenarioView,
  updateItem,
  updateScenario,
} from './service.js';

const idParams = z.object({ id: z.uuid('must be an item id (UUID)') });
const scenarioParams = z.object({ id: z.uuid('must be a scenario set id (UUID)') });
const access = { access: 'items.manage' as const };
const tags = ['item bank'];

const packReport = z.object({
  files: z.number().int(),
  banks: z.array(z.object({ bankKey: z.string(), created: z.number().int(), newVersion: z.number().int(), updatedDraft: z.number().int(), unchanged: z.number().int() })),
  items: z.array(z.object({ itemKey: z.string(), bankKey: z.string(), action: z.string(), file: z.string(), line: z.number().int() })),
  notInPack: z.array(z.string()),
});

/** Authoring routes of the item bank (A1). Everything here needs `items.manage` (org admins and authors). */
export function itemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/item-banks',
      { config: access, schema: { tags, summary: 'Item banks of your organisation with item counts', response: { 200: z.object({ items: z.array(bankView) }) } } },
      async (request) => ({ items: await listBanks(ctx.db, request.actor!.orgId) }),
    );

    app.post(
      '/item-banks',
      { config: access, schema: { tags, summary: 'Create an item bank', body: bankCreateBody, response: { 201: bankView } } },
      async (request, reply) => reply.status(201).send(await createBank(ctx, request.actor!, request.body)),
    );

    app.post(
      '/item-banks/load-defaults',
      {
        config: access,
        schema: {
          tags,
          summary: 'Load or update the default item banks shipped with Milewide (content/default/items); idempotent',
          response: { 200: packReport, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const dir = defaultPackDir();
        if (!dir) throw new AppError(404, 'not_found', 'This installation has no default content pack (content/default)');
        return importItemBanksFromPack(ctx.db, dir, request.actor!.orgId, { actor: request.actor! });
      },
    );

    app.get(
      '/item-competencies',
      {
        config: access,
        schema: {
          tags,
          summary: "Competencies items may be tagged with (the organisation's career framework); with bankKey, how many published items the bank has for each",
          querystring: z.strictObject({ bankKey: keySchema.optional() }),
          response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), stage: z.string().nullable(), published: z.number().int().nullable() })) }) },
        },
      },
      async (request) => {
        const orgId = request.actor!.orgId;
        const refs = await competencyRefs(ctx.db, orgId);
        const bankKey = request.query.bankKey;
        const counts = bankKey ? await countPublishedItems(ctx.db, orgId, bankKey) : null;
        // Items tagged with a competency the framework no longer has still count, listed last.
        const extra = counts ? Object.keys(counts).filter((id) => !refs.some((r) => r.id === id)).map((id) => ({ id, name: id, stage: null })) : [];
        return { items: [...refs, ...extra].map((c) => ({ ...c, published: counts ? (counts[c.id]?.total ?? 0) : null })) };
      },
    );

    app.get(
      '/items',
      {
        config: access,
        schema: {
          tags,
          summary: 'Items, filtered by bank, competency, kind, status, scenario set or text',
          querystring: pageQuery.extend({
            bankKey: keySchema.optional(),
            competency: z.string().trim().max(100).optional(),
            kind: z.enum(ITEM_KINDS).optional(),
            status: z.enum(ITEM_STATUSES).optional(),
            scenarioId: z.uuid().optional(),
            q: z.string().trim().min(1).max(200).optional(),
          }),
          response: { 200: pageOf(itemSummary) },
        },
      },
      async (request) => {
        const { limit, offset, ...filters } = request.query;
        return listItems(ctx.db, request.actor!.orgId, filters, { limit, offset });
      },
    );

    app.post(
      '/items',
      { config: access, schema: { tags, summary: 'Write an item (a draft unless publish is true)', body: itemCreateBody, response: { 201: itemDetail } } },
      async (request, reply) => reply.status(201).send(await createItem(ctx, request.actor!, request.body)),
    );

    app.get(
      '/items/:id',
      { config: access, schema: { tags, summary: 'One item: current version with key and rationales, and its version history', params: idParams, response: { 200: itemDetail } } },
      async (request) => getItem(ctx.db, request.actor!.orgId, request.params.id),
    );

    app.patch(
      '/items/:id',
      {
        config: access,
        schema: {
          tags,
          summary: 'Edit an item: a draft changes in place, a published item gets a new version (old attempts keep theirs)',
          params: idParams,
          body: itemPatchBody,
          response: { 200: z.object({ outcome: z.enum(['unchanged', 'updated_draft', 'new_version']), item: itemDetail }) },
        },
      },
      async (request) => updateItem(ctx, request.actor!, request.params.id, request.body),
    );

    app.delete(
      '/items/:id',
      { config: access, schema: { tags, summary: 'Delete a draft (published items are retired instead)', params: idParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await deleteDraft(ctx, request.actor!, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/items/:id/publish',
      { config: access, schema: { tags, summary: 'Publish a draft so exams can draw it (needs a rationale for every option)', params: idParams, response: { 200: itemDetail } } },
      async (request) => publishItem(ctx, request.actor!, request.params.id),
    );

    app.post(
      '/items/:id/retire',
      { config: access, schema: { tags, summary: 'Retire a published item: no new exam draws it; past attempts keep it', params: idParams, response: { 200: itemDetail } } },
      async (request) => retireItem(ctx, request.actor!, request.params.id),
    );

    app.post(
      '/items/:id/restore',
      { config: access, schema: { tags, summary: 'Put a retired item back into use', params: idParams, response: { 200: itemDetail } } },
      async (request) => restoreItem(ctx, request.actor!, request.params.id),
    );

    app.get(
      '/items/:id/versions/:version',
      {
        config: access,
        schema: {
          tags,
          summary: 'One version of an item, as candidates who were given it saw it',
          params: idParams.extend({ version: z.coerce.number().int().min(1).max(100000) }),
          response: { 200: versionView },
        },
      },
      async (request) => getVersion(ctx.db, request.actor!.orgId, request.params.id, request.params.version),
    );

    app.get(
      '/item-scenarios',
      {
        config: access,
        schema: {
          tags,
          summary: 'Scenario sets (several items sharing one case text)',
          querystring: pageQuery.extend({ bankKey: keySchema.optional() }),
          response: { 200: pageOf(scenarioView.omit({ items: true }).extend({ itemCount: z.number().int() })) },
        },
      },
      async (request) => {
        const { limit, offset, ...filters } = request.query;
        return listScenarios(ctx, request.actor!, filters, { limit, offset });
      },
    );

    app.post(
      '/item-scenarios',
      { config: access, schema: { tags, summary: 'Create a scenario set; add items to it with scenarioId', body: scenarioCreateBody, response: { 201: scenarioView } } },
      async (request, reply) => reply.status(201).send(await createScenario(ctx, request.actor!, request.body)),
    );

    app.get(
      '/item-scenarios/:id',
      { config: access, schema: { tags, summary: 'A scenario set with its items', params: scenarioParams, response: { 200: scenarioView } } },
      async (request) => getScenario(ctx, request.actor!, request.params.id),
    );

    app.patch(
      '/item-scenarios/:id',
      {
        config: access,
        schema: {
          tags,
          summary: 'Edit the case text or title; published items of the set get new versions',
          params: scenarioParams,
          body: scenarioPatchBody,
          response: { 200: scenarioView.extend({ itemsVersioned: z.number().int() }) },
        },
      },
      async (request) => updateScenario(ctx, request.actor!, request.params.id, request.body),
    );
  };
}
