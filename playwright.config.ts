import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { DEMO_PORT, DEMO_URL, FIRST_RUN_PORT, FIRST_RUN_URL } from './e2e/servers';

// Browser tests drive Debian's Chromium, never a downloaded browser build.
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with: apt-get install -y chromium`);
}

const ROOT = fileURLToPath(new URL('.', import.meta.url));
// Fixed path so the server command can remove it first: every run starts from an empty database
// with the demo organisation. (Workers load this file too, so nothing is deleted here.)
const DATA_DIR = join(tmpdir(), `milewide-e2e-data-${DEMO_PORT}`);
// The first-run server starts with no organisation at all (see e2e/servers.ts).
const FIRST_RUN_DATA_DIR = join(tmpdir(), `milewide-e2e-first-run-data-${FIRST_RUN_PORT}`);
// Deletes the given directory; each server command starts from an empty database.
const removeDir = (dir: string) => `node -e "require('fs').rmSync(process.argv[1], { recursive: true, force: true })" ${JSON.stringify(dir)}`;
const serverEnv = (port: number, dataDir: string, demo: boolean) => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  MILEWIDE_DATA_DIR: dataDir,
  MILEWIDE_DEMO: String(demo),
  // Many sign-ins from 127.0.0.1 in one run would hit the production limit of 20/min and fail as 429s.
  MILEWIDE_AUTH_RATE_PER_MINUTE: '600',
  // Always the embedded database, whatever the calling shell has set.
  DATABASE_URL: '',
  LOG_LEVEL: 'warn',
});
const serverProcess = { cwd: ROOT, reuseExistingServer: false, stdout: 'pipe', stderr: 'pipe', gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 } } as const;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  // The specs share one server and its demo organisation; one worker keeps them independent of order.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: DEMO_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  // Playwright starts these one after the other and waits for each URL before the next, so only the
  // first builds the web app and the second serves the same dist/web.
  webServer: [
    {
      ...serverProcess,
      command: `${removeDir(DATA_DIR)} && npx vite build && node bin/milewide.js start`,
      url: `${DEMO_URL}/healthz`,
      timeout: 180_000,
      env: serverEnv(DEMO_PORT, DATA_DIR, true),
    },
    {
      ...serverProcess,
      command: `${removeDir(FIRST_RUN_DATA_DIR)} && node bin/milewide.js start --no-demo`,
      url: `${FIRST_RUN_URL}/healthz`,
      timeout: 60_000,
      env: serverEnv(FIRST_RUN_PORT, FIRST_RUN_DATA_DIR, false),
    },
  ],
});
