import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import { createTestOrg, PASSWORD, personByEmail, type TestOrg } from '../../../test/support/fixtures.js';
import type { HttpClient } from '../../../test/support/http.js';
import { invitations } from './schema.js';

let smtp: SmtpSink;
let server: TestServer;
let acme: TestOrg;
let globex: TestOrg;
let admin: HttpClient;

beforeAll(async () => {
  smtp = await startSmtpSink();
  server = await startTestServer({ smtpUrl: smtp.url });
  acme = await createTestOrg(server, 'Acme IT');
  globex = await createTestOrg(server, 'Globex IT');
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

/** Invites over the API and returns the invitation with the token from the delivered e-mail. */
async function inviteAndReceive(email: string, name = 'Invited Person', extra: Record<string, unknown> = {}) {
  const address = email.toLowerCase();
  const before = smtp.messages.filter((m) => m.to.includes(address)).length;
  const res = await admin.post('/api/v1/invitations', { email, name, ...extra });
  expect(res.status).toBe(201);
  const [mail] = (await smtp.waitFor(address, before + 1)).slice(-1);
  const token = new RegExp(`${server.url}/invite\\?token=([\\w-]+)`).exec(mail.text)?.[1];
  expect(token, 'the e-mail carries an invitation link').toBeTruthy();
  return { invitation: res.body, token: token!, mail };
}

describe('inviting', () => {
  it('creates a pending invitation and e-mails a link, kept in the outbox as sent', async () => {
    const { invitation, mail } = await inviteAndReceive('Newbie@Acme-IT.test', 'Nina Newbie');
    expect(invitation).toMatchObject({ email: 'newbie@acme-it.test', name: 'Nina Newbie', status: 'pending', invitedByName: 'Acme IT Admin' });
    expect(new Date(invitation.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(mail.subject).toBe('You are invited to Acme IT on Milewide');
    expect(mail.text).toMatch(/Hello Nina Newbie/);

    const outbox = await admin.get('/api/v1/admin/outbox?to=newbie@acme-it.test');
    expect(outbox.body.total).toBe(1);
    const message = await admin.get(`/api/v1/admin/outbox/${outbox.body.items[0].id}`);
    expect(message.body).toMatchObject({ kind: 'invitation', status: 'sent', attempts: 1 });
    expect(message.body.textBody).toContain(`${server.url}/invite?token=`);

    const list = await admin.get('/api/v1/invitations');
    expect(list.body.items.find((i: { id: string }) => i.id === invitation.id)).toMatchObject({ status: 'pending' });
    const person = await admin.get(`/api/v1/people/${invitation.personId}`);
    expect(person.body.status).toBe('invited');
  });

  it('shows what the link is for, and accepting it sets the password and signs in', async () => {
    const { invitation, token } = await inviteAndReceive('joiner@acme-it.test', 'Jo Joiner');
    const visitor = server.client();
    const lookup = await visitor.get(`/api/v1/invitations/lookup?token=${token}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ email: 'joiner@acme-it.test', name: 'Jo Joiner', organisationName: 'Acme IT' });

    const accept = await visitor.post('/api/v1/invitations/accept', { token, password: 'a-brand-new-password' });
    expect(accept.status).toBe(200);
    expect(accept.body).toMatchObject({ email: 'joiner@acme-it.test', organisationName: 'Acme IT', status: 'active' });
    expect(visitor.hasSession()).toBe(true);
    expect((await visitor.get('/api/v1/me')).body.id).toBe(invitation.personId);
    await server.client().login('joiner@acme-it.test', 'a-brand-new-password');

    const list = await admin.get('/api/v1/invitations');
    expect(list.body.items.find((i: { id: string }) => i.id === invitation.id).status).toBe('accepted');

    // A link works once.
    const again = await server.client().post('/api/v1/invitations/accept', { token, password: 'someone-elses-password' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('invitation_used');
    expect((await server.client().get(`/api/v1/invitations/lookup?token=${token}`)).status).toBe(410);
    await server.client().login('joiner@acme-it.test', 'a-brand-new-password');
    expect((await admin.post(`/api/v1/invitations/${invitation.id}/resend`)).status).toBe(409);
  });

  it('refuses an expired link with 410', async () => {
    const { invitation, token } = await inviteAndReceive('late@acme-it.test');
    await server.runtime.ctx.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitation.id));
    const lookup = await server.client().get(`/api/v1/invitations/lookup?token=${token}`);
    expect(lookup.status).toBe(410);
    expect(lookup.body.error.code).toBe('invitation_expired');
    const accept = await server.client().post('/api/v1/invitations/accept', { token, password: PASSWORD });
    expect(accept.status).toBe(410);
    expect((await personByEmail(server, 'late@acme-it.test')).passwordHash).toBeNull();
    const list = await admin.get('/api/v1/invitations');
    expect(list.body.items.find((i: { id: string }) => i.id === invitation.id).status).toBe('expired');
  });

  it('refuses a revoked link with 410', async () => {
    const { invitation, token } = await inviteAndReceive('withdrawn@acme-it.test');
    const revoke = await admin.post(`/api/v1/invitations/${invitation.id}/revoke`);
    expect(revoke.status).toBe(200);
    expect(revoke.body.status).toBe('revoked');
    const accept = await server.client().post('/api/v1/invitations/accept', { token, password: PASSWORD });
    expect(accept.status).toBe(410);
    expect(accept.body.error.code).toBe('invitation_revoked');
    expect((await personByEmail(server, 'withdrawn@acme-it.test')).passwordHash).toBeNull();
  });

  it('resends with a fresh link that replaces the old one', async () => {
    const first = await inviteAndReceive('forgetful@acme-it.test');
    const before = smtp.messages.filter((m) => m.to.includes('forgetful@acme-it.test')).length;
    const resend = await admin.post(`/api/v1/invitations/${first.invitation.id}/resend`);
    expect(resend.status).toBe(201);
    expect(resend.body.id).not.toBe(first.invitation.id);
    expect(resend.body).toMatchObject({ status: 'pending', personId: first.invitation.personId });
    const [mail] = (await smtp.waitFor('forgetful@acme-it.test', before + 1)).slice(-1);
    const newToken = /invite\?token=([\w-]+)/.exec(mail.text)![1];
    expect(newToken).not.toBe(first.token);

    const old = await server.client().post('/api/v1/invitations/accept', { token: first.token, password: PASSWORD });
    expect(old.status).toBe(410);
    const list = await admin.get('/api/v1/invitations');
    expect(list.body.items.find((i: { id: string }) => i.id === first.invitation.id).status).toBe('revoked');
    const fresh = await server.client().post('/api/v1/invitations/accept', { token: newToken, password: PASSWORD });
    expect(fresh.status).toBe(200);
  });

  it('answers an unknown link with 404', async () => {
    const res = await server.client().get('/api/v1/invitations/lookup?token=no-such-invitation-token');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/not valid/);
  });

  it('refuses to invite an e-mail that already has an account with 409', async () => {
    const existing = await acme.addPerson('has-account');
    const res = await admin.post('/api/v1/invitations', { email: existing.email, name: 'Has Account' });
    expect(res.status).toBe(409);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.email']);
  });

  it('refuses an e-mail of another organisation with 409 and nothing about that organisation', async () => {
    const theirs = await globex.addPerson('secret-agent');
    const before = (await admin.get('/api/v1/admin/outbox')).body.total;
    const res = await admin.post('/api/v1/invitations', { email: theirs.email, name: 'Someone' });
    expect(res.status).toBe(409);
    const text = JSON.stringify(res.body);
    for (const secret of ['Globex', theirs.id, 'Secret Agent', globex.orgId]) expect(text).not.toContain(secret);
    expect((await admin.get('/api/v1/admin/outbox')).body.total).toBe(before);
    expect((await personByEmail(server, theirs.email)).orgId).toBe(globex.orgId);
  });

  it('invites a person added earlier without sign-in, keeping their record', async () => {
    const added = await admin.post('/api/v1/people', { email: 'added-first@acme-it.test', name: 'Added First', jobRole: 'DBA' });
    const { invitation } = await inviteAndReceive('added-first@acme-it.test', 'Other Name');
    expect(invitation.personId).toBe(added.body.id);
    expect(invitation.name).toBe('Added First');
  });

  it('does not let a deactivated person in through an invitation that was still pending', async () => {
    const { invitation, token } = await inviteAndReceive('changed-mind@acme-it.test');
    expect((await admin.patch(`/api/v1/people/${invitation.personId}`, { status: 'deactivated' })).status).toBe(200);
    const accept = await server.client().post('/api/v1/invitations/accept', { token, password: PASSWORD });
    expect(accept.status).toBe(410);
    const person = await personByEmail(server, 'changed-mind@acme-it.test');
    expect(person.status).toBe('deactivated');
    expect(person.passwordHash).toBeNull();
    const reinvite = await admin.post('/api/v1/invitations', { email: 'changed-mind@acme-it.test', name: 'Changed Mind' });
    expect(reinvite.status).toBe(409);
    expect(reinvite.body.error.message).toMatch(/reactivate/);
  });

  it('checks team and manager belong to the organisation', async () => {
    const theirTeam = await server.client();
    await theirTeam.login(globex.admin.email, PASSWORD);
    const team = await theirTeam.post('/api/v1/teams', { name: 'Globex Secret Team' });
    const res = await admin.post('/api/v1/invitations', { email: 'wrong-team@acme-it.test', name: 'Wrong Team', teamId: team.body.id });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.teamId']);
    expect(await personByEmail(server, 'wrong-team@acme-it.test')).toBeUndefined();
  });
});

describe('invitations meeting other account changes', () => {
  it('re-inviting someone not yet signed in applies the new team, level and roles', async () => {
    const team = await admin.post('/api/v1/teams', { name: 'Reinvite Squad' });
    const first = await inviteAndReceive('redo@acme-it.test', 'Rhea Redo');
    expect((await admin.get(`/api/v1/people/${first.invitation.personId}`)).body.careerLevel).toBe('individual_contributor');
    await inviteAndReceive('redo@acme-it.test', 'Rhea Redo', { teamId: team.body.id, careerLevel: 'tech_lead', roles: ['learner', 'mentor'] });
    const person = (await admin.get(`/api/v1/people/${first.invitation.personId}`)).body;
    expect(person).toMatchObject({ teamId: team.body.id, careerLevel: 'tech_lead', roles: ['learner', 'mentor'], status: 'invited' });
    const audit = await admin.get(`/api/v1/admin/audit?action=person.update&entityId=${first.invitation.personId}`);
    expect(audit.body.items[0].after).toMatchObject({ careerLevel: 'tech_lead' });
  });

  it('a password reset by an invited person spends the invitation, so it cannot replace that password later', async () => {
    const { token } = await inviteAndReceive('resetter@acme-it.test', 'Reese Resetter');
    const before = smtp.messages.filter((m) => m.to.includes('resetter@acme-it.test')).length;
    expect((await server.client().post('/api/v1/auth/password-reset/request', { email: 'resetter@acme-it.test' })).status).toBe(202);
    const [mail] = (await smtp.waitFor('resetter@acme-it.test', before + 1)).slice(-1);
    const resetToken = /reset-password\?token=([\w-]+)/.exec(mail.text)?.[1];
    expect(resetToken).toBeTruthy();
    expect((await server.client().post('/api/v1/auth/password-reset/complete', { token: resetToken, password: PASSWORD })).status).toBe(204);

    const late = await server.client().post('/api/v1/invitations/accept', { token, password: 'someone-elses-password' });
    expect(late.status).toBe(410);
    await server.client().login('resetter@acme-it.test', PASSWORD);
    const list = await admin.get('/api/v1/invitations?limit=200');
    expect(list.body.items.find((i: { email: string }) => i.email === 'resetter@acme-it.test').status).toBe('accepted');
  });
});
