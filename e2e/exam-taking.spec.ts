import { request as pwRequest, type Page } from '@playwright/test';
import { axeViolations as axe } from './axe';
import { DEMO, DEMO_PASSWORD, expect, expectNoHorizontalOverflow, test } from './fixtures';
import { answer, answerKey, rightOptions, settled, type DeliveredItem } from './exam-helpers';

/**
 * Sitting the demo organisation's professional exam in the browser. Learners other than the demo
 * "Learner" sign-in sit it here, so that other specs (certification) can use Samuel Osei's
 * attempts without meeting this spec's cool-down.
 */
const EXAM_TITLE = 'Professional certificate exam (IT manager)';
const EXECUTIVE_TITLE = 'Executive certificate exam (IT director)';
const PASSER = 'laura.bianchi@northwind.example';
const FAILER = 'ravi.patel@northwind.example';
const AXE_LEARNERS = { light: 'mei.chen@northwind.example', dark: 'fatima.zahra@northwind.example' } as const;

async function startExam(page: Page): Promise<string> {
  await page.goto('/exams');
  await page.getByRole('link', { name: `Rules and start: ${EXAM_TITLE}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: EXAM_TITLE })).toBeVisible();
  await page.getByRole('button', { name: 'Start the exam now' }).click();
  await page.waitForURL(/\/exam-attempts\/[0-9a-f-]{36}/);
  await expect(page.getByRole('heading', { name: /^Question 1 of 40/ })).toBeVisible();
  return page.url().match(/exam-attempts\/([0-9a-f-]{36})/)![1];
}

/** Chooses the first option of the question on screen, whatever its kind. */
async function chooseFirst(page: Page) {
  const group = page.getByRole('group').filter({ has: page.locator('legend') });
  await group.getByRole('radio').or(group.getByRole('checkbox')).first().check();
  await expect(page.getByTestId('save-status')).toHaveText(/^Saved/);
}

test.describe('sitting the professional exam', () => {
  test.use({ signInAs: PASSER });

  test('answer, flag, go offline, reload mid-exam, use the navigator, submit and pass', async ({ page, context, baseURL }) => {
    test.setTimeout(240_000);
    const key = await answerKey(baseURL!);

    // The list says what is open: the professional exam can be sat, the executive one needs a path.
    await page.goto('/exams');
    const professional = page.getByRole('article', { name: EXAM_TITLE });
    await expect(professional.getByText('You can start this exam.')).toBeVisible();
    await expect(professional.getByText('0 of 3 attempts used')).toBeVisible();
    const executive = page.getByRole('article', { name: EXECUTIVE_TITLE });
    await expect(executive.getByText(/Complete the learning path .+ before you start this exam/)).toBeVisible();

    // The start page gives the rules.
    await professional.getByRole('link', { name: `Rules and start: ${EXAM_TITLE}` }).click();
    const rules = page.getByRole('region', { name: 'The rules' });
    await expect(rules.getByText('40, drawn at random for each attempt')).toBeVisible();
    await expect(rules.getByText('70% of the questions right')).toBeVisible();
    await expect(rules.getByText(/3 of 3 left; wait 7 days between attempts/)).toBeVisible();
    await page.getByRole('button', { name: 'Start the exam now' }).click();
    await page.waitForURL(/\/exam-attempts\/[0-9a-f-]{36}/);
    const attemptId = page.url().match(/exam-attempts\/([0-9a-f-]{36})/)![1];
    const attempt = await page.request.get(`/api/v1/exam-attempts/${attemptId}`).then((r) => r.json());
    const items: DeliveredItem[] = attempt.items;
    expect(items).toHaveLength(40);
    await expect(page.getByRole('timer')).toHaveText(/^(1:00:00|59:\d\d)$/);

    // Questions 1 to 5 through the page, flagging question 2.
    for (const item of items.slice(0, 5)) {
      await expect(page.getByRole('heading', { name: new RegExp(`^Question ${item.position} of 40`) })).toBeVisible();
      await expect(page.locator('legend')).toHaveText(item.stem.trim());
      await answer(page, rightOptions(key, item));
      if (item.position === 2) {
        await page.getByRole('button', { name: 'Flag for review' }).click();
        await expect(page.getByRole('button', { name: 'Flag for review' })).toHaveAttribute('aria-pressed', 'true');
        await expect(page.getByRole('button', { name: 'Question 2: answered, flagged' })).toBeVisible();
      }
      await page.getByRole('button', { name: 'Next question →' }).click();
    }

    // Question 6 while offline: the page says so and sends the same answer again when back online.
    await expect(page.getByRole('heading', { name: /^Question 6 of 40/ })).toBeVisible();
    await context.setOffline(true);
    const sixth = rightOptions(key, items[5]);
    await page.getByRole('group').filter({ has: page.locator('legend') }).getByLabel(sixth[0], { exact: true }).check();
    await expect(page.getByTestId('save-status')).toContainText('Offline, retrying');
    await context.setOffline(false);
    if (sixth.length > 1) await answer(page, sixth.slice(1));
    await expect(page.getByTestId('save-status')).toHaveText(/^Saved/, { timeout: 20_000 });

    // The navigator, by keyboard: go to question 3, then reload there.
    const third = page.getByRole('button', { name: 'Question 3: answered' });
    await third.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /^Question 3 of 40/ })).toBeFocused();
    await expect(page).toHaveURL(/q=3/);
    await page.reload();

    // Same question, every answer and the flag intact.
    await expect(page.getByRole('heading', { name: /^Question 3 of 40/ })).toBeVisible();
    for (const text of rightOptions(key, items[2])) await expect(page.getByLabel(text, { exact: true })).toBeChecked();
    for (const n of [1, 3, 4, 5, 6]) await expect(page.getByRole('button', { name: `Question ${n}: answered`, exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Question 2: answered, flagged', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Question 7: not answered', exact: true })).toBeVisible();
    await expect(page.getByText('6 of 40 answered · 1 flagged')).toBeVisible();

    // The rest through the navigator and "Next", leaving 39 and 40 unanswered.
    await page.getByRole('button', { name: 'Question 7: not answered' }).click();
    for (const item of items.slice(6, 38)) {
      await expect(page.getByRole('heading', { name: new RegExp(`^Question ${item.position} of 40`) })).toBeVisible();
      await answer(page, rightOptions(key, item));
      await page.getByRole('button', { name: 'Next question →' }).click();
    }

    // Submit: the confirm lists what is unanswered and flagged.
    await page.getByRole('button', { name: 'Finish and submit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Submit the exam?' });
    await expect(dialog.getByText('Questions 39, 40. A question left blank counts as wrong.')).toBeVisible();
    await expect(dialog.getByText('Questions 2.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Submit now' }).click();

    // The result: 38 of 40, a pass, and the breakdown per competency.
    await page.waitForURL(new RegExp(`/exam-attempts/${attemptId}/result`));
    await expect(page.getByRole('heading', { name: 'You passed' })).toBeVisible();
    await expect(page.getByText('(38 of 40 right; pass mark 70%)')).toBeVisible();
    const breakdown = page.getByRole('table', { name: /Score per competency/ });
    await expect(breakdown.getByRole('row')).toHaveCount(1 + 11);
    await expect(breakdown.getByRole('rowheader', { name: 'Vendor management' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Lessons to revisit' })).toBeVisible();
    await expect(page.locator('.exam-feedback > li')).toHaveCount(40);

    // Back on the list: a passed best result and the cool-down.
    await page.getByRole('link', { name: '← All exams' }).click();
    const card = page.getByRole('article', { name: EXAM_TITLE });
    await expect(card.getByText('Your best result: 95%')).toBeVisible();
    await expect(card.getByText(/You can start your next attempt on/)).toBeVisible();
    await expect(card.getByText('1 of 3 attempts used')).toBeVisible();
  });
});

test.describe('a failed attempt', () => {
  test.use({ signInAs: FAILER });

  test('submitting with nothing answered fails, points to lessons to revisit, and starts the cool-down', async ({ page }) => {
    test.setTimeout(90_000);
    await startExam(page);
    await page.getByRole('button', { name: 'Finish and submit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Submit the exam?' });
    await expect(dialog.getByText('Unanswered (40)')).toBeVisible();
    await dialog.getByRole('button', { name: 'Submit now' }).click();

    await expect(page.getByRole('heading', { name: 'You did not pass this time' })).toBeVisible();
    await expect(page.getByText('(0 of 40 right; pass mark 70%)')).toBeVisible();
    await expect(page.getByRole('table', { name: /Score per competency/ }).getByText('below the pass mark')).toHaveCount(11);
    const lessons = page.getByRole('region', { name: 'Lessons to revisit' }).getByRole('link');
    expect(await lessons.count()).toBeGreaterThan(0);
    await expect(lessons.first()).toHaveAttribute('href', /^\/learn\/lessons\/[a-z0-9-]+$/);
    const title = (await lessons.first().textContent())!.trim();
    await lessons.first().click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    await page.goto('/exams');
    const card = page.getByRole('article', { name: EXAM_TITLE });
    await expect(card.getByText(/Not open to you yet: You can start your next attempt on/)).toBeVisible();
    await expect(card.getByText('Not passed')).toBeVisible();
    await card.getByRole('link', { name: `Details: ${EXAM_TITLE}` }).click();
    await expect(page.getByText('You cannot start this exam now.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Start the exam now' })).toHaveCount(0);
  });
});

test.describe('extra time', () => {
  test.use({ signInAs: 'oliver.novak@northwind.example' });

  test('the start page shows the extra time an administrator arranged, and the clock includes it', async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    const admin = await pwRequest.newContext({ baseURL });
    try {
      expect((await admin.post('/api/v1/auth/login', { data: { email: DEMO.admin, password: DEMO_PASSWORD } })).status()).toBe(200);
      const people = await admin.get('/api/v1/people?q=oliver.novak').then((r) => r.json());
      const exams = await admin.get('/api/v1/exams?status=published').then((r) => r.json());
      const exam = exams.items.find((e: { examKey: string }) => e.examKey === 'professional-exam');
      const set = await admin.put(`/api/v1/exams/${exam.id}/accommodations/${people.items[0].id}`, { data: { extraMinutes: 15, note: 'Reads in a second language' } });
      expect(set.status(), await set.text()).toBe(200);
    } finally {
      await admin.dispose();
    }
    await page.goto('/exams');
    await page.getByRole('link', { name: `Rules and start: ${EXAM_TITLE}` }).click();
    await expect(page.getByRole('region', { name: 'The rules' }).getByText('1 hour plus 15 minutes of extra time arranged for you: 1 hour 15 min in all')).toBeVisible();
    await page.getByRole('button', { name: 'Start the exam now' }).click();
    await expect(page.getByRole('timer')).toHaveText(/^1:1[45]:\d\d$/);
  });
});

test.describe('the deadline', () => {
  test.use({ signInAs: 'jonas.lindqvist@northwind.example' });

  test('warns at one minute, and shows that the server submitted the attempt when the time ran out', async ({ page, baseURL }) => {
    test.setTimeout(150_000);
    // A one-minute exam, made by the administrator and archived again at the end.
    const admin = await pwRequest.newContext({ baseURL });
    expect((await admin.post('/api/v1/auth/login', { data: { email: DEMO.admin, password: DEMO_PASSWORD } })).status()).toBe(200);
    const created = await admin.post('/api/v1/exams', {
      data: {
        examKey: 'e2e-one-minute',
        title: 'One-minute practice exam',
        bankKey: 'professional',
        blueprint: [{ competency: 'vendor-management', count: 2 }],
        timeLimitMinutes: 1,
        cutScorePercent: 50,
        status: 'published',
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const exam = await created.json();
    try {
      await page.goto(`/exams/${exam.id}`);
      await page.getByRole('button', { name: 'Start the exam now' }).click();
      await expect(page.getByRole('heading', { name: /^Question 1 of 2/ })).toBeVisible();
      await expect(page.getByRole('alert').filter({ hasText: '1 minute left' })).toBeVisible();
      await chooseFirst(page);

      await expect(page.getByRole('heading', { name: 'Time is up: your exam was submitted' })).toBeVisible({ timeout: 90_000 });
      await expect(page.getByText(/the server submitted your attempt at .+ with every answer saved before the deadline/)).toBeVisible();
      await expect(page.getByRole('timer')).toHaveText('0:00');
      await page.getByRole('link', { name: 'See your result' }).click();
      await expect(page.getByText('The time ran out, so the server submitted this attempt at the deadline with every answer saved before it.')).toBeVisible();
      await expect(page.getByText(/\([01] of 2 right; pass mark 50%\)/)).toBeVisible();
    } finally {
      await admin.patch(`/api/v1/exams/${exam.id}`, { data: { status: 'archived' } });
      await admin.dispose();
    }
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`exam pages pass axe, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: AXE_LEARNERS[scheme] });

    test('list, start page, sitting page with the submit dialog, and result', async ({ page }) => {
      test.setTimeout(90_000);
      await page.goto('/exams');
      await settled(page);
      await expect(page.getByRole('article', { name: EXAM_TITLE })).toBeVisible();
      expect(await axe(page), 'exams list').toEqual([]);

      await page.getByRole('link', { name: `Rules and start: ${EXAM_TITLE}` }).click();
      await settled(page);
      expect(await axe(page), 'start page').toEqual([]);

      await page.getByRole('button', { name: 'Start the exam now' }).click();
      await expect(page.getByRole('heading', { name: /^Question 1 of 40/ })).toBeVisible();
      await chooseFirst(page);
      await page.getByRole('button', { name: 'Flag for review' }).click();
      await expect(page.getByRole('button', { name: 'Question 1: answered, flagged' })).toBeVisible();
      expect(await axe(page), 'sitting page').toEqual([]);

      await page.getByRole('button', { name: 'Finish and submit…' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await axe(page), 'submit dialog').toEqual([]);
      await page.getByRole('button', { name: 'Submit now' }).click();

      await expect(page.getByRole('heading', { name: /You (passed|did not pass)/ })).toBeVisible();
      await page.locator('.exam-feedback summary').first().click();
      expect(await axe(page), 'result page').toEqual([]);
    });
  });
}

test.describe('exam pages on a phone', () => {
  test.use({ signInAs: 'grace.mbeki@northwind.example', viewport: { width: 375, height: 740 } });

  test('no page scrolls sideways', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/exams');
    await settled(page);
    await expectNoHorizontalOverflow(page);
    const attemptId = await startExam(page);
    await chooseFirst(page);
    await expectNoHorizontalOverflow(page);
    await page.getByRole('button', { name: 'Finish and submit…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Submit now' }).click();
    await page.waitForURL(new RegExp(`/exam-attempts/${attemptId}/result`));
    await expect(page.getByRole('heading', { name: /You (passed|did not pass)/ })).toBeVisible();
    await expectNoHorizontalOverflow(page);
  });
});
