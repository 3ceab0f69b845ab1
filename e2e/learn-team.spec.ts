import { DEMO, expect, test } from './fixtures';

/** Tomás Ferreira manages the service desk: Samuel Osei, Laura Bianchi and Ravi Patel report to him. */
test.describe('as a people manager', () => {
  test.use({ signInAs: DEMO.manager });

  test('assign a path with a due date to a direct report and see it in team progress', async ({ page }) => {
    await page.goto('/learn/team');
    await expect(page.getByRole('heading', { level: 1, name: 'Team progress' })).toBeVisible();
    await page.getByRole('button', { name: 'Assign a path' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign a learning path' });
    // Only direct reports are offered.
    const person = dialog.getByRole('combobox', { name: 'Person' });
    await expect(person.getByRole('option', { name: 'Laura Bianchi' })).toHaveCount(1);
    await expect(person.getByRole('option', { name: 'Dana Whitfield' })).toHaveCount(0);

    // Everything is required; a past date is refused before anything is sent.
    await dialog.getByRole('button', { name: 'Assign path' }).click();
    await expect(person).toHaveAttribute('aria-invalid', 'true');
    await person.selectOption({ label: 'Laura Bianchi' });
    await dialog.getByRole('combobox', { name: 'Learning path' }).selectOption('business-of-it');
    await dialog.getByLabel('Due date').fill('2020-01-01');
    await dialog.getByRole('button', { name: 'Assign path' }).click();
    await expect(dialog.getByText('The due date must be today or later.')).toBeVisible();

    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Due date').fill(due);
    await dialog.getByRole('button', { name: 'Assign path' }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByRole('row').filter({ hasText: 'Laura Bianchi' }).filter({ hasText: 'The business of IT' });
    await expect(row).toContainText('Assigned by Tomás Ferreira');
    await expect(row).toContainText(/Due /);
    await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');

    // Assigning the same path again is refused with the reason.
    await page.getByRole('button', { name: 'Assign a path' }).click();
    await dialog.getByRole('combobox', { name: 'Person' }).selectOption({ label: 'Laura Bianchi' });
    await dialog.getByRole('combobox', { name: 'Learning path' }).selectOption('business-of-it');
    await dialog.getByLabel('Due date').fill(due);
    await dialog.getByRole('button', { name: 'Assign path' }).click();
    await expect(dialog.getByRole('alert')).toContainText('already enrolled');
    await page.keyboard.press('Escape');

    // Filters live in the address.
    await page.getByRole('combobox', { name: 'Path' }).selectOption('business-of-it');
    await expect(page).toHaveURL(/pathKey=business-of-it/);
    await expect(page.getByRole('row').filter({ hasText: 'Laura Bianchi' })).toHaveCount(1);
  });
});

test.describe('as an admin', () => {
  test.use({ signInAs: DEMO.admin });

  test('assign a path to anyone, and filter everyone’s progress by team', async ({ page }) => {
    await page.goto('/learn/team');
    await page.getByRole('button', { name: 'Assign a path' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign a learning path' });
    await dialog.getByRole('searchbox', { name: 'Find by name or e-mail' }).fill('Mei Chen');
    const person = dialog.getByRole('combobox', { name: 'Person' });
    await expect(person.getByRole('option', { name: /Mei Chen/ })).toHaveCount(1);
    await person.selectOption({ label: 'Mei Chen (mei.chen@northwind.example)' });
    await dialog.getByRole('combobox', { name: 'Learning path' }).selectOption('tech-lead-to-manager');
    await dialog.getByLabel('Due date').fill(new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
    await dialog.getByRole('button', { name: 'Assign path' }).click();
    await expect(dialog).toBeHidden();
    const mei = page.getByRole('row').filter({ hasText: 'Mei Chen' }).filter({ hasText: 'From tech lead to IT manager' });
    await expect(mei).toContainText('Assigned by Dana Whitfield');

    const teams = await page.request.get('/api/v1/teams?limit=200').then((r) => r.json());
    const teamId = (name: string) => teams.items.find((t: { name: string; id: string }) => t.name === name).id as string;
    await page.getByRole('combobox', { name: 'Team' }).selectOption(teamId('Infrastructure & Operations'));
    await expect(page).toHaveURL(new RegExp(`teamId=${teamId('Infrastructure & Operations')}`));
    await expect(mei).toHaveCount(1);
    const rows = page.getByRole('table').getByRole('row');
    for (let i = 1; i < (await rows.count()); i++) await expect(rows.nth(i)).toContainText('Infrastructure & Operations');
    await page.getByRole('combobox', { name: 'Team' }).selectOption(teamId('Service Desk'));
    await expect(page).toHaveURL(new RegExp(`teamId=${teamId('Service Desk')}`));
    await expect(mei).toHaveCount(0);
  });
});

test.describe('as a learner without reports', () => {
  test.use({ signInAs: DEMO.learner });

  test('there is no team progress tab', async ({ page }) => {
    await page.goto('/learn');
    await expect(page.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Team progress' })).toHaveCount(0);
  });
});
