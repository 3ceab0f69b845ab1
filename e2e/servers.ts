/** The two servers playwright.config.ts starts; specs other than first-run use the demo one through baseURL. */
export const DEMO_PORT = 3210;
export const DEMO_URL = `http://127.0.0.1:${DEMO_PORT}`;
/** No organisation yet: only e2e/first-run.spec.ts uses it, by this URL, because it sets up the one organisation. */
export const FIRST_RUN_PORT = 3211;
export const FIRST_RUN_URL = `http://127.0.0.1:${FIRST_RUN_PORT}`;
