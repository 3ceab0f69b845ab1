import { readFile } from 'node:fs/promises';
import { request as pwRequest, type Browser, type Page } from '@playwright/test';
import { extractLinks, extractText } from 'unpdf';
import { DEMO, DEMO_PASSWORD, expect, test } from './fixtures';
import { answer, answerKey, question, rightOptions, settled, wrongOption, type DeliveredItem } from './exam-helpers';

/**
 * The whole way for one person, in one test: Tomás Ferreira (the demo "People manager") sits the
 * professional exam, reloads in the middle, finishes and passes, writes his 30-day action plan,
 * his manager Marcus Oyelaran acknowledges it, and he claims the credential, downloads the PDF
 * certificate and opens the verification page from the PDF's link.
 *
 * Seeded by src/server/certify/demo.ts: Tomás has the business-of-IT path completed and his
 * practicum accepted by a reviewer, and no attempt at the exam. No other spec has him sit it.
 */
const CANDIDATE = DEMO.manager;
const CANDIDATE_NAME = 'Tomás Ferreira';
const MANAGER = DEMO.director;
const PROGRAM = 'Certified IT Manager (Professional)';
const EXAM_TITLE = 'Professional certificate exam (IT manager)';
const QUESTIONS = 40;
/** Questions answered with a wrong option on purpose: 36 of 40 right, 90%, a pass (cut score 70%). */
const WRONG = new Set([23, 27, 31, 35]);

/** A page signed in as `email` in its own browser context. */
async function pageAs(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const ctx = await pwRequest.newContext({ baseURL });
  const res = await ctx.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  const storageState = await ctx.storageState();
  await ctx.dispose();
  const context = await browser.newContext({ baseURL, storageState, acceptDownloads: true });
  return context.newPage();
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test('sit the exam with a reload, pass, write the plan, claim the credential and verify it from the PDF', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const key = await answerKey(baseURL!);
  const tomas = await pageAs(browser, baseURL!, CANDIDATE);

  // The programs page: enrolled, path and practicum met, the exam open to him.
  await tomas.goto('/certification');
  await settled(tomas);
  const card = tomas.getByRole('article', { name: PROGRAM });
  await expect(card.getByText('Enrolled: 2 of 4 requirements left')).toBeVisible();
  const checklist = card.getByRole('list', { name: `Requirements of ${PROGRAM}` });
  await expect(checklist.getByText('Learning path completed: done')).toBeVisible();
  await expect(checklist.getByText('Practicum evidence accepted: done')).toBeVisible();
  await expect(checklist.getByText('Exam passed: to do')).toBeVisible();
  await expect(checklist.getByText('Pass the program exam.')).toBeVisible();
  await expect(checklist.getByText(/30-day action plan acknowledged by your manager: to do/)).toBeVisible();

  // From the checklist to the exam: open to him, no attempt used.
  await checklist.getByRole('link', { name: 'Go to exams' }).click();
  await settled(tomas);
  const examCard = tomas.getByRole('article', { name: EXAM_TITLE });
  await expect(examCard.getByText('You can start this exam.')).toBeVisible();
  await expect(examCard.getByText('0 of 3 attempts used')).toBeVisible();
  await examCard.getByRole('link', { name: `Rules and start: ${EXAM_TITLE}` }).click();
  await expect(tomas.getByRole('heading', { level: 1, name: EXAM_TITLE })).toBeVisible();
  await expect(tomas.getByRole('region', { name: 'The rules' }).getByText('70% of the questions right')).toBeVisible();
  await tomas.getByRole('button', { name: 'Start the exam now' }).click();
  await tomas.waitForURL(/\/exam-attempts\/[0-9a-f-]{36}/);
  const attemptId = tomas.url().match(/exam-attempts\/([0-9a-f-]{36})/)![1];
  const items: DeliveredItem[] = (await tomas.request.get(`/api/v1/exam-attempts/${attemptId}`).then((r) => r.json())).items;
  expect(items).toHaveLength(QUESTIONS);

  // The first half, right, through "Next"; stay on question 20 once it is answered.
  const half = QUESTIONS / 2;
  for (const item of items.slice(0, half)) {
    await expect(tomas.getByRole('heading', { name: new RegExp(`^Question ${item.position} of ${QUESTIONS}`) })).toBeVisible();
    await expect(tomas.locator('legend')).toHaveText(item.stem.trim());
    await answer(tomas, rightOptions(key, item));
    if (item.position < half) await tomas.getByRole('button', { name: 'Next question →' }).click();
  }
  await expect(tomas).toHaveURL(new RegExp(`q=${half}`));

  // Reload in the middle: the same question, its answer and every earlier one intact.
  await tomas.reload();
  await expect(tomas.getByRole('heading', { name: new RegExp(`^Question ${half} of ${QUESTIONS}`) })).toBeVisible();
  await expect(tomas.locator('legend')).toHaveText(items[half - 1].stem.trim());
  for (const text of rightOptions(key, items[half - 1])) await expect(question(tomas).getByLabel(text, { exact: true })).toBeChecked();
  await expect(tomas.getByText(`${half} of ${QUESTIONS} answered · 0 flagged`)).toBeVisible();
  for (const n of [1, 7, half]) await expect(tomas.getByRole('button', { name: `Question ${n}: answered`, exact: true })).toBeVisible();
  await expect(tomas.getByRole('button', { name: `Question ${half + 1}: not answered`, exact: true })).toBeVisible();
  // An earlier question, through the navigator, still shows its saved answer.
  await tomas.getByRole('button', { name: 'Question 7: answered', exact: true }).click();
  await expect(tomas.getByRole('heading', { name: new RegExp(`^Question 7 of ${QUESTIONS}`) })).toBeVisible();
  for (const text of rightOptions(key, items[6])) await expect(question(tomas).getByLabel(text, { exact: true })).toBeChecked();

  // The rest, four of them wrong on purpose.
  await tomas.getByRole('button', { name: `Question ${half + 1}: not answered`, exact: true }).click();
  for (const item of items.slice(half)) {
    await expect(tomas.getByRole('heading', { name: new RegExp(`^Question ${item.position} of ${QUESTIONS}`) })).toBeVisible();
    await answer(tomas, WRONG.has(item.position) ? wrongOption(key, item) : rightOptions(key, item));
    if (item.position < QUESTIONS) await tomas.getByRole('button', { name: 'Next question →' }).click();
  }
  await expect(tomas.getByText(`${QUESTIONS} of ${QUESTIONS} answered · 0 flagged`)).toBeVisible();

  // Submit: nothing unanswered; the result says passed with the score.
  await tomas.getByRole('button', { name: 'Finish and submit…' }).click();
  const dialog = tomas.getByRole('dialog', { name: 'Submit the exam?' });
  await expect(dialog.getByText('None: you answered every question.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Submit now' }).click();
  await tomas.waitForURL(new RegExp(`/exam-attempts/${attemptId}/result`));
  await expect(tomas.getByRole('heading', { name: 'You passed' })).toBeVisible();
  await expect(tomas.getByText('(36 of 40 right; pass mark 70%)')).toBeVisible();
  await expect(tomas.locator('.exam-score strong')).toHaveText('90%');

  // The program page: the exam requirement is met with that score, one requirement left.
  await tomas.goto('/certification');
  await settled(tomas);
  await expect(card.getByText('Enrolled: 1 of 4 requirements left')).toBeVisible();
  await card.getByRole('link', { name: PROGRAM, exact: true }).click();
  await settled(tomas);
  await expect(tomas.getByRole('heading', { level: 1, name: PROGRAM })).toBeVisible();
  const requirements = tomas.getByRole('list', { name: `Requirements of ${PROGRAM}` });
  await expect(requirements.getByText('Exam passed: done')).toBeVisible();
  await expect(requirements.getByText(`Passed with 90% on ${isoDay(0)}.`)).toBeVisible();
  await expect(requirements.getByText('Practicum evidence accepted: done')).toBeVisible();
  const programUrl = tomas.url();

  // The 30-day action plan.
  await tomas.getByRole('textbox', { name: 'Action 1', exact: true }).fill('Introduce a weekly major-incident review with the service desk leads');
  await tomas.getByLabel('Due date of action 1').fill(isoDay(10));
  await tomas.getByRole('button', { name: 'Add an action' }).click();
  await tomas.getByRole('textbox', { name: 'Action 2', exact: true }).fill('Agree first-line resolution targets with the clinic managers');
  await tomas.getByLabel('Due date of action 2').fill(isoDay(25));
  await tomas.getByRole('button', { name: 'Submit action plan' }).click();
  await expect(tomas.getByText(/waiting for your manager to acknowledge it. You can still change it/)).toBeVisible();
  await expect(tomas.getByRole('button', { name: 'Claim credential' })).toHaveCount(0);

  // Marcus, in his own browser, acknowledges Tomás's plan.
  const marcus = await pageAs(browser, baseURL!, MANAGER);
  await marcus.goto('/certification/team');
  await settled(marcus);
  const plan = marcus.getByRole('region', { name: `${CANDIDATE_NAME}: ${PROGRAM}` });
  await expect(plan.getByText('Introduce a weekly major-incident review with the service desk leads')).toBeVisible();
  await expect(plan.getByText('Agree first-line resolution targets with the clinic managers')).toBeVisible();
  await plan.getByRole('button', { name: `Acknowledge ${CANDIDATE_NAME}'s plan` }).click();
  await expect(plan.getByText(/You acknowledged this plan on/)).toBeVisible();
  await marcus.context().close();

  // Every requirement met: Tomás claims the credential.
  await tomas.goto(programUrl);
  await settled(tomas);
  await expect(tomas.getByText(/Your manager acknowledged this plan on/)).toBeVisible();
  await expect(tomas.getByRole('heading', { name: 'Every requirement is met' })).toBeVisible();
  await tomas.getByRole('button', { name: 'Claim credential' }).click();
  await expect(tomas.getByRole('heading', { name: 'My credentials', level: 1 })).toBeVisible();
  const credential = tomas.getByRole('article', { name: new RegExp(PROGRAM.replace(/[()]/g, '\\$&')) });
  await expect(credential.getByText('Valid', { exact: true })).toBeVisible();

  // The PDF certificate: his name and the program, and a link to the verification page.
  const download = tomas.waitForEvent('download');
  await credential.getByRole('link', { name: 'Download PDF certificate' }).click();
  const pdf = await readFile((await (await download).path())!);
  // pdf.js takes ownership of the bytes it is given, so each reader gets its own copy.
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
  // Helvetica's Latin-1 letters print as they are: "Tomás", not "Tomas".
  expect(text).toContain(CANDIDATE_NAME);
  expect(text).toContain(PROGRAM);
  const { links } = await extractLinks(new Uint8Array(pdf));
  const verifyUrl = links.find((l) => /\/credentials\/[0-9a-f-]{36}$/.test(l));
  expect(verifyUrl, `links in the PDF: ${links.join(', ')}`).toBeTruthy();
  const credentialId = verifyUrl!.split('/').pop()!;
  expect(text).toContain(credentialId);
  await expect(credential.getByRole('link', { name: 'Open the verification page' })).toHaveAttribute('href', verifyUrl!);

  // The public verification page, opened from the PDF's link by someone not signed in.
  const verifier = await browser.newPage();
  await verifier.goto(verifyUrl!);
  await expect(verifier.getByRole('heading', { level: 1 })).toHaveText('Valid credential');
  const facts = verifier.locator('dl');
  await expect(facts.locator('dt', { hasText: 'Holder' }).locator('+ dd')).toHaveText(CANDIDATE_NAME);
  await expect(facts.locator('dt', { hasText: 'Certification' }).locator('+ dd')).toHaveText(PROGRAM);
  await expect(facts.locator('dt', { hasText: 'Credential ID' }).locator('+ dd')).toHaveText(credentialId);
  await expect(facts.locator('dt', { hasText: 'Valid from' }).locator('+ dd')).toHaveText(isoDay(0));
  await verifier.close();
});
