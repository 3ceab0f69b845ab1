import { request as pwRequest } from '@playwright/test';
import { publishedProcedureViaApi } from './escalation-helpers';
import { DEMO, DEMO_PASSWORD, expect, test } from './fixtures';

const EXPERT = 'jonas.lindqvist@northwind.example';

test.describe('an Expert who is not a manager', () => {
  test.use({ signInAs: EXPERT });

  test('sees the procedures they own, edits one and submits it for review, but cannot review or publish', async ({ page, baseURL }) => {
    // A manager creates a draft naming the Expert.
    const manager = await pwRequest.newContext({ baseURL });
    expect((await manager.post('/api/v1/auth/login', { data: { email: DEMO.admin, password: DEMO_PASSWORD } })).status()).toBe(200);
    const people = await (await manager.get('/api/v1/people', { params: { q: EXPERT } })).json();
    const expertId = people.items[0].id as string;
    const title = `E2E Expert draft ${Date.now()}`;
    const created = await manager.post('/api/v1/escalations/procedures', { data: { templateKey: 'weather-closure', title, expertPersonId: expertId } });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id as string;

    await page.goto('/toolkit/escalations');
    await expect(page.getByRole('heading', { level: 1, name: 'My escalation procedures' })).toBeVisible();
    // The Expert follows the guided build too, with only the waiting items that involve them.
    const build = page.getByRole('region', { name: 'Guided build' });
    await expect(build).toBeVisible();
    await expect(build.getByRole('link', { name: title })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Escalations' }).getByRole('link', { name: 'Published binder' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New procedure from a template' })).toHaveCount(0);
    await page.getByRole('region', { name: 'Procedures you own as Expert' }).getByRole('link', { name: title }).click();

    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText(/only a manager can hand the procedure to another Expert/)).toBeVisible();
    await page.getByRole('textbox', { name: 'Summary' }).fill('Storm warning for the coastal clinics: decide by 06:00 whether they open.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('All changes saved.')).toBeVisible();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page.getByText(/Submitted for review on/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Mark reviewed' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Publish', exact: true })).toHaveCount(0);
    // Their own procedure's history is theirs to see (nothing published yet).
    await expect(page.getByRole('heading', { name: 'Version history' })).toBeVisible();

    // The manager's guided build now shows the manager as the one to act.
    const progress = await (await manager.get('/api/v1/escalations/binder/progress')).json();
    expect(progress.waiting.some((w: { step: number; item: { id: string } }) => w.step === 5 && w.item.id === id)).toBe(true);
    await manager.dispose();
  });

  test('can open an incident from a procedure that names them as IT point person, without browsing the binder', async ({ page }) => {
    await page.goto('/incidents');
    await page.getByRole('button', { name: 'Open an incident' }).click();
    const procedures = page.getByRole('dialog', { name: 'Open an incident' }).getByRole('combobox', { name: 'Procedure' });
    // The demo names Jonas as IT point person of the clinic connectivity procedure (Aisha Karim is its Expert).
    await expect(procedures.locator('option', { hasText: 'A clinic has lost its network connection' })).toBeAttached();
    await expect(procedures.locator('option', { hasText: 'E-mail is down' })).toHaveCount(0);
  });
});

test.describe('a manager', () => {
  test.use({ signInAs: DEMO.admin });

  test('shares a published version by e-mail and sees it in the version history', async ({ page }) => {
    const procedure = await publishedProcedureViaApi(page.request, `E2E share ${Date.now()}`);
    await page.goto(`/toolkit/escalations/procedures/${procedure.id}`);
    await page.getByRole('button', { name: 'Share by e-mail' }).click();
    const dialog = page.getByRole('dialog', { name: /^Share/ });
    const select = dialog.getByRole('combobox', { name: 'Add a person', exact: true });
    await select.selectOption((await select.locator('option', { hasText: 'marcus.oyelaran@' }).getAttribute('value'))!);
    await dialog.getByRole('button', { name: 'Add to the list' }).click();
    await expect(dialog.getByRole('list', { name: 'People to share with' })).toContainText('Marcus Oyelaran');
    await dialog.getByRole('button', { name: 'Share by e-mail' }).click();
    await expect(dialog.getByText(/Version 1 was e-mailed to Marcus Oyelaran/)).toBeVisible();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/^Version 1, published/).click();
    await expect(page.getByText(/Shared with Marcus Oyelaran/)).toBeVisible();
  });
});
