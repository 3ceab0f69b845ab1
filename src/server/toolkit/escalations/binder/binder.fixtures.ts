import { createTestOrg } from '../../../../../test/support/fixtures.js';
import { HttpClient } from '../../../../../test/support/http.js';
import type { TestServer } from '../../../../../test/support/server.js';
import { createSession } from '../../../identity/sessions.js';

/**
 * A client signed in with a session made directly, as the authorisation walk does: the binder's
 * tests sign in a dozen people, and checking a dozen passwords is slow on a busy machine.
 */
class SessionClient extends HttpClient {
  constructor(
    baseUrl: string,
    private session: string,
  ) {
    super(baseUrl);
  }

  override request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return super.request<T>(method, path, body, { cookie: `mw_session=${this.session}`, ...headers });
  }
}

/** Shared by the binder's tests: one organisation with everyone the binder rules tell apart. */
export interface BinderOrg {
  orgId: string;
  ids: { admin: string; manager: string; report: string; expert: string; otherExpert: string; learner: string; siteLead: string };
  emails: Record<'admin' | 'manager' | 'report' | 'expert' | 'otherExpert' | 'learner' | 'siteLead', string>;
  admin: HttpClient;
  /** A people manager: no admin role, one direct report. */
  manager: HttpClient;
  /** Expert of the "WAN/telecom" area (a learner otherwise). */
  expert: HttpClient;
  /** Expert of the "E-mail" area. */
  otherExpert: HttpClient;
  /** No reports, no area. */
  learner: HttpClient;
  areas: { wan: string; email: string };
}

export async function binderOrg(server: TestServer, name: string): Promise<BinderOrg> {
  const org = await createTestOrg(server, name);
  const manager = await org.addPerson('mara-manager', ['learner']);
  const report = await org.addPerson('rui-report', ['learner'], manager.id);
  const expert = await org.addPerson('wes-wan-expert', ['learner']);
  const otherExpert = await org.addPerson('ella-email-expert', ['learner']);
  const learner = await org.addPerson('lee-learner', ['learner']);
  const siteLead = await org.addPerson('sia-site-lead', ['learner']);
  const signIn = async (personId: string): Promise<HttpClient> => new SessionClient(server.url, (await createSession(server.runtime.ctx.db, personId, 1, 'binder tests')).token);
  const clients = {
    admin: await signIn(org.admin.id),
    manager: await signIn(manager.id),
    expert: await signIn(expert.id),
    otherExpert: await signIn(otherExpert.id),
    learner: await signIn(learner.id),
  };
  const wan = await clients.admin.post('/api/v1/escalations/support-areas', { name: 'WAN/telecom', expertPersonId: expert.id });
  const email = await clients.admin.post('/api/v1/escalations/support-areas', { name: 'E-mail', expertPersonId: otherExpert.id });
  if (wan.status !== 201 || email.status !== 201) throw new Error(`setup: support areas gave ${wan.status}/${email.status} ${JSON.stringify(wan.body)}`);
  return {
    orgId: org.orgId,
    ids: { admin: org.admin.id, manager: manager.id, report: report.id, expert: expert.id, otherExpert: otherExpert.id, learner: learner.id, siteLead: siteLead.id },
    emails: { admin: org.admin.email, manager: manager.email, report: report.email, expert: expert.email, otherExpert: otherExpert.email, learner: learner.email, siteLead: siteLead.email },
    ...clients,
    areas: { wan: wan.body.id, email: email.body.id },
  };
}

/** Contacts matching the roles of the connectivity template, so its steps are ticked on creation. */
export function connectivityContacts(org: BinderOrg) {
  return [
    { id: 'it-manager', kind: 'person', name: 'Mara Manager', personId: org.ids.manager, role: 'IT manager' },
    { id: 'site-manager', kind: 'person', name: 'Sia Site Lead', personId: org.ids.siteLead, role: 'Site manager' },
    { id: 'desk', kind: 'person', name: 'Service Desk', role: 'Service desk lead', email: 'servicedesk@example.test', webhookUrl: 'https://chat.example.test/hooks/desk' },
    { id: 'director', kind: 'person', name: 'Dana Director', role: 'IT director', email: 'director@example.test' },
    { id: 'carrier', kind: 'vendor', name: 'Northline Telecom NOC', role: 'Carrier NOC', email: 'noc@northline.example', webhookUrl: null },
  ];
}

/** Creates a procedure from the connectivity template and completes it, ready for review. */
export async function completeDraft(org: BinderOrg, client: HttpClient = org.manager) {
  const created = await client.post('/api/v1/escalations/procedures', {
    templateKey: 'site-connectivity',
    supportAreaId: org.areas.wan,
    expertPersonId: org.ids.expert,
    itPointPersonId: org.ids.expert,
    sitePointPersonId: org.ids.siteLead,
    sites: ['Riverside Clinic'],
    contacts: connectivityContacts(org),
  });
  if (created.status !== 201) throw new Error(`setup: creating a procedure gave ${created.status} ${JSON.stringify(created.body)}`);
  return created.body as { id: string; status: string; missing: unknown[]; steps: { notify: string[] }[]; revision: number };
}

export async function publishedProcedure(org: BinderOrg) {
  const draft = await completeDraft(org);
  const reviewed = await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/review`, {});
  if (reviewed.status !== 200) throw new Error(`setup: review gave ${reviewed.status} ${JSON.stringify(reviewed.body)}`);
  const published = await org.manager.post(`/api/v1/escalations/procedures/${draft.id}/publish`);
  if (published.status !== 200) throw new Error(`setup: publish gave ${published.status} ${JSON.stringify(published.body)}`);
  return published.body as { id: string; currentVersion: number };
}
