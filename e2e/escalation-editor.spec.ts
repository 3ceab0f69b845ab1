import { expect as pwExpect } from '@playwright/test';
import { DEMO, expect, test } from './fixtures';

test.use({ signInAs: DEMO.admin });

async function draftFromTemplate(page: import('@playwright/test').Page, title: string): Promise<string> {
  const res = await page.request.post('/api/v1/escalations/procedures', { data: { templateKey: 'internet-intranet', title } });
  pwExpect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('errors from the API are shown at the field they belong to, and nothing is lost', async ({ page }) => {
  const title = `E2E field errors ${Date.now()}`;
  const id = await draftFromTemplate(page, title);
  await page.goto(`/toolkit/escalations/procedures/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const steps = page.locator('.step-edit');

  // Step 2 earlier than step 1, and a vendor nobody can reach: one answer names both.
  await steps.nth(1).getByRole('spinbutton', { name: 'Minutes after opening' }).fill('10');
  await page.getByRole('button', { name: 'Add contact' }).click();
  const contact = page.getByRole('group', { name: /^Contact 1/ });
  await contact.getByRole('combobox', { name: 'Kind' }).selectOption('vendor');
  await contact.getByRole('textbox', { name: 'Name' }).fill('Internet carrier');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The procedure was not saved.' })).toBeVisible();

  const minutes = steps.nth(1).getByRole('spinbutton', { name: 'Minutes after opening' });
  await expect(minutes).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await minutes.getAttribute('aria-describedby'))!.split(' ');
  await expect(page.locator(`[id="${describedBy[describedBy.length - 1]}"]`)).toContainText('must be later than the step before it (30 min)');
  await expect(steps.nth(0).getByRole('spinbutton', { name: 'Minutes after opening' })).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('group', { name: /^Contact 1/ })).toContainText('"Internet carrier" has no way to be reached');
  // What was typed is still there.
  await expect(minutes).toHaveValue('10');
  await expect(contact.getByRole('textbox', { name: 'Name' })).toHaveValue('Internet carrier');

  // Fix both and save.
  await minutes.fill('60');
  await contact.getByRole('textbox', { name: 'E-mail' }).fill('noc@carrier.example');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('All changes saved.')).toBeVisible();
  await expect(minutes).not.toHaveAttribute('aria-invalid', 'true');

  // An empty minutes field is caught before anything is sent.
  await minutes.fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(minutes).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('enter whole minutes after the incident opens')).toBeVisible();

  // Leaving with unsaved changes asks first.
  await page.getByRole('navigation', { name: 'Escalations' }).getByRole('link', { name: 'Incidents' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
  await leave.getByRole('button', { name: 'Stay and keep editing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(minutes).toHaveValue('');
  await page.getByRole('navigation', { name: 'Escalations' }).getByRole('link', { name: 'Incidents' }).click();
  await leave.getByRole('button', { name: 'Leave without saving' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
});

test('what is missing links to its field; removing a contact takes it off the steps', async ({ page }) => {
  const title = `E2E missing ${Date.now()}`;
  const id = await draftFromTemplate(page, title);
  await page.goto(`/toolkit/escalations/procedures/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mark reviewed' })).toHaveCount(0);
  await page.getByRole('button', { name: 'name the IT point person' }).click();
  await expect(page.locator('#proc-itPointPersonId')).toBeFocused();

  await page.getByRole('button', { name: 'Add contact' }).click();
  const contact = page.getByRole('group', { name: /^Contact 1/ });
  await contact.getByRole('textbox', { name: 'Name' }).fill('Reception desk');
  await contact.getByRole('textbox', { name: 'E-mail' }).fill('reception@northwind.example');
  const step1 = page.locator('.step-edit').first();
  await step1.getByRole('checkbox', { name: /Reception desk/ }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('All changes saved.')).toBeVisible();

  await page.getByRole('button', { name: 'Remove contact Reception desk' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Contact removed, and taken off step 1.' })).toBeAttached();
  await expect(step1.getByRole('checkbox')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('All changes saved.')).toBeVisible();
});

test('a change saved elsewhere meanwhile is reported, not overwritten', async ({ page }) => {
  const title = `E2E stale ${Date.now()}`;
  const id = await draftFromTemplate(page, title);
  await page.goto(`/toolkit/escalations/procedures/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('textbox', { name: 'Summary' }).fill('Changed in the browser.');
  const elsewhere = await page.request.patch(`/api/v1/escalations/procedures/${id}`, { data: { summary: 'Changed by someone else.', revision: 1 } });
  expect(elsewhere.status()).toBe(200);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /Someone changed this procedure meanwhile/ })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Summary' })).toHaveValue('Changed in the browser.');
  await page.getByRole('button', { name: /Load the latest version/ }).click();
  await expect(page.getByRole('textbox', { name: 'Summary' })).toHaveValue('Changed by someone else.');
});
