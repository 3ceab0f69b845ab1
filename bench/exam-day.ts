// Exam day (issue 4): virtual candidates start an exam, save 50 answers each and submit, against the
// real server; the answer saves are compared with a bare node:http ceiling doing the same database
// work (bench/exam-day-ceiling-server.ts) on the same data, in alternating rounds.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { seedExamDay, type ExamDay } from '../src/server/assess/exams/testing/exam-day-seed.js';
import { startApp } from './api.js';
import { freePort, startServer, type RunningServer } from './child.js';
import { cpuMs } from './load.js';
import { databaseEnv, type Target } from './targets.js';
import { Client, inLanes, Latencies } from './exam-day-load.js';

export const EXAM_DAY = {
  takers: Number(process.env.BENCH_EXAM_TAKERS ?? 2000),
  answers: 50,
  lanes: Number(process.env.BENCH_EXAM_LANES ?? 20),
  rounds: Number(process.env.BENCH_EXAM_ROUNDS ?? 4),
};

export interface SavePhase {
  saves: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  bad: number;
  firstBad?: string;
  serverCpuMs: number;
}

export interface ExamDayRun {
  kind: Target['kind'];
  app: SavePhase & { startP99Ms: number; submitP99Ms: number; startsPerSecond: number; startBad: number; submitBad: number };
  ceiling: SavePhase;
  /** Answers found stored afterwards, against the saves acknowledged. */
  stored: { app: number; ceiling: number };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Taker {
  session: string;
  attemptId?: string;
  items?: string[];
}

async function seed(database: Database, label: string): Promise<ExamDay> {
  const started = Date.now();
  try {
    await database.migrate();
    const day = await seedExamDay(database, { candidates: EXAM_DAY.takers * 2, items: EXAM_DAY.answers, timeLimitMinutes: 600 });
    say(`  ${label}: migrated and seeded ${day.sessions.length} candidates and a ${day.itemCount}-item exam in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return day;
  } finally {
    await database.close();
  }
}

async function countAnswered(target: Target, attemptIds: string[]): Promise<number> {
  const database = await openDatabase(target.kind === 'pglite' ? { dataDir: target.dataDir } : { databaseUrl: target.url, poolSize: 2 });
  try {
    const { rows } = await database.executeSql(
      'select count(*)::int as n from exam_attempt_items where attempt_id = any($1::uuid[]) and seq > 0',
      [attemptIds],
    );
    return Number(rows[0].n);
  } finally {
    await database.close();
  }
}

async function startAll(client: Client, day: ExamDay, takers: Taker[], lat: Latencies) {
  await inLanes(takers, EXAM_DAY.lanes, async (t) => {
    const a = await client.call('POST', `/api/v1/exams/${day.examId}/attempts`, t.session);
    lat.record(a, a.status === 201, 'start');
    t.attemptId = a.body.id;
    t.items = (a.body.items ?? []).map((i: { itemId: string }) => i.itemId);
  });
}

async function saveAll(client: Client, takers: Taker[], pid: number): Promise<{ lat: Latencies; seconds: number; cpu: number }> {
  const lat = new Latencies();
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  await inLanes(takers, EXAM_DAY.lanes, async (t) => {
    for (let k = 0; k < EXAM_DAY.answers; k++) {
      const itemId = t.items![k % t.items!.length];
      const a = await client.call('PUT', `/api/v1/exam-attempts/${t.attemptId}/answers`, t.session, { itemId, optionIds: [String((k % 3) + 1)], seq: k + 1 });
      lat.record(a, a.status === 200 && a.body.status === 'saved', 'save');
    }
  });
  return { lat, seconds: (performance.now() - started) / 1000, cpu: cpuMs(pid) - cpuBefore };
}

function phase(parts: { lat: Latencies; seconds: number; cpu: number }[]): SavePhase {
  const all = new Latencies();
  for (const p of parts) {
    all.ms.push(...p.lat.ms);
    all.bad += p.lat.bad;
    all.firstBad ??= p.lat.firstBad;
  }
  const seconds = parts.reduce((n, p) => n + p.seconds, 0);
  return {
    saves: all.ms.length,
    seconds,
    rps: all.ms.length / seconds,
    p50Ms: Math.round(all.percentile(50) * 10) / 10,
    p99Ms: Math.round(all.percentile(99) * 10) / 10,
    bad: all.bad,
    firstBad: all.firstBad,
    serverCpuMs: parts.reduce((n, p) => n + p.cpu, 0),
  };
}

async function runOn(target: Target, ceilingTarget: Target, day: ExamDay, workDir: string): Promise<ExamDayRun> {
  const appTakers: Taker[] = day.sessions.slice(0, EXAM_DAY.takers).map((session) => ({ session }));
  const ceilingTakers: Taker[] = day.sessions.slice(EXAM_DAY.takers).map((session) => ({ session }));

  // Unmeasured: the ceiling only saves answers, so its candidates' attempts are started by the app first.
  let app = await startApp(target, workDir);
  let client = new Client(app.url, EXAM_DAY.lanes);
  const setup = new Latencies();
  const setupStarted = Date.now();
  await startAll(client, day, ceilingTakers, setup);
  client.close();
  if (setup.bad) throw new Error(`starting the ceiling's attempts failed: ${setup.firstBad}`);
  say(`  set up ${ceilingTakers.length} attempts for the ceiling through the app in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
  if (target.kind === 'pglite') {
    await app.stop();
    // PGlite is one process per directory: the ceiling gets an identical copy.
    cpSync(target.dataDir, (ceilingTarget as { dataDir: string }).dataDir, { recursive: true });
    app = await startApp(target, workDir);
  }
  let ceiling: RunningServer | undefined;
  try {
    ceiling = await startServer(process.execPath, ['bin/run-ts.js', 'bench/exam-day-ceiling-server.ts'], databaseEnv(ceilingTarget), await freePort(), join(workDir, `exam-ceiling-${target.kind}.log`));
    client = new Client(app.url, EXAM_DAY.lanes);
    const ceilingClient = new Client(ceiling.url, EXAM_DAY.lanes);
    const starts = new Latencies();
    const submits = new Latencies();
    let startSeconds = 0;
    const appParts: { lat: Latencies; seconds: number; cpu: number }[] = [];
    const ceilingParts: { lat: Latencies; seconds: number; cpu: number }[] = [];
    const per = Math.ceil(EXAM_DAY.takers / EXAM_DAY.rounds);
    for (let r = 0; r < EXAM_DAY.rounds; r++) {
      const mine = appTakers.slice(r * per, (r + 1) * per);
      const theirs = ceilingTakers.slice(r * per, (r + 1) * per);
      const s0 = performance.now();
      await startAll(client, day, mine, starts);
      startSeconds += (performance.now() - s0) / 1000;
      const a = await saveAll(client, mine, app.pid);
      appParts.push(a);
      await inLanes(mine, EXAM_DAY.lanes, async (t) => {
        const res = await client.call('POST', `/api/v1/exam-attempts/${t.attemptId}/submit`, t.session);
        submits.record(res, res.status === 200 && res.body.total === EXAM_DAY.answers, 'submit');
      });
      const c = await saveAll(ceilingClient, theirs, ceiling.pid);
      ceilingParts.push(c);
      say(
        `  round ${r + 1}/${EXAM_DAY.rounds}: Milewide ${a.lat.ms.length} saves in ${a.seconds.toFixed(1)} s (${(a.lat.ms.length / a.seconds).toFixed(0)}/s, p99 ${a.lat.percentile(99).toFixed(1)} ms); ` +
          `ceiling ${c.lat.ms.length} in ${c.seconds.toFixed(1)} s (${(c.lat.ms.length / c.seconds).toFixed(0)}/s, p99 ${c.lat.percentile(99).toFixed(1)} ms)`,
      );
    }
    client.close();
    ceilingClient.close();
    const appPhase = phase(appParts);
    const run: ExamDayRun = {
      kind: target.kind,
      app: {
        ...appPhase,
        startP99Ms: Math.round(starts.percentile(99)),
        submitP99Ms: Math.round(submits.percentile(99)),
        startsPerSecond: starts.ms.length / startSeconds,
        startBad: starts.bad,
        submitBad: submits.bad,
      },
      ceiling: phase(ceilingParts),
      stored: { app: 0, ceiling: 0 },
    };
    await app.stop();
    await ceiling.stop();
    run.stored.app = await countAnswered(target, appTakers.map((t) => t.attemptId!).filter(Boolean));
    run.stored.ceiling = await countAnswered(ceilingTarget, ceilingTakers.map((t) => t.attemptId!).filter(Boolean));
    return run;
  } finally {
    await app.stop();
    await ceiling?.stop();
  }
}

export async function examDayOnPglite(workDir: string): Promise<ExamDayRun> {
  const dataDir = join(workDir, 'exam-day-pglite');
  const day = await seed(await openDatabase({ dataDir }), 'PGlite');
  return runOn({ kind: 'pglite', dataDir }, { kind: 'pglite', dataDir: `${dataDir}-ceiling` }, day, workDir);
}

export async function examDayOnPostgres(adminUrl: string, workDir: string): Promise<ExamDayRun> {
  const name = `mw_bench_exam_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const day = await seed(await openDatabase({ databaseUrl: url.toString(), poolSize: 4 }), `PostgreSQL (${name})`);
    const target: Target = { kind: 'postgres', url: url.toString() };
    return await runOn(target, target, day, workDir);
  } finally {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}
