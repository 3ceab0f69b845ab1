import { DEMO_PASSWORD, expect, test } from './fixtures';

// Yuki is used by no other spec: after this test the account stays locked for 15 minutes.
const YUKI = 'yuki.tanaka@northwind.example';

test('five wrong passwords lock the account, and the sign-in form says so', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'E-mail' }).fill(YUKI);
  const password = page.getByRole('textbox', { name: 'Password' });
  const signIn = async (value: string) => {
    await password.fill(value);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    return (await answer).status();
  };
  const alert = page.getByRole('alert');

  for (let attempt = 1; attempt <= 4; attempt++) {
    expect(await signIn(`wrong password ${attempt}`), `attempt ${attempt}`).toBe(401);
    await expect(alert).toHaveText('The e-mail address or password is wrong');
  }
  expect(await signIn('wrong password 5')).toBe(423);
  await expect(alert).toContainText('Too many failed sign-ins.');
  await expect(alert).toContainText('reset your password');

  // Locked means locked: the right password is refused too, and no session is created.
  expect(await signIn(DEMO_PASSWORD)).toBe(423);
  await expect(alert).toContainText('Too many failed sign-ins.');
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  await expect(page.getByRole('link', { name: 'Forgot password?' })).toBeVisible();
});
