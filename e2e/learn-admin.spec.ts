import { DEMO, expect, test } from './fixtures';
import { E2E_PACK_NAME, packZip } from './learn-pack';

test.use({ signInAs: DEMO.admin });

test('content packs: an invalid zip lists every problem with file and line; a valid one imports', async ({ page }) => {
  await page.goto('/admin/content-packs');
  await expect(page.getByRole('heading', { level: 1, name: 'Content packs' })).toBeVisible();
  const installed = page.getByRole('region', { name: 'Installed packs' });
  await expect(installed.getByRole('rowheader', { name: /Milewide default curriculum/ })).toBeVisible();

  // A broken pack: the report names each file and line, and there is no Import button.
  await page.getByLabel('Zipped pack').setInputFiles({ name: 'broken-pack.zip', mimeType: 'application/zip', buffer: packZip({ broken: true }) });
  const report = page.getByRole('region', { name: 'Check of broken-pack.zip' });
  await expect(report.getByText('This pack cannot be imported yet.')).toBeVisible();
  await expect(report.getByRole('heading', { name: '2 problems to fix' })).toBeVisible();
  const problems = report.getByRole('region', { name: 'Problems in the pack' });
  await expect(problems.getByRole('row').filter({ hasText: 'lessons/e2e-a02-agree-a-next-step.md:7' })).toContainText('competency "no-such-competency" is not in the framework');
  await expect(problems.getByRole('row').filter({ hasText: 'paths/e2e-short-path.yaml:9' })).toContainText('"e2e-a03-missing-lesson"');
  await expect(report.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  await expect(installed.getByText(E2E_PACK_NAME)).toHaveCount(0);

  // The fixed pack: no problems, a preview of what changes, then the import.
  await report.getByRole('button', { name: 'Choose another file' }).click();
  await page.getByLabel('Zipped pack').setInputFiles({ name: 'e2e-pack.zip', mimeType: 'application/zip', buffer: packZip() });
  const good = page.getByRole('region', { name: 'Check of e2e-pack.zip' });
  await expect(good.getByText('No problems found.')).toBeVisible();
  await expect(good.getByText('Lessons: 2 new')).toBeVisible();
  await expect(good.getByText('Learning paths: 1 new')).toBeVisible();
  await good.getByRole('button', { name: `Import ${E2E_PACK_NAME} 1.0.0` }).click();
  const result = page.getByRole('region', { name: 'Import finished' });
  await expect(result.getByText(`${E2E_PACK_NAME} 1.0.0 is installed.`)).toBeVisible();
  await expect(installed.getByRole('row').filter({ hasText: E2E_PACK_NAME })).toContainText('1.0.0');

  // Its lessons are in the library at once.
  await page.goto('/learn/library?q=disagreement');
  await expect(page.getByRole('heading', { name: 'Two risks, one disagreement' })).toBeVisible();
});

test.describe('career framework', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('edit a job role and a competency target; copy the generated job description', async ({ page }) => {
    await page.goto('/admin/framework');
    await expect(page.getByRole('heading', { level: 1, name: 'Career framework' })).toBeVisible();

    // Job role: a new summary shows up in the job-description paragraph.
    const summary = `Runs the service desk team as a service to the hospitals (${Date.now()}).`;
    await page.getByRole('button', { name: 'Edit job role IT manager' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit job role IT manager' });
    await dialog.getByRole('textbox', { name: 'What the role does' }).fill(summary);
    await dialog.getByRole('button', { name: 'Add a requirement' }).click();
    const n = await dialog.getByRole('group', { name: /^Requirement \d+$/ }).count();
    await dialog.getByRole('combobox', { name: `Requirement ${n}: kind` }).selectOption('competency');
    await dialog.getByRole('combobox', { name: `Requirement ${n}: competency` }).selectOption('negotiation');
    await dialog.getByRole('combobox', { name: `Requirement ${n}: proficiency` }).selectOption('2');
    await dialog.getByRole('button', { name: 'Save job role' }).click();
    await expect(dialog).toBeHidden();

    const role = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^IT manager/ }) });
    await expect(role.getByText('Negotiation at Practising (2)')).toBeVisible();
    await expect(role.getByText('Edited by your organisation')).toBeVisible();
    const paragraph = role.locator('.jd-text');
    await expect(paragraph).toContainText(summary.replace(/\.$/, ''));

    // Copy: the clipboard holds exactly the paragraph, and the page says so.
    await role.getByRole('button', { name: 'Copy the IT manager job description' }).click();
    await expect(role.getByText('Copied to the clipboard.')).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await paragraph.textContent());

    // Competency target per level.
    await page.getByRole('button', { name: 'Edit competency Delegation' }).click();
    const comp = page.getByRole('dialog', { name: 'Edit competency Delegation' });
    await comp.getByRole('combobox', { name: 'Individual contributor' }).selectOption('1');
    await comp.getByRole('button', { name: 'Save competency' }).click();
    await expect(comp).toBeHidden();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Delegation/ }) });
    await expect(row.getByRole('cell').first()).toHaveText('1 Aware');

    // A bad id is refused with the reason next to the field.
    await page.getByRole('button', { name: 'Add a career level' }).click();
    const add = page.getByRole('dialog', { name: 'Add a career level' });
    await add.getByRole('textbox', { name: 'Name' }).fill('Principal engineer');
    await add.getByRole('textbox', { name: 'Id' }).fill('Principal Engineer!');
    await add.getByRole('button', { name: 'Add level' }).click();
    await expect(add.getByRole('textbox', { name: 'Id' })).toHaveAttribute('aria-invalid', 'true');
    await add.getByRole('textbox', { name: 'Id' }).fill('principal_engineer');
    await add.getByRole('button', { name: 'Add level' }).click();
    await expect(add).toBeHidden();
    await expect(page.getByRole('region', { name: 'Career levels' }).getByText('Principal engineer')).toBeVisible();
  });
});
