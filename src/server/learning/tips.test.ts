import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../test/support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp.js';
import { seedLearningContent } from '../../../test/support/learning-content.js';
import { waitUntil } from '../../../test/support/wait.js';
import type { HttpClient } from '../../../test/support/http.js';
import { people } from '../identity/schema.js';
import { dueTasks, LEARNING_TICK_QUEUE } from './jobs.js';
import { stageForLevel } from './stages.js';
import { weekOf } from './tips/weekly.js';

let smtp: SmtpSink;
let server: TestServer;
let acme: TestOrg;
let admin: HttpClient;
let ivy: HttpClient;
const emails = { ivy: 'ivy-individual@acme-it.test', leo: 'leo-lead@acme-it.test', dora: 'dora-director@acme-it.test', nina: 'nina-invited@acme-it.test', otto: 'otto-left@acme-it.test' };

/** Mondays 08:00 UTC of consecutive weeks, starting from a fixed Monday. */
const monday = (n: number) => new Date(Date.UTC(2026, 2, 2 + 7 * n, 8, 0, 0));

async function runWeekly(at: Date) {
  const jobs = server.runtime.ctx.jobs;
  const id = await jobs.send(LEARNING_TICK_QUEUE, { task: 'tips', asOf: at.toISOString() });
  await waitUntil(`weekly tips job ${id}`, async () => {
    const job = await jobs.boss.getJobById(LEARNING_TICK_QUEUE, id!);
    if (job?.state === 'failed') throw new Error(`the weekly tips job failed: ${JSON.stringify(job.output)}`);
    return job?.state === 'completed';
  }, 30_000);
}

const tipsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address) && m.subject.startsWith('Tip of the week: '));
const titles = (address: string) => tipsTo(address).map((m) => m.subject.replace('Tip of the week: ', ''));
const settle = () => new Promise((r) => setTimeout(r, 800));

function unsubscribeLink(address: string): string {
  const [mail] = tipsTo(address);
  const link = /(http:\/\/\S+\/tips\/unsubscribe\?token=[\w.-]+)/.exec(mail.text)?.[1];
  if (!link) throw new Error(`no unsubscribe link in ${mail.text}`);
  return link;
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  // Without a web app build the server's own unsubscribe page answers (one test below adds one).
  server = await startTestServer({ smtpUrl: smtp.url, webDir: join(tmpdir(), 'mw-no-web-app') });
  acme = await createTestOrg(server, 'Acme IT');
  await seedLearningContent(server.runtime.ctx.db, acme.orgId);
  admin = server.client();
  await admin.login(acme.admin.email, PASSWORD);
  const db = server.runtime.ctx.db;
  const ivyP = await acme.addPerson('ivy-individual');
  const leo = await acme.addPerson('leo-lead');
  const dora = await acme.addPerson('dora-director');
  const otto = await acme.addPerson('otto-left');
  await db.update(people).set({ careerLevel: 'tech_lead' }).where(eq(people.id, leo.id));
  await db.update(people).set({ careerLevel: 'it_director' }).where(eq(people.id, dora.id));
  await db.update(people).set({ status: 'deactivated' }).where(eq(people.id, otto.id));
  // Invited but never signed in: no password yet.
  await db.insert(people).values({ orgId: acme.orgId, email: emails.nina, name: 'Nina Invited' });
  // The admin opts out, so only the people above are in play.
  await admin.request('PUT', '/api/v1/learn/tips/subscription', { subscribed: false });
  ivy = server.client();
  await ivy.login(ivyP.email, PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

describe('choosing the tip', () => {
  it('derives the stage from the career level', () => {
    expect(['individual_contributor', 'tech_lead', 'it_manager', 'it_director', 'vp_it', 'c_level'].map(stageForLevel)).toEqual([
      'foundations',
      'new-manager',
      'business-of-it',
      'leading-leaders',
      'leading-leaders',
      'executive',
    ]);
    expect(weekOf(new Date('2026-03-05T23:59:00Z'))).toBe('2026-03-02');
    expect(weekOf(new Date('2026-03-08T10:00:00Z'))).toBe('2026-03-02');
    expect(weekOf(new Date('2026-03-09T00:00:00Z'))).toBe('2026-03-09');
  });

  it('runs from the minute tick: LRS every minute, reminders and tips at minute 7, tips from Monday 08:00', () => {
    expect(dueTasks(new Date('2026-03-09T07:07:00Z'))).toEqual(['lrs', 'reminders']);
    expect(dueTasks(new Date('2026-03-09T08:07:00Z'))).toEqual(['lrs', 'reminders', 'tips']);
    expect(dueTasks(new Date('2026-03-11T03:07:30Z'))).toEqual(['lrs', 'reminders', 'tips']);
    expect(dueTasks(new Date('2026-03-09T08:08:00Z'))).toEqual(['lrs']);
  });

  it('sends each subscribed, active person one tip of their stage a week, through the job engine', async () => {
    // Before the first run the dashboard shows the tip that run will send, without recording it.
    const upcoming = await ivy.get('/api/v1/learn/tips/current');
    expect(upcoming.body).toMatchObject({ delivered: false, subscribed: true, tip: { tipKey: 'tip-f-01', sentAt: null } });
    await runWeekly(monday(0));
    await waitUntil('the first tips', async () => tipsTo(emails.ivy).length === 1 && tipsTo(emails.leo).length === 1);
    await settle();
    expect(titles(emails.ivy)).toEqual(['Name the feeling before you answer']);
    expect(titles(emails.leo)).toEqual(['Delegate one task this week']);
    // No tips for the leading-leaders stage in this pack; nobody invited or deactivated gets one.
    for (const address of [emails.dora, emails.nina, emails.otto, acme.admin.email]) expect(tipsTo(address)).toEqual([]);
    const [mail] = tipsTo(emails.ivy);
    expect(mail.text).toContain("This week's tip for Foundations:");
    expect(mail.text).toContain('When a conversation heats up, say what you notice');
    const current = await ivy.get('/api/v1/learn/tips/current');
    expect(current.body).toMatchObject({ delivered: true, subscribed: true, tip: { tipKey: 'tip-f-01', stage: 'foundations', title: 'Name the feeling before you answer', weekOf: '2026-03-02' } });
  });

  it('sends one tip per week however often the job runs that week', async () => {
    await runWeekly(monday(0));
    await runWeekly(new Date(monday(0).getTime() + 3 * 86_400_000));
    await settle();
    expect(tipsTo(emails.ivy)).toHaveLength(1);
  });

  it('never repeats a tip until every tip of the stage has been sent', async () => {
    await runWeekly(monday(1));
    await runWeekly(monday(2));
    await runWeekly(monday(3));
    await waitUntil('four weeks of tips', async () => tipsTo(emails.ivy).length === 4 && tipsTo(emails.leo).length === 4);
    expect(titles(emails.ivy)).toEqual(['Name the feeling before you answer', 'Ask one more question', 'Write the decision down', 'Name the feeling before you answer']);
    // One tip in Leo's stage: it comes round every week.
    expect(titles(emails.leo)).toEqual(Array(4).fill('Delegate one task this week'));
  });
});

describe('unsubscribing without signing in', () => {
  it('hands GET over to the web app\'s unsubscribe page when the web app is installed', async () => {
    const link = unsubscribeLink(emails.ivy);
    const webDir = mkdtempSync(join(tmpdir(), 'mw-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Milewide</title>');
    const saved = server.config.webDir;
    server.config.webDir = webDir;
    try {
      const res = await fetch(link, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/unsubscribe?token=${new URL(link).searchParams.get('token')}`);
    } finally {
      server.config.webDir = saved;
      rmSync(webDir, { recursive: true, force: true });
    }
    expect((await ivy.get('/api/v1/learn/tips/subscription')).body.subscribed).toBe(true);
  });

  it('shows a confirmation page on GET and changes nothing', async () => {
    const link = unsubscribeLink(emails.ivy);
    expect(link.startsWith(`${server.url}/tips/unsubscribe?token=`)).toBe(true);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Stop the weekly tips?');
    expect(html).toContain('i***l@acme-it.test');
    expect(html).toMatch(/<form method="post" action="\/tips\/unsubscribe\?token=/);
    expect((await ivy.get('/api/v1/learn/tips/subscription')).body.subscribed).toBe(true);
    const token = new URL(link).searchParams.get('token')!;
    const lookup = await server.client().get(`/api/v1/learn/tips/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(lookup.body).toEqual({ email: 'i***l@acme-it.test', organisationName: 'Acme IT', subscribed: true });
  });

  it('unsubscribes on POST (the page\'s button or a one-click mail client), with an audit record', async () => {
    const link = unsubscribeLink(emails.ivy);
    const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    expect((await ivy.get('/api/v1/learn/tips/subscription')).body).toMatchObject({ subscribed: false, stage: 'foundations' });
    const again = await fetch(link, { method: 'POST' });
    expect(again.status).toBe(200);
    const audit = await admin.get('/api/v1/admin/audit?action=tips.unsubscribe&entityType=tip_subscription');
    const ivyEntries = audit.body.items.filter((e: { after: { via?: string } }) => e.after.via === 'e-mail link');
    expect(ivyEntries).toHaveLength(1);
    expect(ivyEntries[0].actorEmail).toBe('system');
    await runWeekly(monday(4));
    await waitUntil('Leo\'s fifth tip', async () => tipsTo(emails.leo).length === 5);
    await settle();
    expect(tipsTo(emails.ivy)).toHaveLength(4);
  });

  it('refuses a tampered or unknown link with a page that says what to do', async () => {
    const link = unsubscribeLink(emails.leo);
    const token = new URL(link).searchParams.get('token')!;
    const [personId, signature] = token.split('.');
    const forged = `${personId}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const page = await fetch(`${server.url}/tips/unsubscribe?token=${forged}`, { method: 'POST' });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('The unsubscribe link is not valid');
    const otherPerson = await fetch(`${server.url}/tips/unsubscribe?token=${unsubscribeLink(emails.ivy).split('token=')[1].split('.')[0]}.${signature}`);
    expect(otherPerson.status).toBe(404);
    const api = await server.client().post('/api/v1/learn/tips/unsubscribe', { token: `not-a-person.${signature}` });
    expect(api.status).toBe(404);
    expect(api.body.error.message).toMatch(/Copy the whole link/);
    expect((await fetch(`${server.url}/tips/unsubscribe`)).status).toBe(404);
    // Leo is still subscribed.
    const leo = server.client();
    await leo.login(emails.leo, PASSWORD);
    expect((await leo.get('/api/v1/learn/tips/subscription')).body.subscribed).toBe(true);
  });

  it('lets the person subscribe again from their profile', async () => {
    const res = await ivy.request('PUT', '/api/v1/learn/tips/subscription', { subscribed: true });
    expect(res.body).toEqual({ subscribed: true, stage: 'foundations', stageTitle: 'Foundations' });
    await runWeekly(monday(5));
    await waitUntil('Ivy\'s tip after subscribing again', async () => tipsTo(emails.ivy).length === 5);
    expect(titles(emails.ivy)[4]).toBe('Ask one more question');
    expect((await ivy.get('/api/v1/learn/tips/current')).body.tip).toMatchObject({ tipKey: 'tip-f-02', weekOf: '2026-04-06' });
  });
});
