import { axeViolations } from './axe';
import { DEMO, expect, test } from './fixtures';

test.describe('weekly tip subscription', () => {
  test.use({ signInAs: DEMO.author });

  test('turn the weekly tip off and on again from the profile', async ({ page }) => {
    await page.goto('/profile');
    const toggle = page.getByRole('checkbox', { name: 'Send me the weekly tip' });
    await expect(toggle).toBeChecked();
    // A controlled box that follows the server: click, then wait for it to show the new state.
    await toggle.click();
    await expect(toggle).not.toBeChecked();
    await expect(page.getByText('You do not get the weekly tip.')).toBeVisible();
    expect((await page.request.get('/api/v1/learn/tips/subscription').then((r) => r.json())).subscribed).toBe(false);

    await page.goto('/learn');
    const tip = page.getByRole('region', { name: 'This week’s tip' });
    await expect(tip.getByText('You turned the weekly tip off.')).toBeVisible();
    await tip.getByRole('link', { name: 'Turn weekly tips on in your profile' }).click();
    await page.getByRole('checkbox', { name: 'Send me the weekly tip' }).click();
    await expect(page.getByRole('checkbox', { name: 'Send me the weekly tip' })).toBeChecked();
    await expect(page.getByText('You get the weekly tip.')).toBeVisible();
    expect((await page.request.get('/api/v1/learn/tips/subscription').then((r) => r.json())).subscribed).toBe(true);
  });
});

test('the unsubscribe page works signed out and explains a broken link', async ({ page }) => {
  await page.goto('/unsubscribe?token=not-a-real-token-value');
  await expect(page.getByRole('heading', { level: 1, name: 'This link does not work' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('not valid');
  await expect(page.getByRole('button', { name: 'Unsubscribe' })).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);

  await page.goto('/unsubscribe');
  await expect(page.getByText('This page needs the whole unsubscribe link')).toBeVisible();
});
