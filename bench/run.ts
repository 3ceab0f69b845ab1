// `npm run bench`: throughput and p99 of GET /me and GET /people against a bare node:http ceiling
// on the same database (PGlite, and PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is
// set), then cold start and idle memory of the CLI on PGlite, the learning library (2,000-lesson
// import, search p95), and exam day (answer saves of thousands of candidates against their own
// ceiling). docs/benchmarks.md explains it.
import { cpus, loadavg } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureWebBuilt } from '../src/server/cli/web-build.js';
import { DEFAULT_LOAD } from './load.js';
import { compareOnDatabase, type Comparison } from './compare.js';
import { benchStartup, type StartupResult } from './startup.js';
import { preparePglite, preparePostgres } from './databases.js';
import { checks, checksTable, throughputTable } from './report.js';
import { benchLearnLibrary, libraryChecks, libraryTable, type LibraryResult } from './learn-library.js';
import { examDayOnPglite, examDayOnPostgres, type ExamDayRun } from './exam-day.js';
import { examDayChecks, examDayTable } from './exam-day-report.js';
import { benchEscalation, escalationChecks, escalationTable, withPostgresDatabase, type EscalationResult } from './escalation.js';

const say = (line = '') => process.stdout.write(`${line}\n`);
const workDir = mkdtempSync(join(tmpdir(), 'milewide-bench-'));
const keepLogs = process.env.BENCH_KEEP === '1';

say(`Milewide benchmarks, ${new Date().toISOString()}`);
say(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${process.platform}`);
say(`Load: autocannon on 127.0.0.1, ${DEFAULT_LOAD.connections} connections, ${DEFAULT_LOAD.warmupSeconds} s warm-up + ${DEFAULT_LOAD.seconds} s per server and endpoint in ${DEFAULT_LOAD.rounds} alternating rounds`);
const load = () => loadavg().map((n) => n.toFixed(1)).join(' ');
say(`Load average (1, 5, 15 min) at start: ${load()}`);
say(`Work directory: ${workDir}`);
// The server builds the web app when it is missing; do it now so no start below includes it.
await ensureWebBuilt(resolve('dist/web'), say);

const runs: Comparison[] = [];
const examDays: ExamDayRun[] = [];
const escalations: EscalationResult[] = [];
let startup: StartupResult | undefined;
let library: LibraryResult | undefined;
let failure: unknown;
// BENCH_ONLY=postgres (or pglite, startup, library, exam-day, escalation; comma-separated) runs a part,
// e.g. to compare a change quickly. The escalation benchmark (several minutes) runs only when named.
const only = new Set((process.env.BENCH_ONLY || 'pglite,startup,postgres,library,exam-day').split(',').map((s) => s.trim()));
const pgUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
try {
  if (only.has('library')) {
    say(`\n== Learning library: ${Number(process.env.BENCH_LESSONS ?? 2000).toLocaleString('en')}-lesson pack on PGlite ==`);
    library = await benchLearnLibrary(workDir);
  }
  if (only.has('pglite') || only.has('startup')) {
    say('\n== PGlite (embedded) ==');
    const pglite = await preparePglite(workDir);
    if (only.has('pglite')) runs.push(await compareOnDatabase(pglite, workDir));
    if (only.has('startup')) {
      say('\n== Cold start and idle memory (PGlite, existing data directory) ==');
      startup = await benchStartup((pglite.target as { dataDir: string }).dataDir);
    }
  }

  if (only.has('postgres')) say('\n== PostgreSQL ==');
  if (!only.has('postgres')) {
    // left out on request
  } else if (pgUrl) {
    const postgres = await preparePostgres(pgUrl);
    try {
      runs.push(await compareOnDatabase(postgres, workDir));
    } finally {
      await postgres.drop();
    }
  } else {
    say('  Not measured: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server to measure it.');
  }
  // exam-day runs both databases; exam-day-pglite or exam-day-postgres one of them.
  if (only.has('exam-day') || only.has('exam-day-pglite')) {
    say('\n== Exam day, PGlite (embedded) ==');
    examDays.push(await examDayOnPglite(workDir));
  }
  if (only.has('exam-day') || only.has('exam-day-postgres')) {
    say('\n== Exam day, PostgreSQL ==');
    if (pgUrl) examDays.push(await examDayOnPostgres(pgUrl, workDir));
    else say('  Not measured: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server to measure it.');
  }

  if (only.has('escalation')) {
    const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
    const databases = (process.env.BENCH_ESCALATION_DATABASES ?? 'pglite,postgres').split(',');
    if (databases.includes('pglite')) say('\n== Escalation timers: PGlite, one instance ==');
    if (databases.includes('pglite')) escalations.push(
      await benchEscalation({ kind: 'pglite', dataDir: join(workDir, 'escalation-pglite') }, workDir, {
        incidents: int('BENCH_ESCALATION_PGLITE_INCIDENTS', 1000),
        instances: 1,
        windowSeconds: int('BENCH_ESCALATION_PGLITE_WINDOW_S', 60),
        openConcurrency: 4,
      }),
    );
    if (databases.includes('postgres')) say('\n== Escalation timers: PostgreSQL, two instances ==');
    if (!databases.includes('postgres')) {
      // left out on request
    } else if (pgUrl) {
      escalations.push(
        await withPostgresDatabase(pgUrl, (url) =>
          benchEscalation({ kind: 'postgres', url }, workDir, {
            incidents: int('BENCH_ESCALATION_INCIDENTS', 10_000),
            instances: 2,
            windowSeconds: int('BENCH_ESCALATION_WINDOW_S', 120),
            openConcurrency: 8,
            openDirectly: process.env.BENCH_ESCALATION_OPEN !== 'http',
          }),
        ),
      );
    } else {
      say('  Not measured: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server to measure it.');
    }
  }
} catch (err) {
  failure = err;
}

say(`\n== Results ==\nLoad average at end: ${load()}`);
if (runs.length) say(throughputTable(runs));
if (library) say(`\n${libraryTable(library)}`);
if (examDays.length) say(`\n${examDayTable(examDays)}`);
if (escalations.length) say(`\n${escalationTable(escalations)}`);
const list = [
  ...checks(runs, startup, only.has('postgres')),
  ...(library ? libraryChecks(library) : []),
  ...examDayChecks(examDays, only.has('exam-day') || only.has('exam-day-postgres'), only.has('exam-day') || only.has('exam-day-pglite')),
  ...escalationChecks(escalations),
];
say('');
say(checksTable(list));
if (failure) say(`\nThe benchmark stopped early: ${(failure as Error).stack ?? failure}\nServer logs are kept in ${workDir}`);
else if (keepLogs) say(`\nServer logs: ${workDir}`);
else rmSync(workDir, { recursive: true, force: true });
process.exit(failure || list.some((c) => !c.pass) ? 1 : 0);
