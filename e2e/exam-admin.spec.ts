import { request as pwRequest, type APIRequestContext, type Page } from '@playwright/test';
import { axeViolations as axe } from './axe';
import { DEMO, DEMO_PASSWORD, expect, expectNoHorizontalOverflow, test } from './fixtures';

const COMPETENCY = 'capacity-planning';

async function settled(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Loading|Computing/ })).toHaveCount(0);
}

async function json<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, status: number): Promise<T> {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

interface Attempt {
  id: string;
  items: { itemId: string; stem: string; options: { id: string; text: string }[] }[];
}

test.describe('administrator', () => {
  test.use({ signInAs: DEMO.admin });

  test('creates an exam: an impossible blueprint is refused at its line, then it is saved, published and gets an accommodation', async ({ page }) => {
    test.slow(); // many steps; the shared test machine is busy
    const stamp = Date.now();
    const published = (await json<{ total: number }>(await page.request.get(`/api/v1/items?bankKey=professional&competency=${COMPETENCY}&status=published&limit=1`), 200)).total;
    expect(published).toBeGreaterThan(1);
    const paths = await json<{ items: { key: string; title: string }[] }>(await page.request.get('/api/v1/learn/paths'), 200);
    const path = paths.items[0];

    await page.goto('/');
    await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Item bank & exams' }).click();
    await page.getByRole('navigation', { name: 'Item bank and exams' }).getByRole('link', { name: 'Exams' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Exams' })).toBeVisible();
    await page.getByRole('link', { name: 'New exam' }).click();
    await settled(page);

    const title = `Capacity planning check ${stamp}`;
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('textbox', { name: 'Exam key' }).fill(`capacity-check-${stamp}`);
    await page.getByRole('combobox', { name: 'Bank' }).selectOption('professional');
    await page.getByRole('combobox', { name: 'Line 1: competency' }).selectOption(COMPETENCY);
    const count1 = page.getByRole('spinbutton', { name: 'Line 1: items' });
    await expect(count1).toHaveAccessibleDescription(`The bank has ${published} published.`);
    await count1.fill(String(published + 1));
    await page.getByRole('button', { name: 'Add a competency' }).click();
    await page.getByRole('combobox', { name: 'Line 2: competency' }).selectOption('vendor-management');
    await page.getByRole('spinbutton', { name: 'Line 2: items' }).fill('2');
    await page.getByRole('spinbutton', { name: 'Time limit (minutes)' }).fill('45');
    await page.getByRole('spinbutton', { name: 'Cut score (%)' }).fill('75');
    await page.getByRole('spinbutton', { name: 'Attempt limit' }).fill('3');
    await page.getByRole('spinbutton', { name: 'Cool-down between attempts (minutes)' }).fill('60');
    await page.getByRole('combobox', { name: 'Required learning path' }).selectOption(path.key);
    await page.getByRole('checkbox', { name: /Shuffle the options/ }).uncheck();
    await page.getByRole('button', { name: 'Create exam' }).click();

    await expect(count1).toHaveAttribute('aria-invalid', 'true');
    await expect(count1).toHaveAccessibleDescription(new RegExp(`competency "${COMPETENCY}": the blueprint asks for ${published + 1} items but bank "professional" has ${published} published`));
    await expect(page.getByRole('spinbutton', { name: 'Line 2: items' })).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('alert').filter({ hasText: 'The exam was not saved.' })).toBeVisible();
    expect(await axe(page), 'exam form with a blueprint error').toEqual([]);

    await count1.fill('3');
    await page.getByRole('button', { name: 'Create exam' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Exam: ${title}` })).toBeVisible();
    await expect(page.getByText('5 items per form from bank professional · 45 minutes · cut score 75%')).toBeVisible();
    const status = page.getByRole('region', { name: 'Status' });
    await expect(status.getByText('Draft', { exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Publish the exam' }).click();
    await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'The exam is published' })).toBeVisible();
    await expect(status.getByText('Published', { exact: true })).toBeVisible();

    // Extra time for one learner.
    await page.getByRole('searchbox', { name: 'Find by name or e-mail' }).fill('Samuel');
    const person = page.getByRole('combobox', { name: 'Person' });
    await expect(person.locator('option', { hasText: DEMO.learner })).toHaveCount(1);
    await person.selectOption({ label: (await person.locator('option', { hasText: DEMO.learner }).textContent())! });
    await page.getByRole('spinbutton', { name: 'Extra minutes' }).fill('20');
    await page.getByRole('textbox', { name: 'Note' }).fill('Reading support agreed with HR');
    await page.getByRole('button', { name: 'Save extra time' }).click();
    const row = page.getByRole('region', { name: 'People with extra time' }).getByRole('row').filter({ hasText: 'Samuel' });
    await expect(row).toContainText('20');
    await expect(row).toContainText('Reading support agreed with HR');
    expect(await axe(page), 'exam page').toEqual([]);

    // What the server now holds.
    const id = page.url().split('/').pop()!;
    const exam = await json<Record<string, unknown>>(await page.request.get(`/api/v1/exams/${id}`), 200);
    expect(exam).toMatchObject({
      status: 'published',
      bankKey: 'professional',
      blueprint: [{ competency: COMPETENCY, count: 3 }, { competency: 'vendor-management', count: 2 }],
      timeLimitMinutes: 45,
      attemptLimit: 3,
      cooldownMinutes: 60,
      cutScorePercent: 75,
      shuffleOptions: false,
      requiredPathKey: path.key,
      feedbackRelease: 'on_submit',
    });
    const acc = await json<{ items: { personName: string; extraMinutes: number }[] }>(await page.request.get(`/api/v1/exams/${id}/accommodations`), 200);
    expect(acc.items).toEqual([expect.objectContaining({ extraMinutes: 20 })]);
  });

  test('an unknown exam\'s analysis says it was not found', async ({ page }) => {
    await page.goto('/authoring/exams/00000000-0000-4000-8000-000000000000/analysis');
    await expect(page.getByRole('alert')).toContainText(/not found/i);
  });
});

test.describe('learner', () => {
  test.use({ signInAs: DEMO.learner });

  test('has no entry for exam administration, is refused on its pages, and the API answers 403', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Item bank & exams' })).toHaveCount(0);
    const exams = await json<{ items: { id: string }[] }>(await page.request.get('/api/v1/exams'), 200);
    const someId = exams.items[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    for (const path of ['/authoring/exams', '/authoring/exams/new', `/authoring/exams/${someId}`, `/authoring/exams/${someId}/analysis`]) {
      await page.goto(path);
      await expect(page.getByText('You do not have permission to use this page.')).toBeVisible();
    }
    expect((await page.request.get(`/api/v1/exams/${someId}/item-analysis`)).status()).toBe(403);
    expect((await page.request.get(`/api/v1/exams/${someId}/item-analysis.csv`)).status()).toBe(403);
    expect((await page.request.get(`/api/v1/exams/${someId}/accommodations`)).status()).toBe(403);
    expect((await page.request.post('/api/v1/exams', { data: {} })).status()).toBe(403);
  });
});

test.describe('author', () => {
  test.use({ signInAs: DEMO.author });

  test('manages exams but cannot give extra time (administrators only)', async ({ page }) => {
    const stamp = Date.now();
    const exam = await json<{ id: string; title: string }>(
      await page.request.post('/api/v1/exams', {
        data: { examKey: `author-${stamp}`, title: `Author's exam ${stamp}`, bankKey: 'professional', blueprint: [{ competency: COMPETENCY, count: 1 }], timeLimitMinutes: 10, cutScorePercent: 50 },
      }),
      201,
    );
    await page.goto(`/authoring/exams/${exam.id}`);
    await expect(page.getByRole('heading', { level: 1, name: `Exam: ${exam.title}` })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save exam' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Item analysis' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Accommodations' })).toHaveCount(0);
    const me = await json<{ id: string }>(await page.request.get('/api/v1/me'), 200);
    expect((await page.request.put(`/api/v1/exams/${exam.id}/accommodations/${me.id}`, { data: { extraMinutes: 10 } })).status()).toBe(403);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`item analysis, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: DEMO.admin });

    test('item analysis shows the figures of the attempts made, and editing an answered item makes a new version', async ({ page, baseURL }) => {
      test.slow(); // five people sit the exam first
      const stamp = Date.now();
      const bankKey = `e2e-analysis-${stamp}`;
      await json(await page.request.post('/api/v1/item-banks', { data: { bankKey, title: `Analysis bank ${stamp}` } }), 201);
      const items: { id: string; itemKey: string; stem: string; options: { id: string; text: string; correct: boolean }[] }[] = [];
      for (const n of [1, 2, 3]) {
        const created = await json<{ id: string; itemKey: string; current: { stem: string; options: { id: string; text: string; correct: boolean }[] } }>(
          await page.request.post('/api/v1/items', {
            data: {
              bankKey,
              itemKey: `${bankKey}-q${n}`,
              kind: 'single',
              competency: COMPETENCY,
              stem: `Analysis question ${n}: which step comes first? (${stamp})`,
              options: [
                { text: `Measure the current load (${n})`, correct: true, rationale: 'Everything else builds on the measurement.' },
                { text: `Buy more hardware (${n})`, correct: false, rationale: 'Buying before measuring guesses.' },
                { text: `Ask the vendor (${n})`, correct: false, rationale: 'The vendor does not know your load.' },
              ],
              publish: true,
            },
          }),
          201,
        );
        items.push({ id: created.id, itemKey: created.itemKey, stem: created.current.stem, options: created.current.options });
      }
      const exam = await json<{ id: string; title: string }>(
        await page.request.post('/api/v1/exams', {
          data: {
            examKey: bankKey,
            title: `Analysis exam ${stamp}`,
            bankKey,
            blueprint: [{ competency: COMPETENCY, count: 3 }],
            timeLimitMinutes: 30,
            cutScorePercent: 50,
            shuffleOptions: false,
            status: 'published',
          },
        }),
        201,
      );

      // Five people sit the exam; row = person, column = item, 1 = answered correctly.
      const pattern = [
        [1, 1, 1],
        [1, 1, 0],
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 0],
      ];
      const people = [DEMO.admin, DEMO.author, DEMO.director, DEMO.manager, DEMO.learner];
      for (const [i, email] of people.entries()) {
        const ctx = await pwRequest.newContext({ baseURL });
        await json(await ctx.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } }), 200);
        const attempt = await json<Attempt>(await ctx.post(`/api/v1/exams/${exam.id}/attempts`), 201);
        let seq = 0;
        for (const slot of attempt.items) {
          const j = items.findIndex((it) => it.stem === slot.stem);
          expect(j).toBeGreaterThanOrEqual(0);
          // A wrong answer is always the second option, so the third is never chosen by anyone who missed.
          const wanted = pattern[i][j] ? items[j].options.find((o) => o.correct)!.text : items[j].options[1].text;
          const option = slot.options.find((o) => o.text === wanted)!;
          await json(await ctx.put(`/api/v1/exam-attempts/${attempt.id}/answers`, { data: { itemId: slot.itemId, optionIds: [option.id], seq: ++seq } }), 200);
        }
        await json(await ctx.post(`/api/v1/exam-attempts/${attempt.id}/submit`), 200);
        await ctx.dispose();
      }

      // The figures, computed here from the answers given above.
      const k = 3;
      const p = [0, 1, 2].map((j) => pattern.reduce((a, row) => a + row[j], 0) / pattern.length);
      const totals = pattern.map((row) => row.reduce((a, b) => a + b, 0));
      const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
      const variance = totals.reduce((a, t) => a + (t - mean) ** 2, 0) / totals.length;
      const kr20 = (k / (k - 1)) * (1 - p.reduce((a, x) => a + x * (1 - x), 0) / variance);

      await page.goto('/authoring/exams');
      await page.getByRole('link', { name: `Item analysis of ${exam.title}` }).click();
      await expect(page.getByRole('heading', { level: 1, name: `Item analysis: ${exam.title}` })).toBeVisible();
      await settled(page);
      const tiles = page.getByRole('list', { name: 'Summary figures' });
      await expect(tiles.getByRole('listitem').filter({ hasText: 'KR-20 reliability' })).toContainText(kr20.toFixed(2));
      await expect(tiles.getByRole('listitem').filter({ hasText: 'Submitted attempts' })).toContainText(String(people.length));
      await expect(tiles.getByRole('listitem').filter({ hasText: 'Items analysed' })).toContainText('3');
      await expect(page.getByText(/Only 5 submitted attempts/)).toBeVisible();

      const table = page.getByRole('region', { name: 'Item statistics' });
      for (const [j, item] of items.entries()) {
        const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(item.itemKey) }) });
        await expect(row.getByRole('cell').nth(0)).toHaveText('5');
        await expect(row.getByRole('cell').nth(1)).toHaveText(p[j].toFixed(2));
        const correct = pattern.filter((r) => r[j] === 1).length;
        const key = item.options.find((o) => o.correct)!;
        await expect(row.getByRole('list', { name: `Choices for ${item.itemKey}` }).getByRole('listitem').filter({ hasText: new RegExp(`^${key.id}`) })).toContainText(`${correct} (${Math.round((correct / 5) * 100)}%)`);
        // Nobody chose the third option: the item is flagged, and the reason is in the text.
        await expect(row).toHaveClass(/row--flagged/);
        await expect(row).toContainText(`Weak item: Nobody chose option ${item.options[2].id}`);
      }
      expect(await axe(page), 'item analysis').toEqual([]);

      const href = await page.getByRole('link', { name: 'Download the table as CSV' }).getAttribute('href');
      const csv = await page.request.get(href!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toContain('text/csv');
      const line = (await csv.text()).split('\n').find((l) => l.startsWith(`${items[0].itemKey},`));
      expect(line).toContain(`,${Math.round(p[0] * 10000) / 10000},`);

      // Editing an item that has been answered makes version 2; the analysis keeps version 1.
      await table.getByRole('link', { name: items[0].itemKey }).click();
      await page.getByRole('button', { name: 'Edit the item' }).click();
      await page.getByRole('textbox', { name: 'Question' }).fill(`Analysis question 1, reworded: what do you do first? (${stamp})`);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Saved as version 2. Attempts that were given version 1' })).toBeVisible();
      await page.goto(`/authoring/exams/${exam.id}/analysis`);
      await settled(page);
      await expect(table.getByRole('rowheader', { name: new RegExp(`${items[0].itemKey} v1`) })).toBeVisible();
    });
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`exam administration passes axe, ${scheme} theme`, () => {
    test.use({ colorScheme: scheme, signInAs: DEMO.admin });
    test('exam list, new exam and an exam with its analysis', async ({ page }) => {
      const stamp = `${scheme}-${Date.now()}`;
      const exam = await json<{ id: string }>(
        await page.request.post('/api/v1/exams', {
          data: { examKey: `axe-${stamp}`, title: `Axe check exam ${stamp}`, bankKey: 'professional', blueprint: [{ competency: COMPETENCY, count: 2 }], timeLimitMinutes: 20, cutScorePercent: 60 },
        }),
        201,
      );
      for (const path of ['/authoring/exams', '/authoring/exams/new', `/authoring/exams/${exam.id}`, `/authoring/exams/${exam.id}/analysis`]) {
        await page.goto(path);
        await settled(page);
        expect(await axe(page), path).toEqual([]);
        await expectNoHorizontalOverflow(page);
      }
    });
  });
}
