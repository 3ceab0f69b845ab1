import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../src/server/access/policy.js';
import { writeInApp } from '../../src/server/notify/in-app.js';
import { writeWebhook } from '../../src/server/notify/webhook-delivery.js';
import { escalationProcedures, escalationProcedureVersions } from '../../src/server/toolkit/escalations/binder/schema.js';
import { ackToken } from '../../src/server/toolkit/escalations/incidents/ack-links.js';
import { actingAs } from '../../src/server/toolkit/escalations/incidents/facts.js';
import { incidentSettings } from '../../src/server/toolkit/escalations/incidents/schema.js';
import { openIncident, resolveIncident } from '../../src/server/toolkit/escalations/incidents/service.js';
import { linkKeyOf, newInboundSecret } from '../../src/server/toolkit/escalations/incidents/settings.js';
import type { ProcedureSnapshot } from '../../src/server/toolkit/escalations/procedure-snapshot.js';
import type { TestServer } from '../support/server.js';

type WalkWho = 'anonymous' | 'otherAdmin' | 'learner' | 'author' | 'mentor' | 'manager' | 'admin';

export interface IncidentWalkIds {
  procedureId: string;
  /** Organisation B's own published procedure: its admin opens incidents from that one. */
  otherOrgProcedureId: string;
  /** Open throughout the walk: read, acknowledged and updated by everyone. */
  incidentId: string;
  /** Resolved before the walk: its review is written. */
  resolvedIncidentId: string;
  /** One open incident per caller, so that each may resolve one. */
  toResolve: Record<WalkWho, string>;
  /** One in-app notification per caller (org A admin's for callers without one). */
  notificationIds: Record<WalkWho, string>;
  webhookDeliveryId: string;
  ackLink: { incident: string; r: string; t: string };
}

/** A published procedure written straight into the binder's tables (the binder's own tests cover how one is built). */
async function publishProcedure(ctx: TestServer['runtime']['ctx'], orgId: string, people: { expert: string | null; itPoint: string | null; sitePoint: string | null }): Promise<ProcedureSnapshot> {
  const procedureId = randomUUID();
  const versionId = randomUUID();
  const snapshot: ProcedureSnapshot = {
    procedureId,
    versionId,
    version: 1,
    title: 'Walk: e-mail outage',
    situation: 'email-outage',
    summary: 'Mail does not flow.',
    expertPersonId: people.expert,
    itPointPersonId: people.itPoint,
    sitePointPersonId: people.sitePoint,
    sites: ['Head office'],
    services: ['E-mail'],
    contacts: [{ id: 'vendor', kind: 'vendor', name: 'Walk Mail Vendor', personId: null, role: 'Vendor', email: 'noc@walk-vendor.test', webhookUrl: null }],
    // Far in the future: nothing fires while the walk runs.
    steps: [{ id: 's1', offsetMinutes: 600, title: 'Call the vendor', notify: ['vendor'], expected: 'Open a ticket.' }],
    repeatEveryMinutes: null,
    statusUpdateEveryMinutes: 600,
  };
  await ctx.db.insert(escalationProcedures).values({ id: procedureId, orgId, situation: snapshot.situation, title: snapshot.title, status: 'published', currentVersion: 1, expertPersonId: people.expert, itPointPersonId: people.itPoint, sitePointPersonId: people.sitePoint, contacts: snapshot.contacts, steps: snapshot.steps });
  await ctx.db.insert(escalationProcedureVersions).values({ id: versionId, orgId, procedureId, version: 1, snapshot });
  return snapshot;
}

/**
 * Live incident records in organisation A for the authorisation walk. The procedure names the walk's
 * learner as IT point person, author as site point person and mentor as Expert, so that every
 * signed-in caller of org A is one of "the procedure's people, managers, admins"; the incident
 * rules for people outside the procedure are tested in incidents/access.test.ts.
 */
export async function createIncidentWalkFixtures(server: TestServer, orgId: string, actors: Record<WalkWho, Actor | null>): Promise<IncidentWalkIds> {
  const ctx = server.runtime.ctx;
  const a = (who: WalkWho) => actors[who]!;
  const snapshot = await publishProcedure(ctx, orgId, { expert: a('mentor').personId, itPoint: a('learner').personId, sitePoint: a('author').personId });
  const procedureId = snapshot.procedureId;
  const otherOrgProcedureId = (await publishProcedure(ctx, actors.otherAdmin!.orgId, { expert: null, itPoint: actors.otherAdmin!.personId, sitePoint: null })).procedureId;

  const by = actingAs(a('admin'));
  const open = async (title: string) => (await openIncident(ctx, by, orgId, { snapshot, title, source: 'app' })).id;
  const incidentId = await open('Walk: shared incident');
  const resolvedIncidentId = await open('Walk: resolved incident');
  await resolveIncident(ctx, by, resolvedIncidentId, 'Fixed for the walk.');
  const toResolve = {} as Record<WalkWho, string>;
  for (const who of ['learner', 'author', 'mentor', 'manager', 'admin'] as const) toResolve[who] = await open(`Walk: for ${who} to resolve`);
  toResolve.anonymous = toResolve.admin;
  toResolve.otherAdmin = toResolve.admin;

  const notificationIds = {} as Record<WalkWho, string>;
  await ctx.db.transaction(async (tx) => {
    for (const who of ['learner', 'author', 'mentor', 'manager', 'admin'] as const) {
      notificationIds[who] = randomUUID();
      await writeInApp(tx, [{ id: notificationIds[who], orgId, personId: a(who).personId, kind: 'walk', title: 'Walk notification', body: '', link: '/' }]);
    }
  });
  notificationIds.anonymous = notificationIds.admin;
  notificationIds.otherAdmin = notificationIds.admin;
  const webhookDeliveryId = await writeWebhook(ctx.db, { orgId, url: 'https://chat.walk.test/hooks/x', payload: { text: 'walk' }, kind: 'walk' });

  await ctx.db.update(incidentSettings).set({ inboundSecret: newInboundSecret() }).where(eq(incidentSettings.orgId, orgId));
  const recipient = `p:${a('learner').personId}`;
  const ackLink = { incident: incidentId, r: recipient, t: ackToken(await linkKeyOf(ctx.db, orgId), incidentId, recipient) };
  return { procedureId, otherOrgProcedureId, incidentId, resolvedIncidentId, toResolve, notificationIds, webhookDeliveryId, ackLink };
}
