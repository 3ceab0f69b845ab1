import { request as pwRequest } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, expect, test } from './fixtures';
import { pickPerson } from './escalation-helpers';

test.use({ signInAs: DEMO.admin });

// The flow, all in the browser: build a procedure from a template, publish it, open an
// incident, see the first step arrive (timeline and outbox) without reloading, post a status
// update, resolve, and write the review. Steps default to 30 minutes; this procedure's first step
// is at 0 minutes so that it fires at once.
test('build from a template, publish, run an incident live, update, resolve and review', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const title = `E2E mail outage ${stamp}`;
  const vendorEmail = `mailhost.${stamp}@vendor.example`;

  await page.goto('/toolkit');
  await page.getByRole('link', { name: 'Escalation procedures binder' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Escalation binder' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Guided build' })).toBeVisible();

  // Create from one of the seven templates.
  await page.getByRole('button', { name: 'New procedure from a template' }).click();
  const create = page.getByRole('dialog', { name: 'New procedure' });
  await expect(create.getByRole('radio')).toHaveCount(8);
  await create.getByRole('radio', { name: /^E-mail is down/ }).check();
  await create.getByRole('textbox', { name: 'Title' }).fill(title);
  await create.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Being written by its Expert.')).toBeVisible();

  // The template filled three timed steps (30 min, 1 h, 2 h) that tell nobody yet.
  const steps = page.locator('.step-edit');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0).getByRole('spinbutton', { name: 'Minutes after opening' })).toHaveValue('30');
  await expect(page.getByRole('button', { name: /tells nobody/ }).first()).toBeVisible();

  // People.
  await pickPerson(page.getByRole('group', { name: 'Owning Expert' }), 'Owning Expert', 'Dana Whitfield');
  await pickPerson(page.getByRole('group', { name: 'IT point person' }), 'IT point person', 'Dana Whitfield');
  await pickPerson(page.getByRole('group', { name: 'Site point person' }).last(), 'Site point person', 'tomas.ferreira@');
  await page.getByRole('textbox', { name: 'Affected sites' }).fill('Head office\nRiverside Clinic');

  // Contacts: Dana herself (her e-mail comes from her account) and the mail host, a vendor.
  await page.getByRole('button', { name: 'Add contact' }).click();
  const first = page.getByRole('group', { name: /^Contact 1/ });
  await pickPerson(first, 'Person in Milewide (optional)', 'Dana Whitfield');
  await expect(first.getByRole('textbox', { name: 'Name' })).toHaveValue('Dana Whitfield');
  await first.getByRole('textbox', { name: 'Role' }).fill('IT manager');
  await page.getByRole('button', { name: 'Add contact' }).click();
  const second = page.getByRole('group', { name: /^Contact 2/ });
  await second.getByRole('combobox', { name: 'Kind' }).selectOption('vendor');
  await second.getByRole('textbox', { name: 'Name' }).fill('Mail host support');
  await second.getByRole('textbox', { name: 'E-mail' }).fill(vendorEmail);

  // Steps: the first at 0 minutes so it fires at once; tick who is told at each.
  await steps.nth(0).getByRole('spinbutton', { name: 'Minutes after opening' }).fill('0');
  for (let i = 0; i < 3; i++) await steps.nth(i).getByRole('checkbox', { name: /Dana Whitfield/ }).check();
  await steps.nth(0).getByRole('checkbox', { name: /Mail host support/ }).check();

  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('All changes saved.')).toBeVisible();
  await expect(page.getByText(/Before it can be reviewed and published/)).toHaveCount(0);

  // Review, then publish as version 1.
  await page.getByRole('button', { name: 'Mark reviewed' }).click();
  await page.getByRole('dialog', { name: 'Mark reviewed' }).getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(page.getByRole('list', { name: 'Lifecycle' }).getByRole('listitem').filter({ hasText: 'Reviewed' })).toHaveAttribute('aria-current', 'step');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('dialog', { name: 'Publish as version 1?' }).getByRole('button', { name: 'Publish version 1' }).click();
  await expect(page.getByText('Version 1 is in force: incidents follow it.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Version history' })).toBeVisible();
  await expect(page.getByText(/^Version 1, published/)).toBeVisible();

  // The published binder: read-only, printable.
  await page.getByRole('link', { name: 'View in the binder' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const pdfHref = await page.getByRole('link', { name: /Print \/ PDF/ }).getAttribute('href');
  const pdf = await page.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');

  // Open an incident with a note.
  await page.getByRole('button', { name: 'Open an incident' }).click();
  const open = page.getByRole('dialog', { name: 'Open an incident' });
  const incidentTitle = `E2E incident ${stamp}`;
  await open.getByRole('textbox', { name: 'Incident title' }).fill(incidentTitle);
  await open.getByRole('textbox', { name: 'Note' }).fill('Outlook cannot connect since 09:10.');
  await open.getByRole('button', { name: 'Open incident' }).click();
  await expect(page.getByRole('heading', { level: 1, name: incidentTitle })).toBeVisible();
  const incidentUrl = page.url();
  const incidentId = incidentUrl.split('/').pop()!;

  // From here on the page must not reload: a marker on window proves it.
  await page.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'still here'));
  const timeline = page.getByRole('list', { name: 'Timeline events' });
  await expect(page.getByText('Live: new events appear here as they happen.')).toBeVisible();
  await expect(timeline.getByText(/Step 1 of 3: /)).toBeVisible({ timeout: 15_000 });

  // Someone else acknowledges (a manager, through the API): the timeline shows it live.
  const tomas = await pwRequest.newContext({ baseURL });
  expect((await tomas.post('/api/v1/auth/login', { data: { email: DEMO.manager, password: DEMO_PASSWORD } })).status()).toBe(200);
  expect((await tomas.post(`/api/v1/incidents/${incidentId}/acknowledge`)).status()).toBe(200);
  await tomas.dispose();
  await expect(timeline.getByText(/Acknowledged by Tom.s Ferreira/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  // Dana is on the procedure, so the bell counts her in-app notifications, also without a reload.
  await expect(page.getByRole('button', { name: /^Notifications, \d+ unread$/ })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still here');

  // The first step's e-mail to the vendor is in the outbox.
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('main').getByRole('link', { name: 'Outbox', exact: true }).click();
  const stepMail = page.getByRole('row').filter({ hasText: vendorEmail }).filter({ hasText: `[Incident] ${incidentTitle}: Step 1 of 3` });
  await expect(stepMail).toHaveCount(1);

  // Post a status update.
  await page.goto(incidentUrl);
  await page.getByRole('textbox', { name: 'Update' }).fill('Mail flows again for half of the users; the host is restarting the second node.');
  await page.getByRole('button', { name: 'Post update' }).click();
  await expect(page.getByRole('list', { name: 'Timeline events' }).getByText('Mail flows again for half of the users', { exact: false })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Update' })).toHaveValue('');

  // Resolve, after confirming.
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  const resolve = page.getByRole('dialog', { name: 'Resolve this incident?' });
  await expect(resolve).toContainText('cancelled');
  await resolve.getByRole('textbox', { name: 'Resolution' }).fill('The host replaced a failed disk.');
  await resolve.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Resolved' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Post update' })).toHaveCount(0);

  // Post-incident review with the downtime cost.
  await page.getByRole('textbox', { name: 'Cause' }).fill('A failed disk on the mail host.');
  await page.getByRole('textbox', { name: 'What went well' }).fill('The vendor answered within ten minutes.');
  await page.getByRole('button', { name: 'Add action' }).click();
  await page.getByRole('textbox', { name: 'What will be done' }).fill('Ask the host for disk health alerts');
  await pickPerson(page.getByRole('group', { name: 'Owner' }), 'Owner', 'Dana Whitfield');
  await page.getByRole('spinbutton', { name: 'Hours down' }).fill('2');
  await page.getByRole('spinbutton', { name: 'People affected' }).fill('40');
  await page.getByRole('spinbutton', { name: 'Cost per person-hour' }).fill('55');
  await expect(page.getByText(/2 h × 40 people × \$55\.00\/h = \$4,400\.00/)).toBeVisible();
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect(page.getByText(/Saved downtime cost: \$4,400\.00/)).toBeVisible();

  // It is listed as resolved.
  await page.goto('/incidents?filter=resolved');
  await page.getByRole('searchbox', { name: 'Search titles' }).fill(`incident ${stamp}`);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole('region', { name: 'Incidents', exact: true }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('link', { name: incidentTitle })).toBeVisible();
});
