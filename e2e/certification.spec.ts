import { readFile } from 'node:fs/promises';
import { request as pwRequest, type Browser, type Page } from '@playwright/test';
import { extractLinks, extractText } from 'unpdf';
import { axeViolations as axe } from './axe';
import { DEMO, DEMO_PASSWORD, expect, expectNoHorizontalOverflow, test } from './fixtures';

/** Seeded by src/server/certify/demo.ts: the business-of-IT path done and the professional exam passed yesterday. */
const CANDIDATE = 'aisha.karim@northwind.example';
/** Aisha's manager. */
const MANAGER = DEMO.director;

async function settled(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Loading|Uploading/ })).toHaveCount(0);
}

const states = new Map<string, Awaited<ReturnType<Awaited<ReturnType<typeof pwRequest.newContext>>['storageState']>>>();
/** A page signed in as `email` in its own browser context (one sign-in per person per run). */
async function pageAs(browser: Browser, baseURL: string, email: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  let state = states.get(email);
  if (!state) {
    const ctx = await pwRequest.newContext({ baseURL });
    const res = await ctx.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
    expect(res.status(), await res.text()).toBe(200);
    state = await ctx.storageState();
    await ctx.dispose();
    states.set(email, state);
  }
  const context = await browser.newContext({ baseURL, storageState: state, colorScheme, acceptDownloads: true });
  return context.newPage();
}

async function noAxeViolations(page: Page, what: string) {
  expect(await axe(page), what).toEqual([]);
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test.describe.configure({ mode: 'serial' });

test('from practicum to a verified credential, and revocation', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const learner = await pageAs(browser, baseURL!, CANDIDATE);

  // The programs page: path and exam already met, two requirements left; enrol.
  await learner.goto('/certification');
  await settled(learner);
  const professional = learner.getByRole('article', { name: 'Certified IT Manager (Professional)' });
  await expect(professional.getByRole('list', { name: /Requirements of/ }).getByText('Learning path completed: done')).toBeVisible();
  await expect(professional.getByText('Exam passed: done')).toBeVisible();
  await expect(professional.getByText(/Practicum evidence accepted: to do/)).toBeVisible();
  await noAxeViolations(learner, '/certification before enrolling');
  await professional.getByRole('button', { name: /Enrol in Certified IT Manager/ }).click();
  await expect(professional.getByText('Enrolled: 2 of 4 requirements left')).toBeVisible();
  await professional.getByRole('link', { name: 'Certified IT Manager (Professional)' }).click();
  await settled(learner);

  // Practicum round 1: a file and the procedure Aisha is the Expert of.
  await learner.getByLabel('Add a file').setInputFiles({ name: 'wan-outage-review.txt', mimeType: 'text/plain', buffer: Buffer.from('WAN outage at the Riverside clinic: procedure followed, 35 minutes down.') });
  await expect(learner.getByRole('link', { name: 'wan-outage-review.txt' })).toBeVisible();
  await learner.getByRole('group', { name: 'Toolkit work' }).getByRole('checkbox').first().check();
  await learner.getByLabel('Note for the reviewer').fill('How the WAN outage procedure worked in practice.');
  await noAxeViolations(learner, 'practicum form filled');
  await learner.getByRole('button', { name: 'Submit practicum' }).click();
  await expect(learner.getByText('Your practicum is waiting for a reviewer.')).toBeVisible();
  const programUrl = learner.url();

  // The reviewer returns it with comments.
  const reviewer = await pageAs(browser, baseURL!, DEMO.author);
  await reviewer.goto('/certification/review');
  await settled(reviewer);
  const card = reviewer.getByRole('article', { name: /Aisha Karim: Certified IT Manager \(Professional\), round 1/ });
  await expect(card.getByRole('link', { name: 'wan-outage-review.txt (file)' })).toBeVisible();
  await noAxeViolations(reviewer, 'review queue');
  const download = reviewer.waitForEvent('download');
  await card.getByRole('link', { name: 'wan-outage-review.txt (file)' }).click();
  expect(await readFile((await (await download).path())!, 'utf8')).toContain('Riverside clinic');
  for (const select of await card.getByRole('combobox').all()) await select.selectOption('1');
  await card.getByLabel('Comments').fill('Say how long the outage lasted before and after the procedure.');
  await card.getByRole('button', { name: 'Return with comments' }).click();
  await expect(reviewer.getByText('No practicum is waiting for review.')).toBeVisible();

  // The learner sees the comments and resubmits with a link.
  await learner.goto(programUrl);
  await settled(learner);
  await expect(learner.getByText(/A reviewer returned your practicum/)).toBeVisible();
  await expect(learner.getByText('Say how long the outage lasted before and after the procedure.').first()).toBeVisible();
  await learner.getByRole('button', { name: 'Add a link' }).click();
  await learner.getByLabel('Link 1 address').fill('https://intranet.northwind.example/reviews/riverside-wan');
  await learner.getByLabel('Link 1 title').fill('Riverside WAN post-incident review');
  await learner.getByRole('button', { name: 'Resubmit practicum' }).click();
  await expect(learner.getByText('Your practicum is waiting for a reviewer.')).toBeVisible();

  // The reviewer accepts round 2 at the pass levels.
  await reviewer.goto('/certification/review');
  await settled(reviewer);
  const second = reviewer.getByRole('article', { name: /Aisha Karim: .*round 2/ });
  for (const select of await second.getByRole('combobox').all()) await select.selectOption('2');
  await second.getByRole('button', { name: 'Accept' }).click();
  await expect(reviewer.getByText('No practicum is waiting for review.')).toBeVisible();

  // The 30-day action plan.
  await learner.goto(programUrl);
  await settled(learner);
  await expect(learner.getByText('Your practicum was accepted.')).toBeVisible();
  await learner.getByRole('textbox', { name: 'Action 1', exact: true }).fill('Publish the clinic power-outage procedure');
  await learner.getByLabel('Due date of action 1').fill(isoDay(7));
  await learner.getByRole('button', { name: 'Add an action' }).click();
  await learner.getByRole('textbox', { name: 'Action 2', exact: true }).fill('Run the first escalation drill with the network team');
  await learner.getByLabel('Due date of action 2').fill(isoDay(21));
  await learner.getByRole('button', { name: 'Submit action plan' }).click();
  await expect(learner.getByText(/waiting for your manager to acknowledge it. You can still change it/)).toBeVisible();
  await noAxeViolations(learner, 'program page with practicum and plan');

  // Her manager acknowledges it.
  const manager = await pageAs(browser, baseURL!, MANAGER);
  await manager.goto('/certification/team');
  await settled(manager);
  await expect(manager.getByText('Publish the clinic power-outage procedure')).toBeVisible();
  await noAxeViolations(manager, 'team page');
  await manager.getByRole('button', { name: "Acknowledge Aisha Karim's plan" }).click();
  await expect(manager.getByText(/You acknowledged this plan on/)).toBeVisible();

  // Progress on the acknowledged plan, then claim and the credential with its PDF.
  await learner.goto(programUrl);
  await settled(learner);
  await learner.getByRole('textbox', { name: 'Progress on action 1' }).fill('Draft reviewed with the facilities manager');
  await learner.getByRole('checkbox', { name: 'Action 1 done' }).check();
  await learner.getByRole('button', { name: 'Record progress on action 1' }).click();
  await expect(learner.getByText(/Draft reviewed with the facilities manager \(done\)/)).toBeVisible();
  await learner.getByRole('button', { name: 'Claim credential' }).click();
  await expect(learner.getByRole('heading', { name: 'My credentials', level: 1 })).toBeVisible();
  const credential = learner.getByRole('article', { name: /Certified IT Manager \(Professional\)/ });
  await expect(credential.getByText('Valid', { exact: true })).toBeVisible();
  await expect(credential.getByRole('link', { name: 'Add to LinkedIn profile' })).toHaveAttribute('href', /linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME/);
  await expect(credential.getByText(/hours since issue/)).toBeVisible();
  await noAxeViolations(learner, 'my credentials');
  const pdfDownload = learner.waitForEvent('download');
  await credential.getByRole('link', { name: 'Download PDF certificate' }).click();
  const pdf = await readFile((await (await pdfDownload).path())!);
  // pdf.js takes ownership of the bytes it is given, so each reader gets its own copy.
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
  expect(text).toContain('Aisha Karim');
  const { links } = await extractLinks(new Uint8Array(pdf));
  const verifyUrl = links.find((l) => /\/credentials\/[0-9a-f-]{36}$/.test(l));
  expect(verifyUrl, `links in the PDF: ${links.join(', ')}`).toBeTruthy();

  const verifier = await browser.newPage();
  await verifier.goto(verifyUrl!);
  await expect(verifier.getByRole('heading', { level: 1 })).toHaveText('Valid credential');
  await expect(verifier.getByText('Aisha Karim')).toBeVisible();

  // The administrator revokes it; the verification page then says revoked.
  const admin = await pageAs(browser, baseURL!, DEMO.admin);
  await admin.goto('/admin/certification');
  await settled(admin);
  await noAxeViolations(admin, 'certification settings');
  await admin.getByRole('button', { name: "Revoke Aisha Karim's Certified IT Manager (Professional)" }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Revoke credential' }).click();
  await expect(dialog.getByText(/at least 3 characters/).first()).toBeVisible();
  await dialog.getByLabel('Reason').fill('Practicum evidence found to be copied');
  await noAxeViolations(admin, 'revoke dialog');
  await dialog.getByRole('button', { name: 'Revoke credential' }).click();
  await expect(admin.getByRole('dialog')).toHaveCount(0);
  await expect(admin.getByText('Practicum evidence found to be copied')).toBeVisible();

  await verifier.reload();
  await expect(verifier.getByRole('heading', { level: 1 })).toHaveText('Revoked credential');
  await learner.reload();
  const revoked = learner.getByRole('article', { name: /Certified IT Manager/ });
  await expect(revoked.locator('.badge')).toHaveText('Revoked');
  await expect(revoked.getByText(/Practicum evidence found to be copied/)).toBeVisible();
  await expect(revoked.getByRole('link', { name: 'Add to LinkedIn profile' })).toHaveCount(0);
});

test.describe('Certification settings', () => {
  test.use({ signInAs: DEMO.admin });

  test('an administrator changes a program and learners see it', async ({ page }) => {
    await page.goto('/admin/certification');
    await settled(page);
    const executive = page.getByRole('form', { name: 'Settings of Certified IT Leader (Executive)' });
    await executive.getByLabel('Validity in years').fill('2');
    await executive.getByLabel('Continuing-education hours to renew').fill('-1');
    await executive.getByRole('button', { name: /^Save / }).click();
    await expect(executive.locator('.field__error')).toHaveText(/must be at least 0/);
    await expect(executive.getByRole('spinbutton', { name: 'Continuing-education hours to renew' })).toHaveAttribute('aria-invalid', 'true');
    await executive.getByLabel('Continuing-education hours to renew').fill('24');
    await executive.getByRole('button', { name: /^Save / }).click();
    await expect(executive.getByRole('alert')).toHaveCount(0);
    await page.goto('/certification');
    await settled(page);
    await expect(page.getByRole('article', { name: 'Certified IT Leader (Executive)' }).getByText('Valid for 2 years; renew with 24 hours of continuing education.')).toBeVisible();
  });
});

test.describe('Certification on a phone', () => {
  test.use({ signInAs: DEMO.admin, viewport: { width: 375, height: 740 } });

  test('no page scrolls sideways', async ({ page }) => {
    for (const path of ['/certification', '/certification/credentials', '/certification/team', '/certification/review', '/admin/certification']) {
      await page.goto(path);
      await settled(page);
      await expectNoHorizontalOverflow(page);
    }
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`Certification pages pass axe, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: DEMO.admin });
    for (const path of ['/certification', '/certification/credentials', '/certification/team', '/certification/review', '/admin/certification']) {
      test(`page ${path}`, async ({ page }) => {
        await page.goto(path);
        await settled(page);
        expect(await axe(page), path).toEqual([]);
      });
    }
    test('program page and the key rotation dialog', async ({ page }) => {
      await page.goto('/certification');
      await settled(page);
      await page.getByRole('link', { name: 'Certified IT Leader (Executive)' }).click();
      await settled(page);
      expect(await axe(page), 'program page').toEqual([]);
      await page.goto('/admin/certification');
      await settled(page);
      await page.getByRole('button', { name: 'Rotate signing key' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await axe(page), 'rotate dialog').toEqual([]);
      await page.getByRole('button', { name: 'Cancel' }).click();
    });
  });
}
