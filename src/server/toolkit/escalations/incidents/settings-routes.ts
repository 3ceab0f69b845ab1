import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { recordAudit } from '../../../audit/service.js';
import { incidentSettings } from './schema.js';
import { ensureSettings, newInboundSecret } from './settings.js';

const settingsView = z.object({
  inboundEnabled: z.boolean(),
  inboundSecretSetAt: z.date().nullable(),
  /** Where monitoring tools send alerts. */
  inboundUrl: z.string(),
});

export function incidentSettingsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const view = (orgId: string, row: { inboundSecret: string | null; inboundSecretSetAt: Date | null }) => ({
      inboundEnabled: !!row.inboundSecret,
      inboundSecretSetAt: row.inboundSecretSetAt,
      inboundUrl: `${ctx.config.publicUrl}/api/v1/incidents/inbound/${orgId}`,
    });

    app.get(
      '/incident-settings',
      { config: { access: 'incidents.configure' }, schema: { tags: ['incidents'], summary: 'Inbound webhook settings (the secret is only shown when it is made)', response: { 200: settingsView } } },
      async (request) => view(request.actor!.orgId, await ensureSettings(ctx.db, request.actor!.orgId)),
    );

    app.post(
      '/incident-settings/inbound-secret',
      {
        config: { access: 'incidents.configure' },
        schema: {
          tags: ['incidents'],
          summary: 'Make a new inbound webhook secret (the old one stops working at once); shown only in this answer',
          response: { 201: settingsView.extend({ secret: z.string() }) },
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        await ensureSettings(ctx.db, actor.orgId);
        const secret = newInboundSecret();
        const row = await ctx.db.transaction(async (tx) => {
          const [updated] = await tx.update(incidentSettings).set({ inboundSecret: secret, inboundSecretSetAt: sql`now()` }).where(eq(incidentSettings.orgId, actor.orgId)).returning();
          await recordAudit(tx, actor, { action: 'incident_settings.inbound_secret', entityType: 'organisation', entityId: actor.orgId, after: { inboundEnabled: true } });
          return updated;
        });
        return reply.status(201).send({ ...view(actor.orgId, row), secret });
      },
    );

    app.delete(
      '/incident-settings/inbound-secret',
      { config: { access: 'incidents.configure' }, schema: { tags: ['incidents'], summary: 'Turn the inbound webhook off', response: { 200: settingsView } } },
      async (request) => {
        const actor = request.actor!;
        await ensureSettings(ctx.db, actor.orgId);
        const row = await ctx.db.transaction(async (tx) => {
          const [updated] = await tx.update(incidentSettings).set({ inboundSecret: null, inboundSecretSetAt: null }).where(eq(incidentSettings.orgId, actor.orgId)).returning();
          await recordAudit(tx, actor, { action: 'incident_settings.inbound_off', entityType: 'organisation', entityId: actor.orgId, after: { inboundEnabled: false } });
          return updated;
        });
        return view(actor.orgId, row);
      },
    );
  };
}
