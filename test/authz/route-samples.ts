import { PASSWORD, type WalkFixtures, type Who } from './walk-fixtures.js';
import { WALK_LESSON, WALK_PATH } from './learning-walk-fixtures.js';
import { WALK_COMPETENCY, WALK_DOOMED_ROLE, WALK_LEVEL, WALK_PACK, WALK_ROLE, WALK_STAGE } from './content-walk-fixtures.js';

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
  /**
   * Callers the route's rule lets in but whose answer depends on who they are to the record
   * (relational permissions such as "manager of this person", or ownership): the statuses they
   * get, or the 403/404 refusal they must get.
   */
  byCaller?: Partial<Record<Who, number[] | { denied: 403 | 404 }>>;
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
  // Organisation A's framework is the learning test pack, which lacks the default banks' competencies,
  // so its authors and admin get the pack check's 400 report; organisation B keeps the default framework and loads them.
  'POST /api/v1/item-banks/load-defaults': { ok: [400], byCaller: { otherAdmin: [200] } },
  'GET /api/v1/item-competencies': {},
  'GET /api/v1/items': { query: () => 'bankKey=walk-bank&competency=downtime-escalation&kind=single&q=mail' },
  'POST /api/v1/items': {
    body: (_f, who, n) => ({
      bankKey: 'walk-bank',
      itemKey: `walk-new-${unique(who, n)}`,
      kind: 'single',
      competency: 'delegation',
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
  'POST /api/v1/items/import/preview': { body: (_f, who, n) => ({ bankKey: 'walk-import', defaultCompetency: 'delegation', content: `::walk-${unique(who, n)}:: Who decides? {=The sponsor#Owns the value. ~IT#Serves the decision.}` }) },
  'POST /api/v1/items/import/commit': { body: (_f, who, n) => ({ bankKey: 'walk-import', defaultCompetency: 'delegation', content: `::walk-${unique(who, n)}:: Who decides? {=The sponsor#Owns the value. ~IT#Serves the decision.}` }) },
  'GET /api/v1/exams/:id/item-analysis': { params: (f) => ({ id: f.ids.exams.examId }) },
  'GET /api/v1/exams/:id/item-analysis.csv': { params: (f) => ({ id: f.ids.exams.examId }) },

  'GET /api/v1/admin/audit': {},
  'GET /api/v1/admin/outbox': {},
  'GET /api/v1/admin/outbox/:id': { params: (f) => ({ id: f.ids.outboxId }) },

  // Learning: the lesson player (organisation B has no such lesson, so its admin gets 404).
  'POST /api/v1/learn/lessons/:lessonKey/open': { params: () => ({ lessonKey: WALK_LESSON }) },
  'GET /api/v1/learn/lessons/:lessonKey/progress': { params: () => ({ lessonKey: WALK_LESSON }) },
  'PUT /api/v1/learn/lessons/:lessonKey/position': { params: () => ({ lessonKey: WALK_LESSON }), body: () => ({ anchor: 'the-idea', fraction: 0.5 }) },
  'POST /api/v1/learn/lessons/:lessonKey/heartbeat': { params: () => ({ lessonKey: WALK_LESSON }), body: (_f, who, n) => ({ tickId: `walk-${unique(who, n)}`, seconds: 10 }) },
  'POST /api/v1/learn/lessons/:lessonKey/complete': { params: () => ({ lessonKey: WALK_LESSON }) },
  'GET /api/v1/learn/my/lessons': {},
  'GET /api/v1/learn/lessons/:lessonKey/notes': { params: () => ({ lessonKey: WALK_LESSON }) },
  'POST /api/v1/learn/lessons/:lessonKey/notes': { params: () => ({ lessonKey: WALK_LESSON }), body: () => ({ body: 'A note from the walk' }), ok: [201] },
  'GET /api/v1/learn/notes': {},
  // Each caller edits and deletes their own note; organisation B's admin is sent organisation A's admin's note.
  'PATCH /api/v1/learn/notes/:id': { params: (f, who) => ({ id: f.learning.noteIds[who] }), body: () => ({ body: 'Edited by the walk' }) },
  'DELETE /api/v1/learn/notes/:id': { params: (f, who) => ({ id: f.learning.noteIds[who] }), ok: [204] },
  'PUT /api/v1/learn/lessons/:lessonKey/bookmark': { params: () => ({ lessonKey: WALK_LESSON }) },
  'DELETE /api/v1/learn/lessons/:lessonKey/bookmark': { params: () => ({ lessonKey: WALK_LESSON }), ok: [204] },
  'GET /api/v1/learn/bookmarks': {},
  'GET /api/v1/learn/ce-hours': {},

  // Learning paths. The learner already has an assigned enrolment (409); organisation B has no such path (404).
  'POST /api/v1/learn/enrolments': { body: () => ({ pathKey: WALK_PATH }), ok: [201], byCaller: { learner: [409], otherAdmin: { denied: 404 } } },
  'POST /api/v1/learn/assignments': {
    body: (f) => ({ personId: f.learning.assignablePersonId, pathKey: WALK_PATH, dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }),
    ok: [201],
    // Only the person's manager (first, 201) and admins (then 409: already enrolled) may assign.
    byCaller: { learner: { denied: 403 }, author: { denied: 403 }, mentor: { denied: 403 }, otherAdmin: { denied: 404 }, admin: [409] },
  },
  'GET /api/v1/learn/my/enrolments': {},
  'GET /api/v1/learn/enrolments': {},
  'GET /api/v1/learn/enrolments/:id': {
    params: (f) => ({ id: f.learning.subjectEnrolmentId }),
    byCaller: { learner: { denied: 404 }, author: { denied: 404 }, mentor: { denied: 404 } },
  },
  'PATCH /api/v1/learn/enrolments/:id': {
    params: (f) => ({ id: f.learning.subjectEnrolmentId }),
    body: () => ({ dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }),
    byCaller: { learner: { denied: 404 }, author: { denied: 404 }, mentor: { denied: 404 } },
  },
  'POST /api/v1/learn/enrolments/:id/withdraw': {
    params: (f) => ({ id: f.learning.withdrawableEnrolmentId }),
    byCaller: { learner: { denied: 404 }, author: { denied: 404 }, mentor: { denied: 404 }, admin: [409] },
  },
  'GET /api/v1/learn/reminders': {},
  'POST /api/v1/learn/reminders/:id/dismiss': {
    params: (f) => ({ id: f.learning.learnerReminderId }),
    ok: [204],
    byCaller: { author: { denied: 404 }, mentor: { denied: 404 }, manager: { denied: 404 }, admin: { denied: 404 } },
  },

  'GET /api/v1/learn/admin/settings': {},
  'PATCH /api/v1/learn/admin/settings': { body: () => ({ reminderDaysBefore: 4 }) },
  'GET /api/v1/learn/admin/lrs': {},
  'PUT /api/v1/learn/admin/lrs': { body: () => ({ endpoint: 'https://lrs.walk.test/xapi/', key: 'walk', secret: 'walk-secret-123456', enabled: false }) },
  'DELETE /api/v1/learn/admin/lrs': { ok: [204] },
  'GET /api/v1/learn/admin/xapi/statements.jsonl': {},

  'GET /api/v1/learn/tips/current': {},
  'GET /api/v1/learn/tips/subscription': {},
  'PUT /api/v1/learn/tips/subscription': { body: () => ({ subscribed: true }) },
  'GET /api/v1/learn/tips/unsubscribe': { query: (f) => `token=${encodeURIComponent(f.learning.unsubscribeToken)}` },
  'POST /api/v1/learn/tips/unsubscribe': { body: (f) => ({ token: f.learning.unsubscribeToken }) },

  'GET /api/v1/learn/guides/path/:pathKey.pdf': { params: () => ({ pathKey: WALK_PATH }) },
  'GET /api/v1/learn/guides/stage/:stage.pdf': { params: () => ({ stage: 'business-of-it' }) },

  // Career framework. Organisation B has no framework, so its admin gets 404 for every key, and 400
  // when adding something that refers to a stage or level it does not have.
  'GET /api/v1/framework': {},
  'PATCH /api/v1/framework/proficiency-scale/:level': { params: () => ({ level: '2' }), body: () => ({ description: 'Uses it with some help.' }) },
  'POST /api/v1/framework/levels': { body: (_f, who, n) => ({ id: `walk_level_${n}`, label: `Walk level of ${who}` }), ok: [201] },
  'PATCH /api/v1/framework/levels/:levelKey': { params: () => ({ levelKey: WALK_LEVEL }), body: () => ({ description: 'Leads the technical work of a small group.' }) },
  'POST /api/v1/framework/stages': { body: (_f, who, n) => ({ id: `walk-stage-${n}`, title: `Walk stage of ${who}` }), ok: [201] },
  'PATCH /api/v1/framework/stages/:stageKey': { params: () => ({ stageKey: WALK_STAGE }), body: () => ({ description: 'People skills first.' }) },
  'POST /api/v1/framework/competencies': { body: (_f, who, n) => ({ id: `walk-competency-${n}`, name: `Walk competency of ${who}`, description: 'Added by the walk.', stage: WALK_STAGE }), ok: [201], byCaller: { otherAdmin: [400] } },
  'PATCH /api/v1/framework/competencies/:competencyKey': { params: () => ({ competencyKey: WALK_COMPETENCY }), body: () => ({ targets: { tech_lead: 2, it_manager: 3 } }) },
  'POST /api/v1/framework/job-roles': { body: (_f, who, n) => ({ id: `walk-role-${unique(who, n)}`, title: 'Walk role', level: 'it_manager' }), ok: [201], byCaller: { otherAdmin: [400] } },
  'PATCH /api/v1/framework/job-roles/:roleKey': { params: () => ({ roleKey: WALK_ROLE }), body: () => ({ summary: 'Runs a team for the walk.' }) },
  'DELETE /api/v1/framework/job-roles/:roleKey': { params: () => ({ roleKey: WALK_DOOMED_ROLE }), ok: [204] },
  'GET /api/v1/framework/job-roles/:roleKey/job-description': { params: () => ({ roleKey: WALK_ROLE }) },

  // Library. Organisation B has no lessons or paths.
  'GET /api/v1/learn/lessons': { query: () => 'q=escalation&stage=business-of-it' },
  'GET /api/v1/learn/lessons/:lessonKey': { params: () => ({ lessonKey: WALK_LESSON }) },
  'POST /api/v1/learn/lessons/:lessonKey/check': { params: () => ({ lessonKey: WALK_LESSON }), body: () => ({ questionId: 'q1', optionIndexes: [0] }) },
  'GET /api/v1/learn/paths': {},
  'GET /api/v1/learn/paths/:pathKey': { params: () => ({ pathKey: WALK_PATH }) },
  'GET /api/v1/learn/stages': {},
  'GET /api/v1/learn/competencies': {},

  // Content packs. The walk sends JSON, which the upload routes answer with 415 once access is granted.
  'GET /api/v1/admin/content-packs': {},
  'POST /api/v1/admin/content-packs/validate': { body: () => ({}), ok: [415] },
  'POST /api/v1/admin/content-packs/import': { body: () => ({}), ok: [415] },
  'GET /api/v1/admin/content-packs/:packKey/export': { params: () => ({ packKey: WALK_PACK }) },
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
  // learner, author and mentor are each the Expert of a support area, so they see the progress (their own waiting items).
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
  // Experts read the history and the binder entry of their own procedures; this one is the admin's and was not shared with them.
  'GET /api/v1/escalations/procedures/:id/versions': { params: (f) => ({ id: f.binder.publishedId }), byCaller: { learner: { denied: 404 }, author: { denied: 404 }, mentor: { denied: 404 } } },
  'POST /api/v1/escalations/procedures/:id/share': { params: (f) => ({ id: f.binder.publishedId }), body: (f) => ({ personIds: [f.ids.subjectPersonId] }) },
  'GET /api/v1/escalations/binder': {},
  'GET /api/v1/escalations/binder/:id': { params: (f) => ({ id: f.binder.publishedId }), byCaller: { learner: { denied: 404 }, author: { denied: 404 }, mentor: { denied: 404 } } },
  'GET /api/v1/escalations/binder/:id/pdf': { params: (f) => ({ id: f.binder.publishedId }), byCaller: { learner: { denied: 404 }, author: { denied: 404 }, mentor: { denied: 404 } } },
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
    body: () => ({ evidence: [{ kind: 'link', ref: 'https://walk.example/procedure', title: 'Walk procedure' }] }),
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
  // The walk sends JSON, so the upload is refused with "send multipart/form-data" (the handler ran).
  'POST /api/v1/certify/evidence-files': { body: () => ({ file: 'walk' }), ok: [415] },
  'GET /api/v1/certify/evidence-files/:id': { params: (f, who) => ({ id: f.ids.certify.fileIds[who] }) },
  'GET /api/v1/certify/artefacts': {},
  'GET /api/v1/certify/programs/:id/practicum': { params: (f) => ({ id: f.ids.certify.programId }) },
  'GET /api/v1/certify/team': {},
  'GET /api/v1/certify/programs/:id/bench': { params: (f) => ({ id: f.ids.certify.programId }) },
  'GET /api/v1/certify/credentials': {},
};
