import { DEMO, DEMO_PASSWORD, expect, expectNoHorizontalOverflow, test } from './fixtures';

test.describe('signed out', () => {
  test('a protected page sends you to sign-in and back after signing in', async ({ page }) => {
    await page.goto('/teams');
    await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fteams/);
    await expect(page).toHaveTitle('Sign in · Milewide');

    await page.getByRole('textbox', { name: 'E-mail' }).fill(DEMO.author);
    await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();

    await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/teams$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByText('You are signed out.')).toBeVisible();
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('forgot password always answers the same way', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('textbox', { name: 'E-mail' }).fill('nobody@nowhere.example');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByText('Check your inbox')).toBeVisible();
  });

  test('an unknown invitation token explains what to do', async ({ page }) => {
    await page.goto('/invite?token=not-a-real-token-at-all');
    await expect(page.getByText(/expired, was revoked or has already been used|not valid/i).first()).toBeVisible();
  });
});

test('sign out everywhere ends the other sessions too', async ({ browser, baseURL }) => {
  const open = async () => {
    const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const res = await context.request.post('/api/v1/auth/login', { data: { email: DEMO.director, password: DEMO_PASSWORD } });
    expect(res.status()).toBe(200);
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Marcus' })).toBeVisible();
    return { context, page };
  };
  const here = await open();
  const elsewhere = await open();
  await here.page.getByRole('button', { name: /Account menu/ }).click();
  await here.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(here.page.getByText('You are signed out on every device.')).toBeVisible();

  // The other browser finds out on its next request and returns to the page after signing in.
  await elsewhere.page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Organisation' }).click();
  await expect(elsewhere.page).toHaveURL(/\/sign-in\?redirect=%2Fpeople/);
  await here.context.close();
  await elsewhere.context.close();
});

test.describe('as a learner', () => {
  test.use({ signInAs: DEMO.learner });

  test('home shows the profile and manager; no Admin area', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Samuel' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Tomás Ferreira' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await expect(nav.getByRole('link', { name: 'Organisation' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    await page.goto('/admin/audit');
    await expect(page.getByText('You do not have permission to use this page.')).toBeVisible();
  });

  test('people search is debounced into the address and filters the table', async ({ page }) => {
    await page.goto('/people');
    await page.getByRole('searchbox', { name: 'Search people' }).fill('grace');
    await expect(page).toHaveURL(/q=grace/);
    await expect(page.getByText('1 person found')).toBeVisible();
    await page.getByRole('link', { name: 'Grace Mbeki' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Grace Mbeki' })).toBeVisible();
    await expect(page.getByRole('heading', { name: /Direct reports \(\d+\)/ })).toBeVisible();
  });

  test('org chart opens and closes with the keyboard', async ({ page }) => {
    await page.goto('/org-chart');
    const toggle = page.getByRole('button', { name: /Expand Marcus Oyelaran's reports/ });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /Collapse Marcus Oyelaran's reports/ })).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('link', { name: 'Tomás Ferreira' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('link', { name: 'Tomás Ferreira' })).toBeHidden();
  });

  test('the theme choice is remembered', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/learn');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  });

  test('skip link and page titles', async ({ page }) => {
    await page.goto('/toolkit');
    await expect(page).toHaveTitle('Toolkit · Milewide');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  });
});

test.describe('on a phone', () => {
  test.use({ signInAs: DEMO.manager, viewport: { width: 375, height: 740 } });

  test('the menu button opens the navigation and nothing scrolls sideways', async ({ page }) => {
    for (const path of ['/', '/people', '/org-chart', '/tokens', '/profile']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoHorizontalOverflow(page);
    }
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await nav.getByRole('link', { name: 'Learn' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Learn' })).toBeVisible();
    await expect(nav).toBeHidden();
  });
});
