import { axeViolations as axe } from './axe';
import { DEMO, expect, test } from './fixtures';

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('signed-out pages', async ({ page }) => {
      for (const path of ['/sign-in', '/forgot-password', '/reset-password?token=abcdefghijklmnop']) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        expect(await axe(page), path).toEqual([]);
      }
    });

    test.describe('signed in as an admin', () => {
      test.use({ signInAs: DEMO.admin });
      const paths = ['/', '/people', '/org-chart', '/teams', '/learn', '/exams', '/toolkit', '/profile', '/tokens', '/admin', '/admin/people', '/admin/teams', '/admin/invitations', '/admin/import', '/admin/outbox', '/admin/audit'];
      for (const path of paths) {
        test(`page ${path}`, async ({ page }) => {
          await page.goto(path);
          await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
          await expect(page.getByRole('status').filter({ hasText: /Loading/ })).toHaveCount(0);
          expect(await axe(page), path).toEqual([]);
        });
      }

      test('open user menu and dialog', async ({ page }) => {
        await page.goto('/admin/people');
        await page.getByRole('button', { name: /Account menu/ }).click();
        expect(await axe(page), 'user menu').toEqual([]);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Add person' }).click();
        await expect(page.getByRole('dialog')).toBeVisible();
        expect(await axe(page), 'add person dialog').toEqual([]);
      });
    });
  });
}
