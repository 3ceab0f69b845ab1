import { axeViolations } from './axe';
import { expect, test } from './fixtures';
import { FIRST_RUN_URL } from './servers';

// The only spec on the server without any organisation: setting it up happens once per run.
test.use({ baseURL: FIRST_RUN_URL });

const ORG = 'Harbour City Transit IT';
const ADMIN = { name: 'Rosa Delgado', email: 'rosa.delgado@harbourcity.example', password: 'tram lines at dawn' };

test('first run: the root page leads to setup, which creates the organisation and signs in its admin', async ({ page, browser }) => {
  await page.goto(`${FIRST_RUN_URL}/`);
  await expect(page).toHaveURL(`${FIRST_RUN_URL}/setup`);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Milewide' })).toBeVisible();

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axeViolations(page), `setup page, ${scheme} theme`).toEqual([]);
  }

  await page.getByRole('textbox', { name: 'Organisation name' }).fill(ORG);
  await page.getByRole('textbox', { name: 'Your name' }).fill(ADMIN.name);
  await page.getByRole('textbox', { name: 'E-mail' }).fill(ADMIN.email);
  const password = page.getByRole('textbox', { name: 'Password', exact: true });
  await password.fill('short');
  await page.getByRole('textbox', { name: 'Confirm password' }).fill('short');
  await page.getByRole('button', { name: 'Create organisation' }).click();

  // The server's message sits under the password field and is announced with it.
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId, describedBy).toBeTruthy();
  await expect(page.locator(`[id="${errorId}"]`)).toContainText('must be at least 10 characters');
  await expect(page).toHaveURL(`${FIRST_RUN_URL}/setup`);
  expect(await (await page.request.get('/api/v1/setup')).json()).toEqual({ needed: true });
  expect(await axeViolations(page), 'setup page with an error').toEqual([]);

  await password.fill(ADMIN.password);
  await page.getByRole('textbox', { name: 'Confirm password' }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  // Setup also installs the default curriculum (64 lessons), which takes a few seconds on PGlite.
  await expect(page.getByRole('button', { name: 'Creating…' })).toBeVisible();

  await expect(page).toHaveURL(`${FIRST_RUN_URL}/`, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Rosa' })).toBeVisible();
  await expect(page.getByText(`You are signed in to ${ORG} on Milewide.`)).toBeVisible();
  await expect(page.locator('.topbar__org')).toHaveText(ORG);
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: ADMIN.email, organisationName: ORG, roles: expect.arrayContaining(['org_admin']) });

  const nav = page.getByRole('navigation', { name: 'Primary' });
  await nav.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await expect(page.getByText(`Manage ${ORG}.`)).toBeVisible();
  await expect(page.getByText('You do not have permission to use this page.')).toHaveCount(0);

  // Setup is spent: neither the admin nor a stranger is offered it again, and the API refuses it.
  await page.goto('/setup');
  await expect(page.getByRole('heading', { level: 1, name: 'Milewide is already set up' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create organisation' })).toHaveCount(0);

  const stranger = await browser.newContext({ baseURL: FIRST_RUN_URL, storageState: { cookies: [], origins: [] } });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto('/');
  await expect(strangerPage).toHaveURL(/\/sign-in/);
  await expect(strangerPage.getByRole('heading', { level: 1, name: 'Sign in to Milewide' })).toBeVisible();
  await strangerPage.goto('/setup');
  await expect(strangerPage.getByRole('heading', { level: 1, name: 'Milewide is already set up' })).toBeVisible();
  const again = await stranger.request.post('/api/v1/setup', { data: { organisationName: 'Second Org', name: 'Eve Again', email: 'eve@second.example', password: 'another long password' } });
  expect(again.status()).toBe(409);
  await stranger.close();
});
