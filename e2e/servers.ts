/**
 * The two servers playwright.config.ts starts; specs other than first-run use the demo one through baseURL.
 * E2E_PORT_BASE moves both (default 3210/3211) so two checkouts can run their browser tests side by side.
 */
const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 3210);
export const DEMO_PORT = PORT_BASE;
export const DEMO_URL = `http://127.0.0.1:${DEMO_PORT}`;
/** No organisation yet: only e2e/first-run.spec.ts uses it, by this URL, because it sets up the one organisation. */
export const FIRST_RUN_PORT = PORT_BASE + 1;
export const FIRST_RUN_URL = `http://127.0.0.1:${FIRST_RUN_PORT}`;
