import { DEMO, expect, test } from './fixtures';

test.use({ signInAs: DEMO.director });

test('library: full-text search with highlighted matches, filters in the address, pagination', async ({ page }) => {
  await page.goto('/learn/library');
  const status = page.locator('.filters__status');
  await expect(status).toHaveText(/^\d+ lessons in the library$/);
  const all = Number((await status.textContent())!.match(/\d+/)![0]);
  expect(all).toBeGreaterThan(12);

  // Typing searches: the address keeps the query, matches are highlighted in the snippets.
  await page.getByRole('searchbox', { name: 'Search lessons' }).fill('escalation');
  await expect(page).toHaveURL(/[?&]q=escalation/);
  await expect(status).toHaveText(/^\d+ lessons? match “escalation”$/);
  const cards = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem').filter({ has: page.getByRole('heading') });
  await expect(cards.first().locator('mark.hit').first()).toHaveText(/escalat/i);
  const matched = Number((await status.textContent())!.match(/\d+/)![0]);
  expect(matched).toBeLessThan(all);

  // A stage filter narrows the results and goes into the address too.
  await page.getByRole('combobox', { name: 'Stage' }).selectOption('business-of-it');
  await expect(page).toHaveURL(/stage=business-of-it/);
  await expect(page).toHaveURL(/q=escalation/);
  await expect(status).toHaveText(/match “escalation”/);
  const inStage = await cards.count();
  expect(inStage).toBeGreaterThan(0);
  for (let i = 0; i < inStage; i++) await expect(cards.nth(i).getByText('Business of IT', { exact: true })).toBeVisible();
  // Only the stage's competencies are offered; choosing one narrows further.
  await page.getByRole('combobox', { name: 'Competency' }).selectOption('downtime-escalation');
  await expect(page).toHaveURL(/competency=downtime-escalation/);
  await expect(cards.first().getByText(/Downtime and escalation planning/)).toBeVisible();

  // The address is the state: reloading keeps search and filters.
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search lessons' })).toHaveValue('escalation');
  await expect(page.getByRole('combobox', { name: 'Stage' })).toHaveValue('business-of-it');
  await expect(page.getByRole('combobox', { name: 'Competency' })).toHaveValue('downtime-escalation');

  // A career-level filter on its own.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page).toHaveURL(/\/learn\/library$/);
  await page.getByRole('combobox', { name: 'Career level' }).selectOption('c_level');
  await expect(page).toHaveURL(/level=c_level/);
  await expect(status).toHaveText(/^\d+ lessons? match$/);

  // Pages of twelve.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page.getByText(`Showing 1–12 of ${all}`)).toBeVisible();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/offset=12/);
  await expect(page.getByText(`Showing 13–24 of ${all}`)).toBeVisible();
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByText(`Showing 1–12 of ${all}`)).toBeVisible();

  // A search with no match says so.
  await page.getByRole('searchbox', { name: 'Search lessons' }).fill('zzqxnomatchword');
  await expect(page.getByText('No lesson matches. Try fewer words or clear a filter.')).toBeVisible();
});

test('library cards show the reader’s completed lessons, and a stage guide downloads as a PDF', async ({ page }) => {
  const lessons = await page.request.get('/api/v1/learn/lessons?stage=executive&limit=1').then((r) => r.json());
  const key: string = lessons.items[0].key;
  const title: string = lessons.items[0].title;
  const done = await page.request.post(`/api/v1/learn/lessons/${key}/complete`);
  expect([200, 409]).toContain(done.status());

  await page.goto('/learn/library?stage=executive');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
  await expect(card.getByText('Completed')).toBeVisible();

  const guide = page.getByRole('region', { name: /Executive as a PDF guide/ });
  const download = page.waitForEvent('download');
  await guide.getByRole('button', { name: 'Download the stage guide (PDF)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.pdf$/);
  await expect(guide.getByText(/^Saved as .*\.pdf\.$/)).toBeVisible();
});
