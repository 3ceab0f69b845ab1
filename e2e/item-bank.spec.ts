import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { axeViolations as axe } from './axe';
import { DEMO, expect, expectNoHorizontalOverflow, test } from './fixtures';

const COMPETENCY = 'capacity-planning';
/** The question files of the import tests (src/server/assess/items/import.test.ts). */
const FIXTURES = fileURLToPath(new URL('../test/fixtures/items', import.meta.url));

/** Three questions; the second has no answer marked correct, so the import skips it and says why. */
const GIFT = `// Questions for the Milewide browser test
::E2E capacity forecast::Which figure should a capacity forecast start from? {
=Measured peak utilisation over recent months#Forecasts start from what was measured.
~The vendor's maximum rated throughput#Rated throughput is not what the service uses.
~Last year's budget#A budget is not a measure of demand.
}

::E2E no key::Which of these service levels did the contract promise? {
~Ninety-nine per cent
~Ninety-five per cent
}

::E2E headroom::How much headroom should a shared storage array keep? {
=Enough for the growth expected before new capacity can be delivered#Lead time sets the headroom.
~None; buy more when it is full#A full array stops every service on it.
}
`;

async function settled(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Loading|Checking|Uploading/ })).toHaveCount(0);
}

test.describe('author', () => {
  test.use({ signInAs: DEMO.author });

  test('filters the item list by bank, competency and kind, and pages through it', async ({ page }) => {
    await page.goto('/authoring/items');
    await settled(page);
    await page.getByRole('combobox', { name: 'Bank' }).selectOption('professional');
    await page.getByRole('combobox', { name: 'Competency' }).selectOption(COMPETENCY);
    await expect(page).toHaveURL(/bankKey=professional/);
    await expect(page).toHaveURL(/competency=capacity-planning/);
    const body = page.getByRole('region', { name: 'Items' }).getByRole('row');
    const api = await (await page.request.get(`/api/v1/items?bankKey=professional&competency=${COMPETENCY}&limit=1`)).json();
    await expect(page.getByText(`${api.total} ${api.total === 1 ? 'item' : 'items'} match`)).toBeVisible();
    await expect(body).toHaveCount(Math.min(api.total, 25) + 1);
    await expect(body.locator('td:nth-child(3)').filter({ hasNotText: COMPETENCY })).toHaveCount(0);

    await page.getByRole('combobox', { name: 'Competency' }).selectOption('');
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('multiple');
    const multiple = await (await page.request.get('/api/v1/items?bankKey=professional&kind=multiple&limit=1')).json();
    await expect(page.getByText(`${multiple.total} ${multiple.total === 1 ? 'item' : 'items'} match`)).toBeVisible();
    await expect(page).toHaveURL(/kind=multiple/);
    await expect(body.locator('td:nth-child(4)').filter({ hasNotText: 'Multiple response' })).toHaveCount(0);
    await expect(body).toHaveCount(Math.min(multiple.total, 25) + 1);

    await page.getByRole('combobox', { name: 'Kind' }).selectOption('');
    const all = await (await page.request.get('/api/v1/items?bankKey=professional&limit=1')).json();
    expect(all.total).toBeGreaterThan(25);
    const pages = page.getByRole('navigation', { name: 'Item pages' });
    await expect(pages.getByText(`Showing 1–25 of ${all.total}`)).toBeVisible();
    await pages.getByRole('button', { name: 'Next page' }).click();
    await expect(pages.getByText(`Showing 26–${Math.min(50, all.total)} of ${all.total}`)).toBeVisible();
    await expect(page).toHaveURL(/offset=25/);
  });

  test('imports a GIFT file: checks it, skips the bad question with the reason, then imports the rest', async ({ page }) => {
    await page.goto('/authoring/import');
    await settled(page);
    await page.getByRole('button', { name: 'Question file' }).setInputFiles({ name: 'e2e-capacity.gift', mimeType: 'text/plain', buffer: Buffer.from(GIFT) });
    await page.getByRole('combobox', { name: 'Bank' }).selectOption('professional');
    await page.getByRole('combobox', { name: 'Default competency' }).selectOption(COMPETENCY);
    await page.getByRole('button', { name: 'Check the file' }).click();

    const check = page.getByRole('region', { name: 'Check of e2e-capacity.gift' });
    await expect(check.getByText('Nothing has been written yet.')).toBeVisible();
    const skipped = check.getByRole('region', { name: 'Skipped questions' }).getByRole('row');
    await expect(skipped).toHaveCount(2);
    await expect(skipped.nth(1)).toContainText('E2E no key');
    await expect(skipped.nth(1)).toContainText('no answer is marked correct');
    await expect(check.getByRole('region', { name: 'Questions to import' }).getByRole('row')).toHaveCount(3);
    expect(await axe(page), 'import check report').toEqual([]);

    await page.getByRole('button', { name: 'Import 2 questions' }).click();
    const done = page.getByRole('region', { name: 'Import of e2e-capacity.gift' });
    await expect(done.getByText('The items below are now in the bank.')).toBeVisible();
    await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Import finished: 2 imported, 1 skipped.' })).toBeVisible();
    const imported = done.getByRole('region', { name: 'Imported questions' }).getByRole('row');
    await expect(imported).toHaveCount(3);
    await expect(done.getByRole('region', { name: 'Skipped questions' })).toContainText('no answer is marked correct');

    // The imported question is a draft in the bank, with the GIFT feedback as rationale.
    await imported.filter({ hasText: 'E2E capacity forecast' }).getByRole('link').click();
    await expect(page.getByText('Which figure should a capacity forecast start from?')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Status' }).getByText('Draft', { exact: true })).toBeVisible();
    await expect(page.getByText('Forecasts start from what was measured.')).toBeVisible();
  });

  test('imports a Moodle XML quiz recognised from the file: categories become competencies, other question types are skipped with the reason', async ({ page }) => {
    await page.goto('/authoring/import');
    await settled(page);
    await page.getByRole('button', { name: 'Question file' }).setInputFiles(join(FIXTURES, 'vendor-quiz.moodle.xml'));
    await page.getByRole('combobox', { name: 'Bank' }).selectOption('professional');
    await expect(page.getByRole('combobox', { name: 'Format' })).toHaveValue('auto');
    await page.getByRole('button', { name: 'Check the file' }).click();

    const check = page.getByRole('region', { name: 'Check of vendor-quiz.moodle.xml' });
    await expect(check.getByText('Nothing has been written yet.')).toBeVisible();
    const skipped = check.getByRole('region', { name: 'Skipped questions' });
    await expect(skipped.getByRole('row').filter({ hasText: 'vendor-acronym' })).toContainText('short-answer questions are not supported');
    await expect(skipped.getByRole('row').filter({ hasText: 'vendor-essay' })).toContainText('essay questions need a human to mark them');
    await expect(skipped.getByRole('row').filter({ hasText: 'untagged-soft-skill' })).toContainText('choose a default competency');
    await expect(skipped.getByRole('row').filter({ hasText: 'no-correct-answer' })).toContainText('no answer is marked correct');
    await expect(check.getByRole('region', { name: 'Questions to import' }).getByRole('row')).toHaveCount(5);

    await page.getByRole('button', { name: 'Import 4 questions' }).click();
    await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Import finished: 4 imported, 4 skipped.' })).toBeVisible();
    const imported = page.getByRole('region', { name: 'Import of vendor-quiz.moodle.xml' }).getByRole('region', { name: 'Imported questions' }).getByRole('row');

    // The true/false question, with its feedback as the rationale of each option.
    await imported.filter({ hasText: 'vendor-single-contact' }).getByRole('link').click();
    await expect(page.getByText('A named owner on your side for each vendor makes escalations faster.')).toBeVisible();
    await expect(page.getByText('One owner knows the contract and the people, so nothing waits for someone to find out who to call.')).toBeVisible();
    await expect(page.getByText('Without an owner, escalations stall while people work out who is responsible.')).toBeVisible();
  });

  test('imports a QTI 3.0 package: choice items in, a free-text item skipped with the reason', async ({ page }) => {
    const item = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, 'qti', name)));
    const zip = zipSync({
      'imsmanifest.xml': strToU8('<?xml version="1.0"?><manifest identifier="e2e"><resources/></manifest>'),
      'items/status-cadence.xml': item('status-cadence.xml'),
      'items/portfolio-two.xml': item('portfolio-two.xml'),
      'items/free-text.xml': item('free-text.xml'),
    });
    await page.goto('/authoring/import');
    await settled(page);
    await page.getByRole('button', { name: 'Question file' }).setInputFiles({ name: 'e2e-incident-qti.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await page.getByRole('combobox', { name: 'Bank' }).selectOption('professional');
    await page.getByRole('combobox', { name: 'Format' }).selectOption('qti');
    await page.getByRole('combobox', { name: 'Default competency' }).selectOption(COMPETENCY);
    await page.getByRole('button', { name: 'Check the file' }).click();

    const check = page.getByRole('region', { name: 'Check of e2e-incident-qti.zip' });
    await expect(check.getByRole('region', { name: 'Skipped questions' }).getByRole('row').filter({ hasText: 'items/free-text.xml' })).toContainText(
      'uses qti-extended-text-interaction; only items with a single qti-choice-interaction are imported',
    );
    await page.getByRole('button', { name: 'Import 2 questions' }).click();
    await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Import finished: 2 imported, 1 skipped.' })).toBeVisible();
    const imported = page.getByRole('region', { name: 'Import of e2e-incident-qti.zip' }).getByRole('region', { name: 'Imported questions' }).getByRole('row');
    await expect(imported.filter({ hasText: 'items/status-cadence.xml' })).toBeVisible();
    await expect(imported.filter({ hasText: 'items/portfolio-two.xml' })).toBeVisible();
  });

  test('an unknown item shows the server\'s not-found message', async ({ page }) => {
    await page.goto('/authoring/items/00000000-0000-4000-8000-000000000000');
    await expect(page.getByRole('alert')).toContainText(/not found/i);
  });

  test('an import without a bank is refused at the field', async ({ page }) => {
    await page.goto('/authoring/import');
    await settled(page);
    await page.getByRole('button', { name: 'Question file' }).setInputFiles({ name: 'e2e.gift', mimeType: 'text/plain', buffer: Buffer.from(GIFT) });
    // The browser would stop the form for the required select; remove that so the server answers.
    await page.getByRole('combobox', { name: 'Bank' }).evaluate((el) => el.removeAttribute('required'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(page.getByRole('combobox', { name: 'Bank' })).toHaveAttribute('aria-invalid', 'true');
  });
});

test.describe('learner', () => {
  test.use({ signInAs: DEMO.learner });

  test('has no item bank entry, sees a refusal on the pages, and the API answers 403', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Item bank & exams' })).toHaveCount(0);
    for (const path of ['/authoring/items', '/authoring/scenarios', '/authoring/import', '/authoring/items/new']) {
      await page.goto(path);
      await expect(page.getByText('You do not have permission to use this page.')).toBeVisible();
    }
    expect((await page.request.get('/api/v1/items')).status()).toBe(403);
    expect((await page.request.get('/api/v1/item-banks')).status()).toBe(403);
    expect((await page.request.post('/api/v1/items/import/preview', { data: { bankKey: 'professional', content: GIFT } })).status()).toBe(403);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`writing items, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: DEMO.author });

    test('creates a scenario set with a published item; edits, retires and restores it; a new case text versions it again', async ({ page }) => {
      test.slow(); // many steps; the shared test machine is busy
      const stamp = Date.now();
      const title = `Storage outage at the Riverside clinic ${stamp}`;
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Item bank & exams' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Item bank' })).toBeVisible();
      await page.getByRole('navigation', { name: 'Item bank and exams' }).getByRole('link', { name: 'Scenario sets' }).click();

      // The scenario set: the case text first.
      await page.getByRole('combobox', { name: 'Bank' }).selectOption('professional');
      await page.getByRole('textbox', { name: 'Title' }).fill(title);
      await page.getByRole('textbox', { name: 'Case text' }).fill('The shared storage array at the Riverside clinic reached 97% full on Monday. Two clinical systems slowed down; the vendor can deliver more disks in three weeks.');
      await page.getByRole('button', { name: 'Create scenario set' }).click();
      await expect(page.getByRole('heading', { level: 1, name: `Scenario set: ${title}` })).toBeVisible();
      await expect(page.getByText('No item yet.')).toBeVisible();

      // An item of the set; publishing without every rationale is refused at the option.
      await page.getByRole('link', { name: 'Add an item to this set' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'New item' })).toBeVisible();
      await expect(page.getByRole('combobox', { name: 'Scenario set' })).toHaveValue(/[0-9a-f-]{36}/);
      await page.getByRole('combobox', { name: 'Competency' }).selectOption(COMPETENCY);
      const stem = `What should the service manager do first? (${stamp})`;
      await page.getByRole('textbox', { name: 'Question' }).fill(stem);
      const options = [
        ['Order the disks and move the least critical data off the array now', 'Right: it buys time for the three weeks the disks take.'],
        ['Wait for the disks and tell the clinic nothing', 'Wrong: the clinic needs to know about the slowdown.'],
        ['Delete the oldest backups to free space', 'Wrong: it trades an outage risk for a data-loss risk.'],
        ['Ask the vendor for a discount', ''],
      ];
      for (const [i, [text, rationale]] of options.entries()) {
        await page.getByRole('textbox', { name: `Option ${i + 1} text` }).fill(text);
        await page.getByRole('textbox', { name: `Option ${i + 1} rationale` }).fill(rationale);
      }
      await page.getByRole('radio', { name: 'Option 1 is correct' }).check();
      await page.getByRole('button', { name: 'Save and publish' }).click();
      const rationale4 = page.getByRole('textbox', { name: 'Option 4 rationale' });
      await expect(rationale4).toHaveAttribute('aria-invalid', 'true');
      await expect(rationale4).toHaveAccessibleDescription(/every option needs a rationale before the item is published/);
      expect(await axe(page), 'new item with a field error').toEqual([]);

      await rationale4.fill('Wrong: a discount does not solve the capacity problem.');
      await page.getByRole('button', { name: 'Save and publish' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /^Item professional-capacity-planning-/ })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Status' }).getByText('Published', { exact: true })).toBeVisible();
      await expect(page.getByText(`Part of the scenario set ${title}.`)).toBeVisible();
      await expect(page.getByText('One version so far.')).toBeVisible();

      // Editing a published item makes version 2 and keeps version 1 as it was.
      await page.getByRole('button', { name: 'Edit the item' }).click();
      await expect(page.getByText('saving a change makes version 2')).toBeVisible();
      const newStem = `What should the service manager do before anything else? (${stamp})`;
      await page.getByRole('textbox', { name: 'Question' }).fill(newStem);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Saved as version 2.' })).toBeVisible();
      await expect(page.getByText('2 versions.')).toBeVisible();
      const versions = page.getByRole('region', { name: 'Versions' });
      await expect(versions.getByRole('row')).toHaveCount(3);
      await versions.getByRole('button', { name: 'Show version 1' }).click();
      const v1 = page.getByRole('region', { name: 'Version 1' });
      await expect(v1.getByText(stem)).toBeVisible();
      await expect(v1.getByText('Right: it buys time for the three weeks the disks take.')).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('professional-capacity-planning-');
      await expect(page.getByText(newStem).first()).toBeVisible();
      expect(await axe(page), 'item with versions').toEqual([]);

      // Retire takes it out of use; restore puts it back.
      const status = page.getByRole('region', { name: 'Status' });
      await status.getByRole('button', { name: 'Retire' }).click();
      await expect(status.getByText('Retired', { exact: true })).toBeVisible();
      await status.getByRole('button', { name: 'Restore' }).click();
      await expect(status.getByText('Published', { exact: true })).toBeVisible();

      // The set lists its item; the item list finds it by text.
      await page.getByRole('link', { name: title }).click();
      await expect(page.getByRole('list', { name: 'Items of this set' }).getByRole('link', { name: newStem })).toBeVisible();
      await page.goto(`/authoring/items?q=${stamp}`);
      await expect(page.getByRole('searchbox', { name: 'Search items' })).toHaveValue(String(stamp));
      const rows = page.getByRole('region', { name: 'Items' }).getByRole('row');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(1)).toContainText(newStem);
      await expect(rows.nth(1)).toContainText('Published');
      await expect(rows.nth(1).getByRole('cell').last()).toHaveText('2');

      // A new case text gives the set's published item its next version.
      await page.goto('/authoring/scenarios');
      await page.getByRole('link', { name: title }).click();
      await page.getByRole('button', { name: 'Edit the case' }).click();
      await page.getByRole('textbox', { name: 'Case text' }).fill('The shared storage array at the Riverside clinic reached 98% full on Monday morning. Two clinical systems slowed down; new disks take three weeks.');
      await page.getByRole('button', { name: 'Save the case' }).click();
      await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Saved. 1 published item got a new version with the new case text.' })).toBeVisible();
      await expect(page.getByText('reached 98% full on Monday morning')).toBeVisible();
      await page.getByRole('list', { name: 'Items of this set' }).getByRole('link', { name: newStem }).click();
      await expect(page.getByText('3 versions.')).toBeVisible();
    });
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`item bank pages pass axe, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: DEMO.author });
    for (const path of ['/authoring/items', '/authoring/items/new', '/authoring/scenarios', '/authoring/import']) {
      test(`page ${path}`, async ({ page }) => {
        await page.goto(path);
        await settled(page);
        expect(await axe(page), path).toEqual([]);
        await expectNoHorizontalOverflow(page);
      });
    }
    test('an item and a scenario set', async ({ page }) => {
      const list = await (await page.request.get('/api/v1/items?bankKey=professional&limit=1')).json();
      await page.goto(`/authoring/items/${list.items[0].id}`);
      await settled(page);
      await page.getByRole('button', { name: 'Show version 1' }).click();
      await expect(page.getByRole('region', { name: 'Version 1' })).toBeVisible();
      expect(await axe(page), 'item').toEqual([]);
      const res = await page.request.post('/api/v1/item-scenarios', {
        data: { bankKey: 'professional', title: `Axe check set (${scheme})`, caseText: 'A service desk of six people takes 400 calls a week; two leave next month.' },
      });
      expect(res.status()).toBe(201);
      await page.goto(`/authoring/scenarios/${(await res.json()).id}`);
      await settled(page);
      expect(await axe(page), 'scenario set').toEqual([]);
    });
  });
}
