import type { APIRequestContext } from '@playwright/test';
import { axeViolations } from './axe';
import { DEMO, expect, test } from './fixtures';

// Accessibility of pages in the state a flow leaves them in, not just as first loaded.

/** Invites someone as the signed-in admin and returns the accept link's path from the e-mail in the outbox. */
async function invitationLinkFromOutbox(request: APIRequestContext, email: string): Promise<string> {
  const invited = await request.post('/api/v1/invitations', { data: { email, name: 'Nadia Axe' } });
  expect(invited.status(), await invited.text()).toBe(201);
  let messageId = '';
  await expect
    .poll(async () => {
      const list = await (await request.get('/api/v1/admin/outbox', { params: { to: email } })).json();
      messageId = list.items[0]?.id ?? '';
      return messageId;
    })
    .not.toBe('');
  const message = await (await request.get(`/api/v1/admin/outbox/${messageId}`)).json();
  const link = /https?:\/\/\S*\/invite\?token=[\w-]+/.exec(message.textBody)?.[0];
  expect(link, message.textBody).toBeTruthy();
  const url = new URL(link!);
  return url.pathname + url.search;
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`axe in flows, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: DEMO.admin });

    test('invitation accept page, with a real token and with a form error', async ({ page, browser, baseURL }) => {
      const path = await invitationLinkFromOutbox(page.request, `e2e.axe.${scheme}.${Date.now()}@northwind.example`);
      const invitee = await browser.newContext({ baseURL, colorScheme: scheme, storageState: { cookies: [], origins: [] } });
      const invitePage = await invitee.newPage();
      await invitePage.goto(path);
      await expect(invitePage.getByRole('heading', { level: 1, name: 'Join Northwind Health IT (demo)' })).toBeVisible();
      await expect(invitePage.getByRole('button', { name: 'Accept invitation' })).toBeVisible();
      expect(await axeViolations(invitePage), 'invitation page').toEqual([]);

      await invitePage.getByRole('textbox', { name: 'Password', exact: true }).fill('nadia picks a password');
      await invitePage.getByRole('textbox', { name: 'Confirm password' }).fill('nadia picks another');
      await invitePage.getByRole('button', { name: 'Accept invitation' }).click();
      await expect(invitePage.getByText('The two passwords do not match.')).toBeVisible();
      expect(await axeViolations(invitePage), 'invitation page with a mismatch').toEqual([]);
      await invitee.close();
    });

    test('CSV import preview with a bad row', async ({ page }) => {
      await page.goto('/admin/import');
      const csv = [
        'email,name,team,manager_email,career_level,job_role,roles',
        `e2e.axe.import.${scheme}@northwind.example,Quinn Axe,Service Desk,tomas.ferreira@northwind.example,individual_contributor,Service Desk Analyst,learner`,
        'not-an-address,Bad Row,,,wizard,,learner',
      ].join('\n');
      await page.getByRole('textbox', { name: 'CSV text' }).fill(csv);
      await page.getByRole('button', { name: 'Preview' }).click();
      const problems = page.getByRole('region', { name: 'Import problems' });
      await expect(page.getByRole('heading', { name: /Problems to fix/ })).toBeVisible();
      await expect(problems.getByRole('row').filter({ hasText: 'career_level' })).toBeVisible();
      await expect(problems.getByRole('row').filter({ hasText: 'email' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Confirm import' })).toBeDisabled();
      expect(await axeViolations(page), 'import preview').toEqual([]);
    });

    test('org chart with a branch expanded', async ({ page }) => {
      await page.goto('/org-chart');
      await page.getByRole('button', { name: "Expand Marcus Oyelaran's reports" }).click();
      await page.getByRole('button', { name: "Expand Tomás Ferreira's reports" }).click();
      await expect(page.getByRole('link', { name: 'Samuel Osei' })).toBeVisible();
      expect(await axeViolations(page), 'org chart, one branch open').toEqual([]);
    });
  });
}
