import { expect, request as pwRequest, test as base, type Page } from '@playwright/test';

/** Demo sign-ins printed by `milewide start` (password for all: milewide-demo). */
export const DEMO = {
  admin: 'dana.whitfield@northwind.example',
  director: 'marcus.oyelaran@northwind.example',
  author: 'helen.brandt@northwind.example',
  manager: 'tomas.ferreira@northwind.example',
  learner: 'samuel.osei@northwind.example',
} as const;
export const DEMO_PASSWORD = 'milewide-demo';

type State = { cookies: { name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: 'Strict' | 'Lax' | 'None' }[]; origins: { origin: string; localStorage: { name: string; value: string }[] }[] };

// One sign-in per person for the whole run: sign-in is rate limited.
const sessions = new Map<string, State>();

export const test = base.extend<{ signInAs: string | null }>({
  signInAs: [null, { option: true }],
  storageState: async ({ signInAs, baseURL }, use) => {
    if (!signInAs) return use({ cookies: [], origins: [] });
    let state = sessions.get(signInAs);
    if (!state) {
      const ctx = await pwRequest.newContext({ baseURL });
      const res = await ctx.post('/api/v1/auth/login', { data: { email: signInAs, password: DEMO_PASSWORD } });
      expect(res.status(), await res.text()).toBe(200);
      state = (await ctx.storageState()) as State;
      await ctx.dispose();
      sessions.set(signInAs, state);
    }
    await use(state);
  },
});

export { expect };

/** The page has no sideways scrolling (content fits the viewport). */
export async function expectNoHorizontalOverflow(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}
