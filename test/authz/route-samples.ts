import { PASSWORD, type WalkFixtures, type Who } from './walk-fixtures.js';

/**
 * How the authorisation walk calls each route: path parameters (real ids of organisation A), a
 * minimal valid query and body, and the status a caller the rule lets through should get. A new
 * route fails the walk until it has an entry here.
 */
export interface RouteSample {
  params?: (f: WalkFixtures, who: Who) => Record<string, string>;
  query?: (f: WalkFixtures, who: Who) => string;
  body?: (f: WalkFixtures, who: Who, n: number) => unknown;
  /** Statuses a permitted caller gets (default [200]). */
  ok?: number[];
  /** The call ends the caller's session(s); the walk gives them a new one afterwards. */
  signsOut?: boolean;
}

const unique = (who: Who, n: number) => `${who.toLowerCase()}-${n}`;

export const ROUTE_SAMPLES: Record<string, RouteSample> = {
  'GET /api/v1/setup': {},
  'POST /api/v1/setup': {
    body: (_f, who, n) => ({ organisationName: 'Walk Takeover', name: 'Walk Takeover', email: `takeover-${unique(who, n)}@walk.test`, password: PASSWORD }),
    ok: [409],
  },
  'POST /api/v1/auth/login': { body: (f) => ({ email: f.walkerEmail, password: PASSWORD }) },
  'POST /api/v1/auth/logout': { ok: [204], signsOut: true },
  'POST /api/v1/auth/logout-everywhere': { ok: [204], signsOut: true },
  'POST /api/v1/auth/password-reset/request': { body: (f) => ({ email: f.walkerEmail }), ok: [202] },
  // A well-formed token nobody was sent: the handler runs and finds nothing.
  'POST /api/v1/auth/password-reset/complete': { body: () => ({ token: 'walk-unknown-reset-token', password: PASSWORD }), ok: [404] },
  'GET /api/v1/me': {},
  'PATCH /api/v1/me': { body: () => ({}) },
  'POST /api/v1/me/password': { body: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }), ok: [204] },
  'GET /api/v1/career-levels': {},

  'GET /api/v1/tokens': {},
  'POST /api/v1/tokens': { body: (_f, who, n) => ({ name: `walk ${unique(who, n)}` }), ok: [201] },
  'DELETE /api/v1/tokens/:id': { params: (f, who) => ({ id: f.ids.tokenIds[who] }), ok: [204] },

  'GET /api/v1/invitations': {},
  'POST /api/v1/invitations': { body: (_f, who, n) => ({ email: `invitee-${unique(who, n)}@walk-org-a.test`, name: 'Walk Invitee' }), ok: [201] },
  'POST /api/v1/invitations/:id/revoke': { params: (f) => ({ id: f.ids.invitationId }) },
  'POST /api/v1/invitations/:id/resend': { params: (f) => ({ id: f.ids.invitationId }), ok: [201] },
  'GET /api/v1/invitations/lookup': { query: (f) => `token=${f.lookupToken}` },
  'POST /api/v1/invitations/accept': { body: (f, who) => ({ token: f.acceptTokens[who], password: PASSWORD }) },

  'GET /api/v1/people': {},
  'GET /api/v1/people/:id': { params: (f) => ({ id: f.ids.subjectPersonId }) },
  'POST /api/v1/people': { body: (_f, who, n) => ({ email: `person-${unique(who, n)}@walk-org-a.test`, name: 'Walk Person' }), ok: [201] },
  'PATCH /api/v1/people/:id': { params: (f) => ({ id: f.ids.subjectPersonId }), body: () => ({ jobRole: 'Service desk analyst' }) },
  'POST /api/v1/people/import/preview': { body: (_f, who, n) => ({ csv: `email,name\nimported-${unique(who, n)}@walk-org-a.test,Walk Imported\n` }) },
  'POST /api/v1/people/import/commit': { body: (_f, who, n) => ({ csv: `email,name\nimported-${unique(who, n)}@walk-org-a.test,Walk Imported\n` }) },

  'GET /api/v1/teams': {},
  'GET /api/v1/teams/:id': { params: (f) => ({ id: f.ids.teamId }) },
  'POST /api/v1/teams': { body: (_f, who, n) => ({ name: `Walk team ${unique(who, n)}` }), ok: [201] },
  'PATCH /api/v1/teams/:id': { params: (f) => ({ id: f.ids.teamId }), body: () => ({ description: 'First-line support' }) },
  'DELETE /api/v1/teams/:id': { params: (f) => ({ id: f.ids.doomedTeamId }), ok: [204] },
  'GET /api/v1/org-chart': {},

  'GET /api/v1/admin/audit': {},
  'GET /api/v1/admin/outbox': {},
  'GET /api/v1/admin/outbox/:id': { params: (f) => ({ id: f.ids.outboxId }) },

  // Notifications (src/server/notify)
  'GET /api/v1/admin/webhook-deliveries': {},
  'GET /api/v1/admin/webhook-deliveries/:id': { params: (f) => ({ id: f.incidents.webhookDeliveryId }) },
  'GET /api/v1/me/notifications': {},
  'POST /api/v1/me/notifications/:id/read': { params: (f, who) => ({ id: f.incidents.notificationIds[who] }) },
  'POST /api/v1/me/notifications/read-all': {},
  // follow=false: the stream sends what there is and closes, so the walk can read it.
  'GET /api/v1/me/notifications/stream': { query: () => 'follow=false' },

  // Live incidents (src/server/toolkit/escalations/incidents)
  'GET /api/v1/incidents': {},
  'GET /api/v1/incidents/openable-procedures': {},
  'POST /api/v1/incidents': { body: (f, who) => ({ procedureId: who === 'otherAdmin' ? f.incidents.otherOrgProcedureId : f.incidents.procedureId }), ok: [201] },
  'POST /api/v1/incidents/ad-hoc': {
    body: () => ({ title: 'Walk ad-hoc', contacts: [{ id: 'v', name: 'Vendor', email: 'v@walk.test' }], steps: [{ offsetMinutes: 600, title: 'Call', notify: ['v'] }] }),
    ok: [201],
  },
  'GET /api/v1/incidents/:id': { params: (f) => ({ id: f.incidents.incidentId }) },
  'GET /api/v1/incidents/:id/timeline': { params: (f) => ({ id: f.incidents.incidentId }) },
  'GET /api/v1/incidents/:id/stream': { params: (f) => ({ id: f.incidents.incidentId }), query: () => 'follow=false' },
  'GET /api/v1/incidents/:id/notifications': { params: (f) => ({ id: f.incidents.incidentId }) },
  'POST /api/v1/incidents/:id/acknowledge': { params: (f) => ({ id: f.incidents.incidentId }) },
  'POST /api/v1/incidents/:id/status-updates': { params: (f) => ({ id: f.incidents.incidentId }), body: (_f, who) => ({ message: `Update from ${who}` }), ok: [201] },
  'POST /api/v1/incidents/:id/resolve': { params: (f, who) => ({ id: f.incidents.toResolve[who] }), body: () => ({}) },
  'GET /api/v1/incidents/:id/review': { params: (f) => ({ id: f.incidents.incidentId }) },
  'PUT /api/v1/incidents/:id/review': { params: (f) => ({ id: f.incidents.resolvedIncidentId }), body: () => ({ peopleAffected: 12, costPerHour: 40 }) },
  'GET /api/v1/incident-acknowledgements': { query: (f) => new URLSearchParams(f.incidents.ackLink).toString() },
  'POST /api/v1/incident-acknowledgements': { body: (f) => f.incidents.ackLink },
  // Unsigned: the handler runs and refuses it.
  'POST /api/v1/incidents/inbound/:orgId': { params: (f) => ({ orgId: f.actors.admin!.orgId }), body: () => ({ situation: 'email-outage' }), ok: [401] },
  'GET /api/v1/incident-settings': {},
  'POST /api/v1/incident-settings/inbound-secret': { ok: [201] },
  'DELETE /api/v1/incident-settings/inbound-secret': {},

  // Escalation binder (src/server/toolkit/escalations/binder)
  'GET /api/v1/escalations/templates': {},
  'GET /api/v1/escalations/support-areas': {},
  'POST /api/v1/escalations/support-areas': { body: (_f, who, n) => ({ name: `Walk area ${unique(who, n)}` }), ok: [201] },
  'PATCH /api/v1/escalations/support-areas/:id': { params: (f) => ({ id: f.binder.areaId }), body: () => ({ description: 'Carrier circuits and site links' }) },
  'DELETE /api/v1/escalations/support-areas/:id': { params: (f, who) => ({ id: f.binder.doomedAreaOf[who] }), ok: [204] },
  'POST /api/v1/escalations/support-areas/:id/proposals': { params: (f, who) => ({ id: f.binder.areaOf[who] }), body: (_f, who, n) => ({ situation: 'other', title: `Walk situation ${unique(who, n)}` }), ok: [201] },
  'GET /api/v1/escalations/proposals': {},
  'POST /api/v1/escalations/proposals/:id/decision': { params: (f) => ({ id: f.binder.proposalId }), body: () => ({ decision: 'accepted' }) },
  'POST /api/v1/escalations/proposals/:id/procedure': { params: (f, who) => ({ id: f.binder.acceptedProposalOf[who] }), body: () => ({}), ok: [201] },
  'GET /api/v1/escalations/binder/progress': {},
  'GET /api/v1/escalations/procedures': {},
  'POST /api/v1/escalations/procedures': { body: () => ({ templateKey: 'phone-system' }), ok: [201] },
  'GET /api/v1/escalations/procedures/:id': { params: (f, who) => ({ id: f.binder.draftOf[who] }) },
  'PATCH /api/v1/escalations/procedures/:id': { params: (f, who) => ({ id: f.binder.draftOf[who] }), body: (_f, who) => ({ summary: `Checked by ${who} in the walk.` }) },
  'POST /api/v1/escalations/procedures/:id/submit': { params: (f, who) => ({ id: f.binder.draftOf[who] }) },
  'POST /api/v1/escalations/procedures/:id/review': { params: (f, who) => ({ id: f.binder.reviewableOf[who] }), body: () => ({}) },
  'POST /api/v1/escalations/procedures/:id/return': { params: (f) => ({ id: f.binder.returnableId }), body: () => ({ note: 'Name the backup link in step 2.' }) },
  'POST /api/v1/escalations/procedures/:id/publish': { params: (f, who) => ({ id: f.binder.publishableOf[who] }) },
  'POST /api/v1/escalations/procedures/:id/archive': { params: (f, who) => ({ id: f.binder.archivableOf[who] }) },
  'POST /api/v1/escalations/procedures/:id/restore': { params: (f, who) => ({ id: f.binder.restorableOf[who] }) },
  'GET /api/v1/escalations/procedures/:id/versions': { params: (f) => ({ id: f.binder.publishedId }) },
  'POST /api/v1/escalations/procedures/:id/share': { params: (f) => ({ id: f.binder.publishedId }), body: (f) => ({ personIds: [f.ids.subjectPersonId] }) },
  'GET /api/v1/escalations/binder': {},
  'GET /api/v1/escalations/binder/:id': { params: (f) => ({ id: f.binder.publishedId }) },
  'GET /api/v1/escalations/binder/:id/pdf': { params: (f) => ({ id: f.binder.publishedId }) },
};
