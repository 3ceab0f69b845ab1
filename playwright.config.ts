import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// Browser tests drive Debian's Chromium, never a downloaded browser build.
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with: apt-get install -y chromium`);
}

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const PORT = 3210;
const BASE_URL = `http://127.0.0.1:${PORT}`;
// Fixed path so the server command can remove it first: every run starts from an empty database
// with the demo organisation. (Workers load this file too, so nothing is deleted here.)
const DATA_DIR = join(tmpdir(), 'milewide-e2e-data');

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
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `node -e "require('fs').rmSync(process.argv[1], { recursive: true, force: true })" ${JSON.stringify(DATA_DIR)} && npx vite build && node bin/milewide.js start`,
    cwd: ROOT,
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE_URL,
      MILEWIDE_DATA_DIR: DATA_DIR,
      MILEWIDE_DEMO: 'true',
      // Always the embedded database, whatever the calling shell has set.
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    },
  },
});
