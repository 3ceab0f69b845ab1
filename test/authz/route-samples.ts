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

  'GET /api/v1/exams': {},
  'GET /api/v1/exams/:id': { params: (f) => ({ id: f.ids.exams.examId }) },
  'POST /api/v1/exams': {
    body: (_f, who, n) => ({ examKey: `walk-${unique(who, n)}`, title: 'Walk exam', bankKey: 'walk-exams', blueprint: [{ competency: 'downtime-escalation', count: 1 }], timeLimitMinutes: 20, cutScorePercent: 60 }),
    ok: [201],
  },
  'PATCH /api/v1/exams/:id': { params: (f) => ({ id: f.ids.exams.examId }), body: () => ({ description: 'Sat by the walk' }) },
  'GET /api/v1/exams/:id/attempts': { params: (f) => ({ id: f.ids.exams.examId }) },
  'GET /api/v1/exams/:id/accommodations': { params: (f) => ({ id: f.ids.exams.examId }) },
  'PUT /api/v1/exams/:id/accommodations/:personId': { params: (f) => ({ id: f.ids.exams.examId, personId: f.ids.subjectPersonId }), body: () => ({ extraMinutes: 15 }) },
  'DELETE /api/v1/exams/:id/accommodations/:personId': { params: (f) => ({ id: f.ids.exams.examId, personId: f.ids.subjectPersonId }), ok: [204] },
  // Each caller starts (or, after the first call, resumes) their own attempt.
  'POST /api/v1/exams/:id/attempts': { params: (f) => ({ id: f.ids.exams.examId }), ok: [201] },
  'GET /api/v1/exam-attempts': {},
  'GET /api/v1/exam-attempts/:id': { params: (f, who) => ({ id: f.ids.exams.openAttemptIds[who] }) },
  'PUT /api/v1/exam-attempts/:id/answers': { params: (f, who) => ({ id: f.ids.exams.openAttemptIds[who] }), body: (f, who, n) => ({ itemId: f.ids.exams.itemIds[who], optionIds: ['1'], seq: n }) },
  'PUT /api/v1/exam-attempts/:id/flags': { params: (f, who) => ({ id: f.ids.exams.openAttemptIds[who] }), body: (f, who) => ({ itemId: f.ids.exams.itemIds[who], flagged: true }) },
  'POST /api/v1/exam-attempts/:id/submit': { params: (f, who) => ({ id: f.ids.exams.submitAttemptIds[who] }) },
  'GET /api/v1/exam-attempts/:id/result': { params: (f, who) => ({ id: f.ids.exams.resultAttemptIds[who] }) },

  'GET /api/v1/item-banks': {},
  'POST /api/v1/item-banks': { body: (_f, who, n) => ({ bankKey: `walk-${unique(who, n)}`, title: 'Walk bank' }), ok: [201] },
  'POST /api/v1/item-banks/load-defaults': {},
  'GET /api/v1/item-competencies': {},
  'GET /api/v1/items': { query: () => 'bankKey=walk-bank&competency=downtime-escalation&kind=single&q=mail' },
  'POST /api/v1/items': {
    body: (_f, who, n) => ({
      bankKey: 'walk-bank',
      itemKey: `walk-new-${unique(who, n)}`,
      kind: 'single',
      competency: 'vendor-management',
      stem: 'The vendor missed the response time twice this month. What comes first?',
      options: [
        { text: 'Raise it in writing with your own ticket times', correct: true, rationale: 'Evidence the vendor cannot dispute.' },
        { text: 'Withhold payment', correct: false, rationale: 'Not before the contract process.' },
      ],
    }),
    ok: [201],
  },
  'GET /api/v1/items/:id': { params: (f) => ({ id: f.ids.items.itemId }) },
  'PATCH /api/v1/items/:id': { params: (f) => ({ id: f.ids.items.itemId }), body: (_f, who, n) => ({ stem: `Walk edit ${unique(who, n)}: the mail server is down for an hour. Who hears from IT first?` }) },
  'DELETE /api/v1/items/:id': { params: (f, who) => ({ id: f.ids.items.draftIds[who] }), ok: [204] },
  'POST /api/v1/items/:id/publish': { params: (f) => ({ id: f.ids.items.publishItemId }) },
  'POST /api/v1/items/:id/retire': { params: (f) => ({ id: f.ids.items.retireItemId }) },
  'POST /api/v1/items/:id/restore': { params: (f) => ({ id: f.ids.items.restoreItemId }) },
  'GET /api/v1/items/:id/versions/:version': { params: (f) => ({ id: f.ids.items.itemId, version: '1' }) },
  'GET /api/v1/item-scenarios': { query: () => 'bankKey=walk-bank' },
  'POST /api/v1/item-scenarios': { body: (_f, who, n) => ({ bankKey: 'walk-bank', scenarioKey: `walk-scenario-${unique(who, n)}`, title: 'Walk case', caseText: 'A case.' }), ok: [201] },
  'GET /api/v1/item-scenarios/:id': { params: (f) => ({ id: f.ids.items.scenarioId }) },
  'PATCH /api/v1/item-scenarios/:id': { params: (f) => ({ id: f.ids.items.scenarioId }), body: (_f, who, n) => ({ title: `Walk case ${unique(who, n)}` }) },
  'POST /api/v1/items/import/preview': { body: (_f, who, n) => ({ bankKey: 'walk-import', defaultCompetency: 'influence', content: `::walk-${unique(who, n)}:: Who decides? {=The sponsor#Owns the value. ~IT#Serves the decision.}` }) },
  'POST /api/v1/items/import/commit': { body: (_f, who, n) => ({ bankKey: 'walk-import', defaultCompetency: 'influence', content: `::walk-${unique(who, n)}:: Who decides? {=The sponsor#Owns the value. ~IT#Serves the decision.}` }) },
  'GET /api/v1/exams/:id/item-analysis': { params: (f) => ({ id: f.ids.exams.examId }) },
  'GET /api/v1/exams/:id/item-analysis.csv': { params: (f) => ({ id: f.ids.exams.examId }) },

  'GET /api/v1/admin/audit': {},
  'GET /api/v1/admin/outbox': {},
  'GET /api/v1/admin/outbox/:id': { params: (f) => ({ id: f.ids.outboxId }) },

  'GET /api/v1/public/issuers/:slug': { params: (f) => ({ slug: f.ids.certify.orgSlug }) },
  'GET /api/v1/public/issuers/:slug/did.json': { params: (f) => ({ slug: f.ids.certify.orgSlug }) },
  'GET /api/v1/public/issuers/:slug/jwks.json': { params: (f) => ({ slug: f.ids.certify.orgSlug }) },
  'GET /api/v1/public/issuers/:slug/status/revocation': { params: (f) => ({ slug: f.ids.certify.orgSlug }) },
  'GET /api/v1/public/credentials/:id/verify': { params: (f, who) => ({ id: f.ids.certify.credentialIds[who] }) },
  'POST /api/v1/public/credentials/verify': { body: () => ({ jwt: 'walk.not-a.credential' }) },
  'GET /api/v1/credentials': {},
  'GET /api/v1/credentials/:id': { params: (f, who) => ({ id: f.ids.certify.credentialIds[who] }) },
  'POST /api/v1/credentials/:id/revoke': { params: (f, who) => ({ id: f.ids.certify.revokeIds[who] }), body: () => ({ reason: 'Revoked by the authorisation walk' }) },
  'GET /api/v1/certify/keys': {},
  'POST /api/v1/certify/keys/rotate': {},
  'POST /api/v1/credentials/:id/renew': { params: (f, who) => ({ id: f.ids.certify.credentialIds[who] }), ok: [409] },
  'GET /api/v1/certify/programs': {},
  'PATCH /api/v1/certify/programs/:id': { params: (f) => ({ id: f.ids.certify.programId }), body: () => ({ validityDays: 1095 }) },
  'POST /api/v1/certify/programs/:id/enrol': { params: (f) => ({ id: f.ids.certify.programId }), ok: [200, 201] },
  'GET /api/v1/certify/programs/:id/status': { params: (f) => ({ id: f.ids.certify.programId }) },
  'POST /api/v1/certify/programs/:id/practicum': {
    params: (f) => ({ id: f.ids.certify.programId }),
    body: () => ({ evidence: [{ kind: 'artefact', ref: 'escalation-procedure:walk', title: 'Walk procedure' }] }),
    ok: [201],
  },
  'GET /api/v1/certify/practicum': {},
  'POST /api/v1/certify/practicum/:id/review': {
    params: (f, who) => ({ id: f.ids.certify.reviewIds[who] }),
    body: () => ({ decision: 'return', scores: { problem: 1, action: 1, outcome: 1, stakeholders: 1 }, comments: 'Returned by the walk' }),
  },
  // Nobody in the walk has passed the exam, so the plan is refused with a reason (the handler ran).
  'PUT /api/v1/certify/programs/:id/action-plan': { params: (f) => ({ id: f.ids.certify.programId }), body: () => ({ items: [{ title: 'Walk action', dueDate: '2030-01-01' }] }), ok: [409] },
  'GET /api/v1/certify/programs/:id/action-plan': { params: (f) => ({ id: f.ids.certify.programId }) },
  'POST /api/v1/certify/action-plans/:id/check-ins': { params: (f, who) => ({ id: f.ids.certify.planIds[who] }), body: () => ({ item: 0, note: 'Checked in by the walk' }) },
  // Only the report's manager acknowledges (200); other colleagues see 404, an admin 403.
  'POST /api/v1/certify/action-plans/:id/acknowledge': { params: (f) => ({ id: f.ids.certify.reportPlanId }), ok: [200, 403, 404, 409] },
  'POST /api/v1/certify/programs/:id/claim': { params: (f) => ({ id: f.ids.certify.programId }), ok: [409] },
  'GET /api/v1/credentials/:id/certificate.pdf': { params: (f, who) => ({ id: f.ids.certify.credentialIds[who] }) },
};
