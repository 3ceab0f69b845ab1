import { DEMO, DEMO_PASSWORD, expect, test } from './fixtures';

/**
 * The flow: a learner enrols in a path, reads a lesson, answers its knowledge check,
 * leaves, comes back to the same place, completes the path; then their manager sees it.
 * Samuel Osei (learner) reports to Tomás Ferreira (people manager) in the demo organisation.
 */
const PATH_KEY = 'ic-to-tech-lead';
const PATH_TITLE = 'From individual contributor to tech lead';

test.describe('a learner completes a path and their manager sees it', () => {
  test.use({ signInAs: DEMO.learner });

  test('enrol, read, check, resume, complete; the manager sees the completed path', async ({ page, browser, baseURL }) => {
    test.setTimeout(90_000);

    // Enrol from the list of paths.
    await page.goto('/learn/paths');
    // A path within one level says whom it is for, not "from IT manager to IT manager".
    await expect(page.getByRole('article', { name: 'The business of IT (professional certificate)' }).getByText('For IT managers', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: `Enrol in ${PATH_TITLE}` }).click();
    const card = page.getByRole('article', { name: PATH_TITLE });
    await expect(card.getByRole('progressbar', { name: `Progress in ${PATH_TITLE}` })).toHaveAttribute('aria-valuenow', '0');
    await card.getByRole('link', { name: `View the path ${PATH_TITLE}` }).click();

    // The path page shows the enrolment and starts at the first lesson.
    await expect(page.getByRole('heading', { level: 1, name: PATH_TITLE })).toBeVisible();
    await expect(page.getByText('0 of 10 lessons completed')).toBeVisible();
    const first = await page.request.get(`/api/v1/learn/paths/${PATH_KEY}`).then((r) => r.json());
    const lessons: { key: string; title: string }[] = first.sections.flatMap((s: { lessons: { key: string; title: string }[] }) => s.lessons);
    const lesson = lessons[0];
    await page.getByRole('link', { name: `Start: ${lesson.title}` }).click();

    await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible();
    await expect(page.getByText(`Lesson 1 of ${lessons.length} in the path`)).toBeVisible();

    // The knowledge check: choose, check, and read the feedback for every option.
    const question = page.locator('.kc-question').first();
    await question.scrollIntoViewIfNeeded();
    const options = question.getByRole('radio');
    const optionCount = await options.count();
    await options.first().check();
    await question.getByRole('button', { name: 'Check answer' }).click();
    await expect(question.getByRole('status')).toHaveText(/^(Right\.|Not quite)/);
    await expect(question.locator('.kc-feedback')).toHaveCount(optionCount);
    await expect(question.getByText(/Your answer: (right|not right)\./)).toBeVisible();
    // The feedback is tied to its option for screen readers.
    const describedBy = await options.first().getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();

    // Read on to the worked example, then leave.
    const section = page.locator('[data-lesson-text] h2', { hasText: 'Worked example' });
    const sectionId = await section.getAttribute('id');
    await section.evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 80));
    await expect
      .poll(async () => (await page.request.get(`/api/v1/learn/lessons/${lesson.key}/progress`).then((r) => r.json())).position?.anchor, { timeout: 10_000 })
      .toBe(sectionId);
    // Back up to the navigation, as a reader does to leave, and stay there longer than a save takes:
    // the place in the lesson is kept.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(2_000);
    await page.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Overview' }).click();

    // Come back through "Continue where you left off" and land at the same section.
    const resume = page.getByRole('region', { name: 'Continue where you left off' });
    await expect(resume.getByText(/you were at “worked example”/)).toBeVisible();
    await resume.getByRole('link', { name: `Resume ${lesson.title}` }).click();
    await expect(page.getByText('Welcome back: this is where you left off.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Worked example' })).toHaveAttribute('aria-current', 'location');
    const top = await section.evaluate((h) => h.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(200);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);

    // Every other lesson of the path is completed through the API; this one through the page.
    for (const other of lessons.slice(1)) {
      const res = await page.request.post(`/api/v1/learn/lessons/${other.key}/complete`);
      expect(res.status(), await res.text()).toBe(200);
    }
    await page.getByRole('button', { name: 'Mark complete' }).click();
    const finish = page.getByRole('region', { name: 'Finish the lesson' });
    await expect(finish.getByText(/Completed\s+on/)).toBeVisible();
    await expect(finish.getByRole('button', { name: 'Mark complete' })).toHaveCount(0);

    // The path is complete.
    await page.goto(`/learn/paths/${PATH_KEY}`);
    await expect(page.getByText('Path complete.')).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: lesson.title }).getByText('Completed')).toBeVisible();
    await page.goto('/learn');
    await expect(page.getByRole('region', { name: 'Your learning paths' }).getByText('1 path completed')).toBeVisible();

    // The manager signs in and sees it.
    const managerContext = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const login = await managerContext.request.post('/api/v1/auth/login', { data: { email: DEMO.manager, password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    const manager = await managerContext.newPage();
    await manager.goto('/learn');
    await manager.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Team progress' }).click();
    await expect(manager.getByRole('heading', { level: 1, name: 'Team progress' })).toBeVisible();
    const row = manager.getByRole('row').filter({ hasText: 'Samuel Osei' }).filter({ hasText: PATH_TITLE });
    await expect(row.getByText(/^Completed /)).toBeVisible();
    await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await managerContext.close();
  });
});

test.describe('reading time', () => {
  test.use({ signInAs: DEMO.director });

  test('is sent while the page is visible and shown on the lesson', async ({ page }) => {
    const key = 'd01-manager-to-director';
    await page.clock.install();
    await page.goto(`/learn/lessons/${key}`);
    await expect(page.getByText(/Time spent: none yet/)).toBeVisible();
    // Let real time pass (the server credits no more than has passed), then the 30-second tick.
    await page.waitForTimeout(3000);
    await page.clock.runFor(31_000);
    await expect(page.getByText(/Time spent: under a minute/)).toBeVisible();
    const progress = await page.request.get(`/api/v1/learn/lessons/${key}/progress`).then((r) => r.json());
    expect(progress.secondsSpent).toBeGreaterThan(0);
    expect(progress.secondsSpent).toBeLessThanOrEqual(60);
  });
});
