import type { Actor } from '../../src/server/access/policy.js';
import { createSession } from '../../src/server/identity/sessions.js';
import type { Role } from '../../src/shared/roles.js';
import type { TestServer } from '../support/server.js';
import { createTestOrg, PASSWORD } from '../support/fixtures.js';
import { createLearningWalkFixtures, type LearningWalkFixtures } from './learning-walk-fixtures.js';
import { createContentWalkFixtures } from './content-walk-fixtures.js';
import { createIncidentWalkFixtures, type IncidentWalkIds } from './incident-walk-fixtures.js';
import { createBinderWalkFixtures, type BinderWalkIds } from './binder-walk-fixtures.js';
import { createExamWalkFixtures, type ExamWalkIds } from './exam-walk-fixtures.js';
import { createCertifyWalkFixtures, type CertifyWalkIds } from './certify-walk-fixtures.js';
import { createItemWalkFixtures, type ItemWalkIds } from './item-walk-fixtures.js';

/** Everyone the walk calls each route as, in the order it calls them (admin last: it may delete). */
export const WHO = ['anonymous', 'otherAdmin', 'learner', 'author', 'mentor', 'manager', 'admin'] as const;
export type Who = (typeof WHO)[number];

export interface WalkFixtures {
  /** The acting person for `can()`; null for anonymous. */
  actors: Record<Who, Actor | null>;
  /** Current session cookie value per signed-in caller (renewed after a route that signs out). */
  sessions: Record<Who, string | undefined>;
  renewSession(who: Who): Promise<void>;
  ids: {
    subjectPersonId: string;
    teamId: string;
    doomedTeamId: string;
    invitationId: string;
    outboxId: string;
    /** One API token per caller, owned by that caller; otherAdmin's entry is org A admin's token. */
    tokenIds: Record<Who, string>;
    exams: ExamWalkIds;
    items: ItemWalkIds;
    certify: CertifyWalkIds;
  };
  walkerEmail: string;
  lookupToken: string;
  /** One pending invitation link per caller, so each can accept one. */
  acceptTokens: Record<Who, string>;
  learning: LearningWalkFixtures;
  incidents: IncidentWalkIds;
  binder: BinderWalkIds;
}

function actorOf(person: { id: string; email: string }, orgId: string, roles: Role[]): Actor {
  return { personId: person.id, orgId, email: person.email, name: person.email, roles, via: 'session' };
}

async function inviteAndReadToken(server: TestServer, adminCookie: string, email: string): Promise<{ invitationId: string; token: string; outboxId: string }> {
  const headers = { cookie: `mw_session=${adminCookie}`, 'content-type': 'application/json' };
  const res = await fetch(`${server.url}/api/v1/invitations`, { method: 'POST', headers, body: JSON.stringify({ email, name: 'Walk Invitee' }) });
  if (res.status !== 201) throw new Error(`setup: inviting ${email} gave ${res.status} ${await res.text()}`);
  const invitation = (await res.json()) as { id: string };
  const list = await fetch(`${server.url}/api/v1/admin/outbox?to=${encodeURIComponent(email)}&limit=1`, { headers });
  const [message] = ((await list.json()) as { items: { id: string }[] }).items;
  const full = (await (await fetch(`${server.url}/api/v1/admin/outbox/${message.id}`, { headers })).json()) as { textBody: string };
  const token = /invite\?token=([\w-]+)/.exec(full.textBody)?.[1];
  if (!token) throw new Error(`setup: no invitation link in the e-mail to ${email}`);
  return { invitationId: invitation.id, token, outboxId: message.id };
}

/** Two organisations: A with a person for every role, and B with only its admin. */
export async function createWalkFixtures(server: TestServer): Promise<WalkFixtures> {
  const ctx = server.runtime.ctx;
  const orgA = await createTestOrg(server, 'Walk Org A');
  const orgB = await createTestOrg(server, 'Walk Org B');
  const learner = await orgA.addPerson('walk-learner', ['learner']);
  const author = await orgA.addPerson('walk-author', ['author']);
  const mentor = await orgA.addPerson('walk-mentor', ['mentor']);
  const manager = await orgA.addPerson('walk-manager', ['learner']);
  const subject = await orgA.addPerson('walk-report', ['learner'], manager.id);
  const walker = await orgA.addPerson('walk-walker', ['learner']);

  const actors: Record<Who, Actor | null> = {
    anonymous: null,
    otherAdmin: actorOf(orgB.admin, orgB.orgId, ['org_admin', 'learner']),
    learner: actorOf(learner, orgA.orgId, ['learner']),
    author: actorOf(author, orgA.orgId, ['author']),
    mentor: actorOf(mentor, orgA.orgId, ['mentor']),
    manager: { ...actorOf(manager, orgA.orgId, ['learner']), managesPeople: true },
    admin: actorOf(orgA.admin, orgA.orgId, ['org_admin', 'learner']),
  };
  const sessions = {} as Record<Who, string | undefined>;
  const renewSession = async (who: Who) => {
    const actor = actors[who];
    sessions[who] = actor ? (await createSession(ctx.db, actor.personId, 1, 'authorisation walk')).token : undefined;
  };
  for (const who of WHO) await renewSession(who);

  const adminHeaders = { cookie: `mw_session=${sessions.admin}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown, cookie = sessions.admin) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { ...adminHeaders, cookie: `mw_session=${cookie}` }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`setup: POST ${path} gave ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const team = await post('/api/v1/teams', { name: 'Walk Service Desk' });
  const doomedTeam = await post('/api/v1/teams', { name: 'Walk Team To Delete' });

  const tokenIds = {} as Record<Who, string>;
  for (const who of WHO) {
    if (who === 'anonymous' || who === 'otherAdmin') continue;
    tokenIds[who] = (await post('/api/v1/tokens', { name: `walk token of ${who}` }, sessions[who])).id;
  }
  tokenIds.otherAdmin = tokenIds.admin;
  tokenIds.anonymous = tokenIds.admin;

  const forRevoke = await inviteAndReadToken(server, sessions.admin!, 'walk-revoke@walk-org-a.test');
  const forLookup = await inviteAndReadToken(server, sessions.admin!, 'walk-lookup@walk-org-a.test');
  const acceptTokens = {} as Record<Who, string>;
  for (const who of WHO) acceptTokens[who] = (await inviteAndReadToken(server, sessions.admin!, `walk-accept-${who.toLowerCase()}@walk-org-a.test`)).token;
  const learning = await createLearningWalkFixtures(server, orgA, { managerId: manager.id, subjectId: subject.id, actors });
  await createContentWalkFixtures(server, actors.admin!);
  const exams = await createExamWalkFixtures(server, orgA.orgId, orgB.orgId, sessions);
  const items = await createItemWalkFixtures(server, sessions);
  const certify = await createCertifyWalkFixtures(server, orgA.orgId, { learner: learner.id, author: author.id, mentor: mentor.id, manager: manager.id, admin: orgA.admin.id }, subject.id);

  return {
    actors,
    sessions,
    renewSession,
    ids: {
      subjectPersonId: subject.id,
      teamId: team.id,
      doomedTeamId: doomedTeam.id,
      invitationId: forRevoke.invitationId,
      outboxId: forRevoke.outboxId,
      tokenIds,
      exams,
      items,
      certify,
    },
    walkerEmail: walker.email,
    lookupToken: forLookup.token,
    acceptTokens,
    learning,
    incidents: await createIncidentWalkFixtures(server, orgA.orgId, actors),
    binder: await createBinderWalkFixtures(server, actors),
  };
}

export { PASSWORD };
