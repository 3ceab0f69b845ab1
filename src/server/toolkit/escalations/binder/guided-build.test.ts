import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { binderOrg, connectivityContacts, type BinderOrg } from './binder.fixtures.js';

let server: TestServer;
let org: BinderOrg;

beforeAll(async () => {
  server = await startTestServer();
  org = await binderOrg(server, 'Riverside Health IT');
});
afterAll(async () => server?.close());

type Progress = {
  steps: { step: number; key: string; done: boolean; counts: Record<string, number> }[];
  currentStep: number;
  next: string;
  waiting: { step: number; on: { kind: string; personId: string | null; name: string }; waiting: { kind: string; name: string }; action: string; item: { type: string; id: string; title: string } }[];
};
const progress = async (): Promise<Progress> => (await org.manager.get('/api/v1/escalations/binder/progress')).body;
const waitingOn = (p: Progress) => p.waiting.map((w) => `${w.step} ${w.on.name}: ${w.action} (${w.item.title})`);

describe('guided build of a binder, DOMAIN.md six steps', () => {
  it('tracks a binder from the first support area to every procedure published and shared', async () => {
    // Step 1: the fixture made two areas with Experts; a third has none yet.
    const apps = await org.manager.post('/api/v1/escalations/support-areas', { name: 'Key applications', description: 'Scheduling and billing' });
    let p = await progress();
    expect(p.currentStep).toBe(1);
    expect(p.steps[0]).toMatchObject({ done: false, counts: { supportAreas: 3, withExpert: 2, withoutExpert: 1 } });
    expect(p.next).toBe('Assign an Expert to 1 support area.');
    expect(waitingOn(p)).toContain('1 People managers and admins: assign an Expert (Key applications)');
    const assigned = await org.manager.patch(`/api/v1/escalations/support-areas/${apps.body.id}`, { expertPersonId: org.ids.otherExpert });
    expect(assigned.body.expert).toMatchObject({ id: org.ids.otherExpert, name: 'Ella Email Expert' });

    // Step 2: Experts propose situations for their areas.
    p = await progress();
    expect(p.currentStep).toBe(2);
    expect(p.steps[0].done).toBe(true);
    expect(waitingOn(p)).toEqual([
      '2 Ella Email Expert: propose the situations that need a procedure (E-mail)',
      '2 Ella Email Expert: propose the situations that need a procedure (Key applications)',
      '2 Wes Wan Expert: propose the situations that need a procedure (WAN/telecom)',
    ]);
    const wanLink = await org.expert.post(`/api/v1/escalations/support-areas/${org.areas.wan}/proposals`, { situation: 'site-connectivity', title: 'Clinic WAN link down', rationale: 'Three clinics on single links' });
    const phones = await org.expert.post(`/api/v1/escalations/support-areas/${org.areas.wan}/proposals`, { situation: 'phone-system' });
    const mail = await org.otherExpert.post(`/api/v1/escalations/support-areas/${org.areas.email}/proposals`, { situation: 'email-outage' });
    const billing = await org.otherExpert.post(`/api/v1/escalations/support-areas/${apps.body.id}/proposals`, { situation: 'critical-application', title: 'Billing system down' });
    expect(phones.body).toMatchObject({ title: 'Phone system outage', status: 'proposed', proposedBy: { id: org.ids.expert }, procedureId: null });

    // Step 3: the manager agrees the list.
    p = await progress();
    expect(p.currentStep).toBe(3);
    expect(p.steps[2].counts).toEqual({ pending: 4, accepted: 0, declined: 0 });
    expect(p.next).toBe('Accept or decline 4 proposals.');
    expect(p.waiting.filter((w) => w.step === 3).map((w) => w.waiting.name).sort()).toEqual(['Ella Email Expert', 'Ella Email Expert', 'Wes Wan Expert', 'Wes Wan Expert']);
    for (const prop of [wanLink, mail, billing]) {
      expect((await org.manager.post(`/api/v1/escalations/proposals/${prop.body.id}/decision`, { decision: 'accepted' })).status).toBe(200);
    }
    const declined = await org.manager.post(`/api/v1/escalations/proposals/${phones.body.id}/decision`, { decision: 'declined', note: 'The phone provider runs its own escalation; we link to it.' });
    expect(declined.body).toMatchObject({ status: 'declined', decidedBy: { id: org.ids.manager }, decisionNote: 'The phone provider runs its own escalation; we link to it.' });
    // A declined proposal cannot be drafted.
    expect((await org.expert.post(`/api/v1/escalations/proposals/${phones.body.id}/procedure`, {})).status).toBe(409);

    // Step 4: Experts draft from the templates.
    p = await progress();
    expect(p.currentStep).toBe(4);
    expect(p.steps[3].counts).toEqual({ notStarted: 3, drafting: 0, submitted: 0 });
    const wanDraft = await org.expert.post(`/api/v1/escalations/proposals/${wanLink.body.id}/procedure`, {});
    expect(wanDraft.body).toMatchObject({ title: 'Clinic WAN link down', templateKey: 'site-connectivity', expertPersonId: org.ids.expert, supportAreaName: 'WAN/telecom' });
    expect((await org.expert.post(`/api/v1/escalations/proposals/${wanLink.body.id}/procedure`, {})).status).toBe(409);
    const mailDraft = await org.otherExpert.post(`/api/v1/escalations/proposals/${mail.body.id}/procedure`, {});
    const billingDraft = await org.otherExpert.post(`/api/v1/escalations/proposals/${billing.body.id}/procedure`, { useTemplate: false });
    expect(billingDraft.body).toMatchObject({ templateKey: null, steps: [], situation: 'critical-application' });
    // Once drafting has started the decision stands.
    expect((await org.manager.post(`/api/v1/escalations/proposals/${wanLink.body.id}/decision`, { decision: 'declined' })).status).toBe(409);
    p = await progress();
    expect(p.steps[3].counts).toEqual({ notStarted: 0, drafting: 3, submitted: 0 });
    expect(waitingOn(p).filter((w) => w.startsWith('4'))).toContain('4 Wes Wan Expert: finish the draft and submit it for review (Clinic WAN link down)');

    const complete = (id: string, client = org.expert, people: Record<string, unknown> = {}) =>
      client.patch(`/api/v1/escalations/procedures/${id}`, {
        itPointPersonId: org.ids.expert,
        sitePointPersonId: org.ids.siteLead,
        sites: ['Riverside Clinic'],
        contacts: connectivityContacts(org),
        steps: [
          { offsetMinutes: 30, title: 'Ticket open', notify: ['desk', 'carrier'], expected: 'Ticket number shared with the site.' },
          { offsetMinutes: 60, title: 'Manager told', notify: ['it-manager'], expected: 'Decide on the backup link.' },
          { offsetMinutes: 120, title: 'Director told', notify: ['director'], expected: 'Decide on moving work elsewhere.' },
        ],
        ...people,
      });
    expect((await complete(wanDraft.body.id)).status).toBe(200);
    expect((await complete(mailDraft.body.id, org.otherExpert)).status).toBe(200);
    // Without a template the Expert writes the summary too.
    expect((await complete(billingDraft.body.id, org.otherExpert, { summary: 'Billing cannot post charges; clinics keep paper charge slips until it is back.' })).status).toBe(200);
    for (const [id, client] of [[wanDraft.body.id, org.expert], [mailDraft.body.id, org.otherExpert], [billingDraft.body.id, org.otherExpert]] as const) {
      expect((await client.post(`/api/v1/escalations/procedures/${id}/submit`)).status).toBe(200);
    }

    // Step 5: the manager reviews and tunes.
    p = await progress();
    expect(p.currentStep).toBe(5);
    expect(p.steps[4].counts).toEqual({ awaitingReview: 3, reviewed: 0 });
    expect(p.waiting.filter((w) => w.step === 5).map((w) => `${w.on.kind} <- ${w.waiting.name}`).sort()).toEqual(['manager <- Ella Email Expert', 'manager <- Ella Email Expert', 'manager <- Wes Wan Expert']);
    await org.manager.patch(`/api/v1/escalations/procedures/${wanDraft.body.id}`, { statusUpdateEveryMinutes: 20 });
    for (const id of [wanDraft.body.id, mailDraft.body.id, billingDraft.body.id]) {
      expect((await org.manager.post(`/api/v1/escalations/procedures/${id}/review`, {})).status).toBe(200);
    }

    // Step 6: publish and share.
    p = await progress();
    expect(p.currentStep).toBe(6);
    expect(p.next).toBe('Publish 3 reviewed procedures, then share them with the managers they affect.');
    for (const id of [wanDraft.body.id, mailDraft.body.id, billingDraft.body.id]) {
      expect((await org.manager.post(`/api/v1/escalations/procedures/${id}/publish`)).status).toBe(200);
    }
    await org.manager.post(`/api/v1/escalations/procedures/${wanDraft.body.id}/share`, { personIds: [org.ids.report] });
    p = await progress();
    expect(p.currentStep).toBe(7);
    expect(p.steps.every((s) => s.done)).toBe(true);
    expect(p.steps[5].counts).toEqual({ reviewedNotPublished: 0, published: 3, inForce: 3, shared: 1 });
    expect(p.waiting).toEqual([]);

    // The binder lists the three in force; a new draft of one puts step 4 back to work while it stays in force.
    const binder = await org.manager.get('/api/v1/escalations/binder');
    expect(binder.body.items.map((i: { title: string }) => i.title)).toEqual(['Billing system down', 'Clinic WAN link down', 'E-mail outage']);
    await org.expert.patch(`/api/v1/escalations/procedures/${wanDraft.body.id}`, { title: 'Clinic WAN link down (all clinics)' });
    p = await progress();
    expect(p.currentStep).toBe(4);
    expect(p.steps[5].counts.inForce).toBe(3);
    expect((await org.manager.get('/api/v1/escalations/binder')).body.items).toHaveLength(3);
  });

  it('records the guided build in the audit log', async () => {
    const audit = await org.admin.get('/api/v1/admin/audit?limit=200');
    const actions = new Set(audit.body.items.map((e: { action: string }) => e.action));
    for (const action of ['escalation.support_area.create', 'escalation.support_area.update', 'escalation.proposal.create', 'escalation.proposal.decide', 'escalation.procedure.create', 'escalation.procedure.submit', 'escalation.procedure.share']) {
      expect(actions, action).toContain(action);
    }
  });

  it('offers the seven templates and the situations list to anyone signed in', async () => {
    const res = await org.learner.get('/api/v1/escalations/templates');
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { key: string }) => t.key)).toEqual(['site-connectivity', 'weather-closure', 'email-outage', 'critical-application', 'critical-server', 'internet-intranet', 'phone-system']);
    expect(res.body.situations).toHaveLength(8);
  });
});
