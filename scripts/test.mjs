#!/usr/bin/env node
// `npm test`: vitest on PGlite, vitest on PostgreSQL (when TEST_DATABASE_URL is set), then the
// Playwright browser tests (when e2e/ has specs). Ends with "N passed, N failed" over every run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const reportDir = mkdtempSync(join(tmpdir(), 'milewide-test-'));
const runs = [];

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (err) => {
      console.error(`Could not start ${command}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

/** A run that exits non-zero but reports no failed test (a crash, a broken import) still counts as one failure. */
function record(name, exitCode, counts, since, note = '', failures = []) {
  let { passed, failed, skipped } = counts ?? { passed: 0, failed: 0, skipped: 0 };
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    note = note || `exited with code ${exitCode} without a failed test in its report (crash or load error)`;
  }
  runs.push({ name, passed, failed, skipped, time: seconds(since), note, failures });
}

async function vitest(name, env) {
  const out = join(reportDir, `${name.replace(/\W+/g, '-')}.json`);
  console.log(`\n=== ${name} ===`);
  const since = Date.now();
  const code = await run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  const report = readJson(out);
  const counts = report && {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + filesFailedWithoutFailedTest(report),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  record(name, code, counts, since, '', vitestFailures(report));
}

/** Names of failed tests (file › title: first line of the message), so the summary at the end of a long log says what broke. */
function vitestFailures(report) {
  const names = [];
  for (const file of report?.testResults ?? []) {
    const path = String(file.name ?? '').replace(`${process.cwd()}/`, '');
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) names.push(`${path} › ${t.fullName ?? t.title}: ${firstLine(t.failureMessages?.[0])}`);
    if (file.status === 'failed' && failedTests.length === 0) names.push(`${path}: ${firstLine(file.message)}`);
  }
  return names;
}

function playwrightFailures(report) {
  const names = [];
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const error = test.results?.at(-1)?.error?.message;
        names.push(`${spec.file ?? file} › ${spec.title}: ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, suite.file ?? file);
  };
  for (const suite of report?.suites ?? []) walk(suite, suite.file);
  return names;
}

function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  return String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((line) => line.trim())?.trim().slice(0, 240) ?? '';
}

/** A test file that fails to load, or whose hook throws, has no failed test yet must count. */
function filesFailedWithoutFailedTest(report) {
  return (report.testResults ?? []).filter((file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')).length;
}

function hasSpecs(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return hasSpecs(path);
    return /\.(spec|test)\.[cm]?[jt]sx?$/.test(entry);
  });
}

async function playwright() {
  const name = 'Playwright (Chromium)';
  console.log(`\n=== ${name} ===`);
  const since = Date.now();
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: the browser tests need Debian's Chromium.\nInstall it with: apt-get install -y chromium`);
    runs.push({ name, passed: 0, failed: 1, skipped: 0, time: seconds(since), note: `${CHROMIUM} missing (apt-get install -y chromium)` });
    return;
  }
  const out = join(reportDir, 'playwright.json');
  const code = await run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  const report = readJson(out);
  const stats = report?.stats;
  const counts = stats && { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, skipped: stats.skipped ?? 0 };
  const note = stats?.flaky ? `${stats.flaky} flaky (passed on retry)` : '';
  record(name, code, counts, since, note, playwrightFailures(report));
}

await vitest('Vitest on PGlite', { TEST_DATABASE_URL: '' });
if (process.env.TEST_DATABASE_URL) {
  await vitest('Vitest on PostgreSQL', { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL });
} else {
  console.log('\nTEST_DATABASE_URL is not set: the PostgreSQL run is not done (set it to run the suite on PostgreSQL too).');
}
if (hasSpecs('e2e')) await playwright();
else console.log('\nNo spec files in e2e/: the browser tests are not run.');

rmSync(reportDir, { recursive: true, force: true });

console.log('\n=== Summary ===');
for (const r of runs) {
  const extra = [r.skipped ? `${r.skipped} skipped` : '', r.note].filter(Boolean).join('; ');
  console.log(`${r.failed ? 'FAIL' : 'ok  '} ${r.name.padEnd(24)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.time.padStart(6)} s${extra ? `  (${extra})` : ''}`);
  for (const failure of r.failures ?? []) console.log(`       ✗ ${failure}`);
}
const passed = runs.reduce((n, r) => n + r.passed, 0);
const failed = runs.reduce((n, r) => n + r.failed, 0);
const skipped = runs.reduce((n, r) => n + r.skipped, 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
