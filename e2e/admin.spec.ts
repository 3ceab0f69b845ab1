import { DEMO, expect, test } from './fixtures';

test.use({ signInAs: DEMO.admin });

test('invite someone, read the e-mail in the outbox, accept the invitation', async ({ page, browser, baseURL }) => {
  const email = `e2e.invitee.${Date.now()}@northwind.example`;
  await page.goto('/admin/invitations');
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Erin Invitee');
  await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
  await expect(page.getByRole('cell', { name: email, exact: true })).toBeVisible();

  await page.goto('/admin/outbox');
  await page.getByRole('row').filter({ hasText: email }).first().getByRole('button').click();
  const dialog = page.getByRole('dialog');
  const text = (await dialog.locator('.message-text').textContent()) ?? '';
  const link = /https?:\/\/\S*\/invite\?token=[\w-]+/.exec(text)?.[0];
  expect(link, text).toBeTruthy();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const other = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const invitee = await other.newPage();
  await invitee.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(invitee.getByRole('heading', { level: 1, name: /Join / })).toBeVisible();
  await expect(invitee.getByRole('textbox', { name: 'E-mail' })).toHaveValue(email);
  await invitee.getByRole('textbox', { name: 'Password', exact: true }).fill('erin-chooses-a-password');
  await invitee.getByRole('textbox', { name: 'Confirm password' }).fill('erin-chooses-a-password');
  await invitee.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(invitee.getByRole('heading', { level: 1, name: 'Welcome, Erin' })).toBeVisible();
  await other.close();
});

test('a server validation error is shown next to the field and linked to it', async ({ page }) => {
  await page.goto('/admin/people');
  await page.getByRole('button', { name: 'Add person' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a person' });
  const email = dialog.getByRole('textbox', { name: 'E-mail', exact: true });
  await email.fill('not-an-email');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Someone');
  await dialog.getByRole('button', { name: 'Add person' }).click();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await email.getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  await expect(page.locator(`[id="${describedBy!.split(' ').pop()}"]`)).toContainText(/e-mail/i);
});

test('import: a bad file cannot be confirmed; a good one imports', async ({ page }) => {
  await page.goto('/admin/import');
  const header = 'email,name,team,manager_email,career_level,job_role,roles';
  await page.getByRole('textbox', { name: 'CSV text' }).fill(`${header}\nbad-address,No Email,,,,,\nx@northwind.example,X,,,wizard,,learner`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('heading', { name: /Problems to fix/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Confirm import' })).toBeDisabled();

  const email = `e2e.import.${Date.now()}@northwind.example`;
  await page.getByRole('textbox', { name: 'CSV text' }).fill(`${header}\n${email},Ivy Import,Service Desk,tomas.ferreira@northwind.example,individual_contributor,Service Desk Analyst,learner`);
  await expect(page.getByText('The CSV has changed since the preview.')).toBeVisible();
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('button', { name: 'Confirm import' })).toBeEnabled();
  await page.getByRole('button', { name: 'Confirm import' }).click();
  await expect(page.getByText('Import finished.')).toBeVisible();
  await expect(page.getByText(/1 created/).first()).toBeVisible();
});

test('API token is shown once and can be revoked', async ({ page }) => {
  const name = `E2E token ${Date.now()}`;
  await page.goto('/tokens');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('It is shown only once')).toBeVisible();
  const token = (await page.getByLabel('New API token').textContent()) ?? '';
  expect(token.length).toBeGreaterThan(20);
  const res = await page.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);

  await page.getByRole('button', { name: 'I have copied it, hide the token' }).click();
  await expect(page.getByLabel('New API token')).toHaveCount(0);
  await page.getByRole('button', { name: `Revoke token ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
  await expect(page.getByRole('row').filter({ hasText: name }).getByText('Revoked')).toBeVisible();
});

test('teams: create, rename and delete', async ({ page }) => {
  const name = `E2E team ${Date.now()}`;
  await page.goto('/admin/teams');
  await page.getByRole('textbox', { name: 'Team name' }).fill(name);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('link', { name })).toBeVisible();

  await page.getByRole('button', { name: `Edit team ${name}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Team name' }).fill(`${name} renamed`);
  await dialog.getByRole('button', { name: 'Save team' }).click();
  await expect(page.getByRole('link', { name: `${name} renamed` })).toBeVisible();

  await page.getByRole('button', { name: `Delete team ${name} renamed` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete team' }).click();
  await expect(page.getByRole('link', { name: `${name} renamed` })).toHaveCount(0);
});

test('audit log records changes and shows what changed', async ({ page }) => {
  await page.goto('/admin/audit?entityType=team');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Entity type' })).toHaveValue('team');
  const firstDiff = page.locator('details.diff summary').first();
  await expect(firstDiff).toBeVisible();
  await firstDiff.click();
  await expect(page.locator('details.diff table').first()).toBeVisible();
});
