import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { DEMO_PASSWORD, DEMO_SLUG, seedDemo } from '../../../demo/seed.js';
import { organisations } from '../../../org/schema.js';
import { loadPublishedSnapshot } from './published.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  expect(await seedDemo(server.runtime.ctx)).toBe(true);
});
afterAll(async () => server?.close());

const signIn = async (email: string) => {
  const client = server.client();
  await client.login(email, DEMO_PASSWORD);
  return client;
};

describe('demo binder for Northwind Health IT', () => {
  it('shows three published procedures with real people to the people manager, and the build part way through', async () => {
    const tomas = await signIn('tomas.ferreira@northwind.example');
    const binder = await tomas.get('/api/v1/escalations/binder');
    expect(binder.status).toBe(200);
    expect(binder.body.items.map((i: { title: string }) => i.title)).toEqual(['A clinic has lost its network connection', 'E-mail is down', 'Patient scheduling system is down']);
    const clinic = await tomas.get(`/api/v1/escalations/binder/${binder.body.items[0].procedureId}`);
    expect(clinic.body).toMatchObject({
      version: 1,
      expert: { name: 'Aisha Karim' },
      itPointPerson: { name: 'Jonas Lindqvist' },
      sitePointContact: { name: 'Clinic practice manager (on duty)' },
      publishedBy: { name: 'Marcus Oyelaran' },
      sites: ['Riverside Clinic', 'Harbour View Clinic', 'Northgate Lab'],
    });
    expect(clinic.body.steps.every((s: { notify: string[] }) => s.notify.length > 0)).toBe(true);

    const progress = await tomas.get('/api/v1/escalations/binder/progress');
    expect(progress.body.currentStep).toBe(3);
    expect(progress.body.waiting.map((w: { step: number; on: { name: string }; item: { title: string } }) => `${w.step} ${w.on.name} ${w.item.title}`)).toEqual([
      '3 People managers and admins Scheduling database server down',
      '4 Jonas Lindqvist Phone system outage',
    ]);

    const [org] = await server.runtime.ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, DEMO_SLUG));
    for (const item of binder.body.items) {
      const snapshot = await loadPublishedSnapshot(server.runtime.ctx.db, org.id, item.procedureId);
      expect(snapshot.version).toBe(1);
      expect(snapshot.contacts.every((c) => c.email)).toBe(true);
    }
  });

  it('lets the draft phone procedure be finished by its Expert, and keeps the binder from the learner', async () => {
    const jonas = await signIn('jonas.lindqvist@northwind.example');
    const mine = await jonas.get('/api/v1/escalations/procedures');
    expect(mine.body.items.map((p: { title: string; status: string }) => `${p.title} (${p.status})`)).toEqual(['Phone system outage (draft)']);
    const draft = mine.body.items[0];
    expect(draft.missing.map((m: { path: string }) => m.path)).toEqual(['sitePointPersonId']);
    const tomas = (await jonas.get('/api/v1/people?q=Ferreira')).body.items[0];
    const filled = await jonas.patch(`/api/v1/escalations/procedures/${draft.id}`, { sitePointPersonId: tomas.id, sites: ['Head office', 'Riverside Clinic'] });
    expect(filled.body.missing).toEqual([]);
    expect((await jonas.post(`/api/v1/escalations/procedures/${draft.id}/submit`)).status).toBe(200);
    const samuel = await signIn('samuel.osei@northwind.example');
    expect((await samuel.get('/api/v1/escalations/binder')).status).toBe(403);
  });

  it('prints a demo procedure on one or two pages', async () => {
    const tomas = await signIn('tomas.ferreira@northwind.example');
    const token = (await tomas.post('/api/v1/tokens', { name: 'print' })).body.token;
    const [first] = (await tomas.get('/api/v1/escalations/binder')).body.items;
    const res = await fetch(`${server.url}/api/v1/escalations/binder/${first.procedureId}/pdf`, { headers: { authorization: `Bearer ${token}` } });
    const pdf = await extractText(new Uint8Array(await res.arrayBuffer()), { mergePages: true });
    expect(pdf.totalPages).toBeLessThanOrEqual(2);
    expect(pdf.text).toContain('Northwind Health IT (demo) - Escalation procedure');
    expect(pdf.text).toContain('Meridian Telecom network operations');
  });
});
