import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Chooses a person in a PersonPicker (search box + select) inside `scope`, by the select's label. */
export async function pickPerson(scope: Page | Locator, label: string, name: string) {
  const select = scope.getByRole('combobox', { name: label, exact: true });
  const option = select.locator('option', { hasText: name }).first();
  await expect(option).toBeAttached();
  await select.selectOption((await option.getAttribute('value'))!);
}

export interface ApiProcedure {
  id: string;
  title: string;
  currentVersion: number | null;
  contacts: { id: string }[];
}

/**
 * A complete, published procedure made through the API (the browser flow builds its own in the UI):
 * steps at 0, 30 and 60 minutes, the signed-in person as Expert and point people.
 */
export async function publishedProcedureViaApi(request: APIRequestContext, title: string): Promise<ApiProcedure> {
  const me = await (await request.get('/api/v1/me')).json();
  const created = await request.post('/api/v1/escalations/procedures', {
    data: {
      templateKey: 'critical-server',
      title,
      expertPersonId: me.id,
      itPointPersonId: me.id,
      sitePointPersonId: me.id,
      sites: ['Head office'],
      contacts: [
        { id: 'lead', kind: 'person', name: me.name, personId: me.id, role: 'IT manager' },
        { id: 'host', kind: 'vendor', name: 'Hosting provider support', role: 'Vendor', email: 'support@hosting.example' },
      ],
      steps: [
        { id: 's1', offsetMinutes: 0, title: 'Server checked, vendor called', notify: ['lead', 'host'], expected: 'The Expert confirms the server is down and opens a case with the vendor.' },
        { id: 's2', offsetMinutes: 30, title: 'Manager informed', notify: ['lead'], expected: 'The IT manager decides on the fail-over.' },
        { id: 's3', offsetMinutes: 60, title: 'Director informed', notify: ['lead'], expected: 'The director is told how long it will take.' },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const procedure = (await created.json()) as ApiProcedure;
  for (const action of ['review', 'publish']) {
    const res = await request.post(`/api/v1/escalations/procedures/${procedure.id}/${action}`, { data: action === 'review' ? {} : undefined });
    expect(res.status(), await res.text()).toBe(200);
  }
  return procedure;
}

export async function openIncidentViaApi(request: APIRequestContext, procedureId: string, title: string): Promise<string> {
  const res = await request.post('/api/v1/incidents', { data: { procedureId, title, details: 'Opened by a browser test.' } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
