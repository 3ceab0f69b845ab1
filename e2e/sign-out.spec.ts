import { request as pwRequest } from '@playwright/test';
import { DEMO_PASSWORD, expect, test } from './fixtures';

// Signs in through the form with an account no other spec uses, so ending its session affects nothing else.
const PRIYA = 'priya.raman@northwind.example';

test('sign out from the user menu ends the session for good', async ({ page, baseURL }) => {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'E-mail' }).fill(PRIYA);
  await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Priya' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Organisation' }).click();
  await expect(page).toHaveURL(/\/people$/);
  const session = (await page.context().cookies()).find((c) => c.name === 'mw_session');
  expect(session?.value).toBeTruthy();

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=here$/);
  await expect(page.getByText('You are signed out.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Milewide' })).toBeVisible();

  expect((await page.context().cookies()).find((c) => c.name === 'mw_session')).toBeUndefined();
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  // The server ended the session itself: replaying the old cookie does not get back in.
  const replay = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { Cookie: `mw_session=${session!.value}` } });
  expect((await replay.get('/api/v1/me')).status()).toBe(401);
  await replay.dispose();

  // Going back to the protected page it came from, or opening another, asks to sign in again.
  await page.goBack();
  await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fpeople$/);
  await page.goto('/teams');
  await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fteams$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Milewide' })).toBeVisible();
});
