import { axeViolations as axe } from './axe';
import { DEMO, expect, expectNoHorizontalOverflow, test } from './fixtures';
import { packZip } from './learn-pack';

const LESSON = '/learn/lessons/b16-downtime-and-escalation-planning?path=business-of-it';
const PAGES = ['/learn', '/learn/library?q=budget', '/learn/paths', '/learn/paths/business-of-it', LESSON, '/learn/my', '/learn/team', '/admin/content-packs', '/admin/framework', '/admin/learning-records'];

async function settled(page: import('@playwright/test').Page) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Loading|Opening|Checking/ })).toHaveCount(0);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`Learn pages pass axe, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: DEMO.admin });

    for (const path of PAGES) {
      test(`page ${path}`, async ({ page }) => {
        await page.goto(path);
        await settled(page);
        expect(await axe(page), path).toEqual([]);
      });
    }

    test('lesson with knowledge-check feedback, a note and the bookmark on', async ({ page }) => {
      await page.goto(LESSON);
      await settled(page);
      const question = page.locator('.kc-question').first();
      await question.getByRole('checkbox').first().check();
      await question.getByRole('button', { name: 'Check answer' }).click();
      await expect(question.locator('.kc-feedback').first()).toBeVisible();
      await page.getByRole('textbox', { name: 'New note' }).fill(`An axe check note (${scheme}).`);
      await page.getByRole('button', { name: 'Save note' }).click();
      await expect(page.getByText(/^Saved at /)).toBeVisible();
      const bookmark = page.getByRole('button', { name: 'Bookmark' });
      if ((await bookmark.getAttribute('aria-pressed')) !== 'true') await bookmark.click();
      await expect(bookmark).toHaveAttribute('aria-pressed', 'true');
      expect(await axe(page), 'lesson in use').toEqual([]);
    });

    test('pack validation report and framework dialog', async ({ page }) => {
      await page.goto('/admin/content-packs');
      await settled(page);
      await page.getByLabel('Zipped pack').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: packZip({ broken: true }) });
      await expect(page.getByText('This pack cannot be imported yet.')).toBeVisible();
      expect(await axe(page), 'validation report').toEqual([]);

      await page.goto('/admin/framework');
      await settled(page);
      await page.getByRole('button', { name: 'Edit competency Delegation' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await axe(page), 'competency dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Edit job role IT manager' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await axe(page), 'job role dialog').toEqual([]);
    });
  });
}

test.describe('Learn on a phone', () => {
  test.use({ signInAs: DEMO.manager, viewport: { width: 375, height: 740 } });

  test('no page scrolls sideways', async ({ page }) => {
    for (const path of ['/learn', '/learn/library?q=delegation', '/learn/paths', '/learn/paths/tech-lead-to-manager', '/learn/lessons/n02-first-90-days', '/learn/my', '/learn/team']) {
      await page.goto(path);
      await settled(page);
      await expectNoHorizontalOverflow(page);
    }
  });
});

test.describe('Learn with the keyboard', () => {
  test.use({ signInAs: DEMO.director });

  test('answer a knowledge-check question and mark the lesson complete without a mouse', async ({ page }) => {
    await page.goto('/learn/lessons/d03-it-governance-that-decides');
    await settled(page);
    const question = page.locator('.kc-question').first();
    const firstOption = question.locator('input').first();
    await firstOption.focus();
    await page.keyboard.press('Space');
    await expect(firstOption).toBeChecked();
    // Tab to the question's Check button and press it.
    for (let i = 0; i < 10 && !(await question.getByRole('button', { name: 'Check answer' }).evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(question.getByRole('button', { name: 'Check answer' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(question.getByRole('status')).toHaveText(/^(Right\.|Not quite)/);
    await page.getByRole('button', { name: 'Mark complete' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'Finish the lesson' }).getByText(/Completed\s+on/)).toBeVisible();
  });
});
