import { request as pwRequest, type Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, expect } from './fixtures';

/** Helpers for the specs that sit the demo's professional exam in the browser. */

export interface DeliveredItem {
  position: number;
  itemId: string;
  kind: 'single' | 'multiple';
  stem: string;
  options: { id: string; text: string }[];
}

/**
 * The right option texts of every professional item, read through the authoring API by an
 * administrator in a separate request context (the candidate's browser never gets keys).
 */
export async function answerKey(baseURL: string): Promise<Map<string, string[]>> {
  const admin = await pwRequest.newContext({ baseURL });
  try {
    expect((await admin.post('/api/v1/auth/login', { data: { email: DEMO.admin, password: DEMO_PASSWORD } })).status()).toBe(200);
    const ids: { id: string }[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await admin.get(`/api/v1/items?bankKey=professional&status=published&limit=200&offset=${offset}`).then((r) => r.json());
      ids.push(...page.items);
      if (offset + 200 >= page.total) break;
    }
    const key = new Map<string, string[]>();
    for (const { id } of ids) {
      const item = await admin.get(`/api/v1/items/${id}`).then((r) => r.json());
      key.set(item.current.stem.trim(), item.current.options.filter((o: { correct: boolean }) => o.correct).map((o: { text: string }) => o.text));
    }
    return key;
  } finally {
    await admin.dispose();
  }
}

export function rightOptions(key: Map<string, string[]>, item: DeliveredItem): string[] {
  const right = key.get(item.stem.trim());
  expect(right, `answer key for "${item.stem.slice(0, 60)}"`).toBeTruthy();
  const texts = item.options.filter((o) => right!.includes(o.text)).map((o) => o.text);
  expect(texts.length, `right options on screen for "${item.stem.slice(0, 60)}"`).toBeGreaterThan(0);
  return texts;
}

/** One wrong option: enough to make any single- or multiple-response item wrong. */
export function wrongOption(key: Map<string, string[]>, item: DeliveredItem): string[] {
  const right = rightOptions(key, item);
  return [item.options.find((o) => !right.includes(o.text))!.text];
}

export const question = (page: Page) => page.getByRole('group').filter({ has: page.locator('legend') });

export async function answer(page: Page, texts: string[]) {
  for (const text of texts) await question(page).getByLabel(text, { exact: true }).check();
  await expect(page.getByTestId('save-status')).toHaveText(/^Saved/);
}

export async function settled(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Loading|Opening/ })).toHaveCount(0);
}
