import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { binderOrg, type BinderOrg } from './binder.fixtures.js';

let server: TestServer;
let org: BinderOrg;
let managerToken: string;

beforeAll(async () => {
  server = await startTestServer();
  org = await binderOrg(server, 'Riverside Health IT');
  managerToken = (await org.manager.post('/api/v1/tokens', { name: 'print the binder' })).body.token;
});
afterAll(async () => server?.close());

type Template = { key: string; title: string; contacts: { role: string; kind: string }[]; steps: { title: string }[] };

async function publishFromTemplate(t: Template, extra: Record<string, unknown> = {}) {
  const contacts = t.contacts.map((c, i) => ({
    id: `c${i}`,
    kind: c.kind,
    name: `${c.role} on call`,
    role: c.role,
    email: `${c.role.toLowerCase().replace(/[^a-z]+/g, '.')}@riverside.example`,
    webhookUrl: c.kind === 'vendor' ? `https://hooks.riverside.example/services/${t.key}/${i}/a-rather-long-webhook-token-that-must-wrap-in-its-column` : null,
  }));
  const created = await org.manager.post('/api/v1/escalations/procedures', {
    templateKey: t.key,
    expertPersonId: org.ids.expert,
    itPointPersonId: org.ids.otherExpert,
    sitePointPersonId: org.ids.siteLead,
    sites: ['Riverside Clinic', 'Hillside Lab', 'Northgate Warehouse'],
    contacts,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await org.manager.post(`/api/v1/escalations/procedures/${created.body.id}/review`, {})).status).toBe(200);
  expect((await org.manager.post(`/api/v1/escalations/procedures/${created.body.id}/publish`)).status).toBe(200);
  return created.body.id as string;
}

async function pdfOf(id: string) {
  const res = await fetch(`${server.url}/api/v1/escalations/binder/${id}/pdf`, { headers: { authorization: `Bearer ${managerToken}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  return { disposition: res.headers.get('content-disposition'), ...(await extractText(bytes, { mergePages: true })) };
}

describe('printable procedure', () => {
  it('prints every template-based procedure on one or two pages with its people, sites, contacts, steps and cadence', async () => {
    const templates: Template[] = (await org.manager.get('/api/v1/escalations/templates')).body.items;
    expect(templates).toHaveLength(7);
    for (const t of templates) {
      const id = await publishFromTemplate(t);
      const pdf = await pdfOf(id);
      const text = pdf.text.replace(/\s+/g, ' ');
      expect(pdf.totalPages, t.key).toBeLessThanOrEqual(2);
      expect(text, t.key).toContain(t.title);
      expect(text).toContain('Riverside Health IT - Escalation procedure');
      expect(text).toContain('Version 1, published');
      expect(text).toContain('Owning Expert Wes Wan Expert');
      expect(text).toContain('IT point person Ella Email Expert');
      expect(text).toContain('Site point person Sia Site Lead');
      expect(text).toContain('Riverside Clinic, Hillside Lab, Northgate Warehouse');
      for (const c of t.contacts) expect(text, `${t.key} contact ${c.role}`).toContain(`${c.role} on call`);
      expect(text).toContain('hooks.riverside.example');
      for (const s of t.steps) expect(text, `${t.key} step ${s.title}`).toContain(s.title);
      for (const at of ['30 min', '1 h', '2 h']) expect(text).toContain(at);
      expect(text).toContain('Then every 1 h until resolved');
      expect(text).toMatch(/sends a status update every (30 min|1 h) to everyone told so far/);
      expect(text).toContain(`page ${pdf.totalPages} of ${pdf.totalPages}`);
      expect(pdf.disposition).toMatch(/^inline; filename=".+-v1\.pdf"$/);
    }
  });

  it('prints names in characters the PDF fonts lack instead of failing', async () => {
    const [t]: Template[] = (await org.manager.get('/api/v1/escalations/templates')).body.items;
    const id = await publishFromTemplate(t, { title: 'Zoë’s clinic offline → call 李 first', sites: ['Zürich office'] });
    const pdf = await pdfOf(id);
    expect(pdf.text).toContain('Zoë’s clinic offline ? call ? first');
    expect(pdf.text).toContain('Zürich office');
  });
});
