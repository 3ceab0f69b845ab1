// BENCH_ONLY=escalation: live incidents under load (docs/benchmarks.md, "Escalation timers").
// Many incidents with 4 steps each, all due within a compressed window; real `milewide start`
// processes (two on PostgreSQL), a real SMTP server and a real webhook receiver in this process.
// Measures how late each step fires (timer lateness, from the database) and how late its e-mail and
// webhook arrive (delivery lateness, at the receivers), notifications per second, and counts lost,
// repeated and early steps, which must all be 0.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/server/db/client.js';
import pino from 'pino';
import { createOrganisation } from '../src/server/identity/service.js';
import { loadConfig } from '../src/server/config.js';
import { JobEngine } from '../src/server/jobs/engine.js';
import { openIncident } from '../src/server/toolkit/escalations/incidents/service.js';
import type { AppContext } from '../src/server/context.js';
import { freePort, startServer, type RunningServer } from './child.js';
import { databaseEnv, type Target } from './targets.js';
import { startSmtpSink, type ReceivedMail } from '../test/support/smtp.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';

const say = (line = '') => process.stdout.write(`${line}\n`);
const PASSWORD = 'bench-escalation-password';
const ADMIN = 'bench.admin@escalation.bench';

/**
 * One escalation "minute" in the benchmark, in ms. 10 ms makes offsets fine-grained (a step offset
 * of 1234 "minutes" is 12.34 s), so due times spread evenly instead of bunching on whole seconds.
 */
const MINUTE_MS = 10;

export interface EscalationOptions {
  incidents: number;
  instances: number;
  /** Seconds over which all steps fall due, after the incidents are open. */
  windowSeconds: number;
  /** Incidents opened at once (HTTP requests or transactions in flight). */
  openConcurrency: number;
  /** PostgreSQL only: open through the service from this process instead of over HTTP. */
  openDirectly?: boolean;
}

export interface EscalationResult {
  kind: Target['kind'];
  options: EscalationOptions;
  openSeconds: number;
  steps: number;
  timerLateness: { p50: number; p99: number; max: number };
  deliveryLateness: { p50: number; p99: number; max: number };
  deliveries: number;
  notificationsPerSecond: number;
  dueBeforeAllOpen: number;
  /** Seconds from the first step due to the last: the window as it turned out. */
  actualWindowSeconds: number;
  lost: number;
  repeated: number;
  /** The same delivery received again (a timed-out or crashed send retried); dropped by a receiver that honours the key. */
  redelivered: number;
  early: number;
  firedByInstances: number;
  sweepFired: number;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 50), p99: pct(s, 99), max: s.at(-1) ?? NaN };
};

async function migrateAndCreateAdmin(database: Database): Promise<string> {
  await database.migrate();
  const { org } = await createOrganisation({ db: database.db } as AppContext, { organisationName: 'Escalation Bench IT', name: 'Bench Admin', email: ADMIN, password: PASSWORD });
  return org.id;
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login on ${url} answered ${res.status}: ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export async function benchEscalation(target: Target, workDir: string, options: EscalationOptions): Promise<EscalationResult> {
  const { incidents: N, instances, windowSeconds, openConcurrency } = options;
  say(`  ${N} incidents × 4 steps due within ${windowSeconds} s, ${instances} instance(s), one escalation minute = ${MINUTE_MS} ms`);
  const smtp = await startSmtpSink();
  const hooks = await startWebhookReceiver();
  const servers: RunningServer[] = [];
  try {
    // Migrate and create the admin before the servers start (PGlite: one process at a time).
    const setup = await openDatabase(target.kind === 'postgres' ? { databaseUrl: target.url, poolSize: 4 } : { dataDir: target.dataDir });
    try {
      await migrateAndCreateAdmin(setup);
    } finally {
      await setup.close();
    }
    const env = {
      ...databaseEnv(target),
      HOST: '127.0.0.1',
      MILEWIDE_DEMO: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      // A pooled SMTP connection per instance: the way to run a busy installation (docs/operators).
      SMTP_URL: `${smtp.url}?pool=true&maxConnections=4`,
      MILEWIDE_ESCALATION_MINUTE_MS: String(MINUTE_MS),
      MILEWIDE_AUTH_RATE_PER_MINUTE: '100000',
    };
    for (let i = 0; i < instances; i++) servers.push(await startServer(process.execPath, ['bin/milewide.js', 'start', '--no-demo'], env, await freePort(), join(workDir, `escalation-${target.kind}-${i}.log`)));
    const cookies = await Promise.all(servers.map((s) => login(s.url)));

    // Open the incidents. Step k of incident i is planned for windowStart + (k + i / N) * spacing, so
    // the 4 × N steps fall due evenly over the window. The window starts a few seconds after the
    // first incident opens; opening goes on while earlier incidents' steps fire (as in real life),
    // and an incident opened after its planned time has its offsets counted from its opening.
    const windowMs = windowSeconds * 1000;
    const spacing = windowMs / 4;
    const windowStart = Date.now() + 5000;
    // PostgreSQL: the incidents are opened from this process through the same service function the
    // API calls (openIncident), so that the instances' CPU goes to firing and delivering. PGlite
    // belongs to its one server process, so there they are opened through the HTTP API.
    let direct: { ctx: AppContext; orgId: string; adminId: string; database: Database } | undefined;
    if (target.kind === 'postgres' && options.openDirectly) {
      const database = await openDatabase({ databaseUrl: target.url, poolSize: options.openConcurrency });
      const [admin] = (await database.executeSql(`select id, org_id from people where email = $1`, [ADMIN])).rows as { id: string; org_id: string }[];
      const log = pino({ level: 'warn' });
      const jobs = new JobEngine(database, log);
      const config = { ...loadConfig({}), publicUrl: servers[0].url, escalationMinuteMs: MINUTE_MS };
      direct = { ctx: { config, database, db: database.db, jobs, log } as unknown as AppContext, orgId: admin.org_id, adminId: admin.id, database };
    }
    let next = 0;
    let failed = '';
    const openStarted = Date.now();
    const incidentOf = (i: number) => {
      // Step k of incident i is due at windowStart + k * spacing + (i / N) * spacing.
      const firstDue = windowStart + (i / N) * spacing;
      const base = Math.max(0, Math.round((firstDue - Date.now()) / MINUTE_MS));
      return {
        title: `Bench incident ${i}`,
        contacts: [{ id: 'vendor', kind: 'vendor' as const, name: `Vendor ${i}`, personId: null, role: 'Vendor', email: `vendor-${i}@bench.test`, webhookUrl: `${hooks.url}/hooks/${i}` }],
        steps: [0, 1, 2, 3].map((k) => ({ id: `s${k + 1}`, offsetMinutes: base + Math.round((k * spacing) / MINUTE_MS), title: `Escalation step ${k + 1}`, notify: ['vendor'], expected: '' })),
        repeatEveryMinutes: null,
        statusUpdateEveryMinutes: 10_000_000,
      };
    };
    const openOne = async (i: number) => {
      const incident = incidentOf(i);
      if (direct) {
        const snapshot = { procedureId: '', versionId: '', version: 1, situation: 'bench', summary: '', expertPersonId: null, itPointPersonId: direct.adminId, sitePointPersonId: null, sites: [], services: [], ...incident };
        await openIncident(direct.ctx, { actor: null, personId: direct.adminId, name: 'Bench Admin' }, direct.orgId, { snapshot, title: incident.title, source: 'ad_hoc' });
        return;
      }
      const server = i % servers.length;
      const res = await fetch(`${servers[server].url}/api/v1/incidents/ad-hoc`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookies[server] }, body: JSON.stringify(incident) });
      if (res.status !== 201) failed ||= `opening incident ${i} answered ${res.status}: ${(await res.text()).slice(0, 300)}`;
      else await res.arrayBuffer();
    };
    await Promise.all(
      Array.from({ length: openConcurrency }, async () => {
        while (next < N && !failed) await openOne(next++);
      }),
    );
    await direct?.database.close();
    if (failed) throw new Error(failed);
    const openSeconds = (Date.now() - openStarted) / 1000;
    const windowEnd = Math.max(windowStart + windowMs, Date.now() + 3 * spacing);
    say(`  opened ${N} incidents in ${openSeconds.toFixed(1)} s (${(N / openSeconds).toFixed(0)}/s)`);

    // Wait for every step's e-mail and webhook (or give up well after the window).
    const expected = 4 * N;
    const stepMail = (m: ReceivedMail) => m.to[0]?.startsWith('vendor-');
    const deadline = windowEnd + Number(process.env.BENCH_ESCALATION_DRAIN_S ?? 120) * 1000;
    let lastReport = 0;
    for (;;) {
      const mails = smtp.messages.filter(stepMail).length;
      const posts = hooks.received.length;
      if (mails >= expected && posts >= expected) break;
      if (Date.now() > deadline) {
        say(`  gave up waiting: ${mails}/${expected} e-mails, ${posts}/${expected} webhooks`);
        break;
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        say(`  ${((Date.now() - windowStart) / 1000).toFixed(0)} s into the window: ${mails}/${expected} e-mails, ${posts}/${expected} webhooks`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 3000)); // room for a repeat to show up

    // The timers, from the database (PGlite: once its server has stopped).
    if (target.kind === 'pglite') for (const s of servers.splice(0)) await s.stop();
    const db = await openDatabase(target.kind === 'postgres' ? { databaseUrl: target.url, poolSize: 2 } : { dataDir: target.dataDir });
    let timers: { incident: number; key: string; state: string; due: number; fired: number | null; by: string | null; events: number }[];
    try {
      const { rows } = await db.executeSql(
        `select substring(i.title from 'Bench incident (\\d+)')::int as incident, t.key, t.state,
                extract(epoch from t.due_at) * 1000 as due, extract(epoch from t.fired_at) * 1000 as fired, t.fired_by as by,
                (select count(*) from incident_timeline e where e.incident_id = t.incident_id and e.timer_key = t.key)::int as events
           from incident_timers t join incidents i on i.id = t.incident_id where t.kind = 'step'`,
      );
      timers = rows.map((r) => ({ incident: Number(r.incident), key: String(r.key), state: String(r.state), due: Number(r.due), fired: r.fired === null ? null : Number(r.fired), by: r.by as string | null, events: Number(r.events) }));
    } finally {
      await db.close();
    }
    const fired = timers.filter((t) => t.fired !== null);
    const dueAt = new Map(timers.map((t) => [`${t.incident}/${t.key.split(':')[1]}`, t.due]));
    const deliveryLate: number[] = [];
    // Per (incident, step): the distinct delivery keys seen (Message-ID, Idempotency-Key) and how
    // many requests arrived. Two keys would be two notifications (a real duplicate); one key seen
    // twice is a transport re-delivery that a receiver honouring the key drops.
    const seenMail = new Map<string, Set<string>>();
    const seenHook = new Map<string, Set<string>>();
    let redelivered = 0;
    const note = (seen: Map<string, Set<string>>, key: string, deliveryKey: string, at: number) => {
      const keys = seen.get(key) ?? new Set<string>();
      if (keys.has(deliveryKey)) redelivered++;
      keys.add(deliveryKey);
      seen.set(key, keys);
      const due = dueAt.get(key);
      if (due !== undefined) deliveryLate.push(at - due);
    };
    for (const m of smtp.messages.filter(stepMail)) {
      const incident = /^vendor-(\d+)@/.exec(m.to[0])?.[1];
      const step = /Step (\d) of 4/.exec(m.subject)?.[1];
      note(seenMail, `${incident}/${step}`, /^message-id:\s*(\S+)/im.exec(m.raw)?.[1] ?? '', m.receivedAt);
    }
    for (const h of hooks.received) {
      const incident = /^\/hooks\/(\d+)$/.exec(h.path)?.[1];
      const step = /Step (\d) of 4/.exec(String(h.body?.text))?.[1];
      note(seenHook, `${incident}/${step}`, String(h.headers['idempotency-key']), h.receivedAt);
    }
    let lost = 0;
    let repeated = 0;
    for (const key of dueAt.keys()) {
      for (const seen of [seenMail, seenHook]) {
        const n = seen.get(key)?.size ?? 0;
        if (n === 0) lost++;
        if (n > 1) repeated += n - 1;
      }
    }
    lost += timers.filter((t) => t.state !== 'fired').length;
    repeated += timers.reduce((sum, t) => sum + Math.max(0, t.events - 1), 0);
    const early = fired.filter((t) => t.fired! < t.due).length;
    const deliveries = [...seenMail.values(), ...seenHook.values()].reduce((n, keys) => n + keys.size, 0);
    const firstDue = timers.reduce((m, t) => Math.min(m, t.due), Infinity);
    const lastDue = timers.reduce((m, t) => Math.max(m, t.due), 0);
    const lastArrival = [...smtp.messages.filter(stepMail).map((m) => m.receivedAt), ...hooks.received.map((h) => h.receivedAt)].reduce((m, t) => Math.max(m, t), 0);
    const result: EscalationResult = {
      kind: target.kind,
      options,
      openSeconds,
      steps: timers.length,
      timerLateness: stats(fired.map((t) => t.fired! - t.due)),
      deliveryLateness: stats(deliveryLate),
      deliveries,
      notificationsPerSecond: deliveries / ((lastArrival - firstDue) / 1000),
      dueBeforeAllOpen: timers.filter((t) => t.due < openStarted + openSeconds * 1000).length,
      actualWindowSeconds: (lastDue - firstDue) / 1000,
      lost,
      repeated,
      redelivered,
      early,
      firedByInstances: new Set(fired.map((t) => t.by?.split(' ')[0])).size,
      sweepFired: fired.filter((t) => t.by?.endsWith('(sweep)')).length,
    };
    // When lateness happened: p99 per tenth of the window, by due time.
    const slices = 10;
    const span = Math.max(1, lastDue - firstDue);
    const bySlice = Array.from({ length: slices }, () => [] as number[]);
    for (const t of fired) bySlice[Math.min(slices - 1, Math.floor(((t.due - firstDue) / span) * slices))].push(t.fired! - t.due);
    say(`  timer lateness p99 by tenth of the window (ms): ${bySlice.map((xs) => (xs.length ? stats(xs).p99.toFixed(0) : '-')).join(' ')}`);
    const r = result;
    say(
      `  ${target.kind}: ${r.steps} steps; timer lateness p50 ${r.timerLateness.p50.toFixed(0)} ms, p99 ${r.timerLateness.p99.toFixed(0)} ms, max ${r.timerLateness.max.toFixed(0)} ms; ` +
        `delivery lateness p50 ${r.deliveryLateness.p50.toFixed(0)} ms, p99 ${r.deliveryLateness.p99.toFixed(0)} ms; ${r.deliveries} deliveries at ${r.notificationsPerSecond.toFixed(0)}/s; ` +
        `lost ${r.lost}, repeated ${r.repeated}, early ${r.early}, re-delivered ${r.redelivered}; fired by ${r.firedByInstances} process(es), ${r.sweepFired} by the overdue sweep; steps fell due over ${r.actualWindowSeconds.toFixed(0)} s, ${r.dueBeforeAllOpen} of them while incidents were still being opened`,
    );
    return result;
  } finally {
    for (const s of servers) await s.stop();
    await smtp.close();
    await hooks.close();
  }
}

/** A fresh database on the PostgreSQL server of `adminUrl`, dropped afterwards. */
export async function withPostgresDatabase<T>(adminUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `mw_bench_esc_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    if (process.env.BENCH_KEEP === '1') process.stdout.write(`  database kept: ${url.toString()}\n`);
    else {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

export const ESCALATION_TARGETS = { postgresP99Ms: 1000, pgliteP99Ms: 2000 };

export function escalationTable(results: EscalationResult[]): string {
  const lines = [
    '| database | incidents × steps | instances | steps due over (s) | opened/s | timer lateness p50 / p99 / max ms | delivery lateness p50 / p99 ms | notifications/s | lost | repeated | early | re-delivered |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.kind === 'pglite' ? 'PGlite' : 'PostgreSQL 15'} | ${r.options.incidents} × 4 | ${r.options.instances} | ${r.actualWindowSeconds.toFixed(0)} | ${(r.options.incidents / r.openSeconds).toFixed(0)} | ${r.timerLateness.p50.toFixed(0)} / ${r.timerLateness.p99.toFixed(0)} / ${r.timerLateness.max.toFixed(0)} | ${r.deliveryLateness.p50.toFixed(0)} / ${r.deliveryLateness.p99.toFixed(0)} | ${r.notificationsPerSecond.toFixed(0)} | ${r.lost} | ${r.repeated} | ${r.early} | ${r.redelivered} |`,
    );
  }
  return lines.join('\n');
}

export function escalationChecks(results: EscalationResult[]) {
  return results.flatMap((r) => {
    const limit = r.kind === 'postgres' ? ESCALATION_TARGETS.postgresP99Ms : ESCALATION_TARGETS.pgliteP99Ms;
    const label = r.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    return [
      { target: `${label}: escalation step p99 lateness < ${limit / 1000} s (${r.options.incidents} incidents × 4 steps)`, measured: `${r.timerLateness.p99.toFixed(0)} ms (${((r.timerLateness.p99 / limit) * 100).toFixed(0)}% of the limit)`, pass: r.timerLateness.p99 < limit },
      { target: `${label}: no step lost, repeated or early`, measured: `lost ${r.lost}, repeated ${r.repeated}, early ${r.early}`, pass: r.lost === 0 && r.repeated === 0 && r.early === 0 },
    ];
  });
}

