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
};
