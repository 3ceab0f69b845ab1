import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, onPostgres } from '../../../../test/support/database.js';
import { cliEnv, startServerProcess, type ServerProcess } from '../../../../test/support/cli.js';
import { openDatabase } from '../../db/client.js';
import { seedExamDay, type ExamDay } from './testing/exam-day-seed.js';

/*
 * The crash test: 200 candidates mid-exam, the real server process killed with SIGKILL,
 * started again on the same data. Every answer the server acknowledged before the kill must be
 * there afterwards, and every attempt must resume. On the embedded database (a PGlite data
 * directory) by default, on PostgreSQL when TEST_DATABASE_URL is set.
 */
const TAKERS = 200;
const ITEMS = 10;
const mode = onPostgres() ? 'PostgreSQL' : 'PGlite data directory';

let tmp: string;
let env: NodeJS.ProcessEnv;
let day: ExamDay;
let dropDatabase: () => Promise<void> = async () => undefined;
let server: ServerProcess | undefined;

beforeAll(async () => {
  const began = Date.now();
  tmp = mkdtempSync(join(tmpdir(), 'milewide-exam-crash-'));
  const dataDir = join(tmp, 'data');
  if (onPostgres()) {
    const pgDb = await freshDatabase();
    await pgDb.migrate();
    day = await seedExamDay(pgDb, { candidates: TAKERS, items: ITEMS });
    await pgDb.close();
    dropDatabase = pgDb.drop;
    env = cliEnv(dataDir, { DATABASE_URL: pgDb.url!, LOG_LEVEL: 'error' });
  } else {
    const embedded = await openDatabase({ dataDir });
    await embedded.migrate();
    day = await seedExamDay(embedded, { candidates: TAKERS, items: ITEMS });
    await embedded.close();
    env = cliEnv(dataDir, { LOG_LEVEL: 'error' });
  }
  console.log(`[${mode}] seeded ${TAKERS} candidates with sessions, a bank and an exam in ${s(Date.now() - began)} s`);
}, 120_000);

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await dropDatabase();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Sent {
  seq: number;
  optionIds: string[];
}

const s = (ms: number) => (ms / 1000).toFixed(1);

async function call(url: string, session: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { cookie: `mw_session=${session}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe(`exam day crash (${mode})`, () => {
  it('keeps every acknowledged answer and resumes every attempt after SIGKILL', async () => {
    const started = Date.now();
    server = await startServerProcess(env);
    const up = Date.now();
    const url = server.url;

    // Every candidate starts, in parallel.
    const attempts = await Promise.all(
      day.sessions.map(async (session) => {
        const res = await call(url, session, 'POST', `/api/v1/exams/${day.examId}/attempts`);
        expect(res.status).toBe(201);
        return { session, id: res.body.id as string, items: res.body.items as { itemId: string; options: unknown[] }[] };
      }),
    );
    const startedAll = Date.now();

    // Then every candidate answers, one save at a time, changing answers as real candidates do.
    const acked = attempts.map(() => new Map<string, Sent>());
    const inFlight = attempts.map(() => null as (Sent & { itemId: string }) | null);
    let acks = 0;
    let stop = false;
    const answering = attempts.map(async (a, t) => {
      for (let seq = 1; !stop; seq++) {
        const item = a.items[(seq - 1) % a.items.length];
        const sent = { itemId: item.itemId, seq, optionIds: [String(((seq + t) % item.options.length) + 1)] };
        inFlight[t] = sent;
        try {
          const res = await call(url, a.session, 'PUT', `/api/v1/exam-attempts/${a.id}/answers`, sent);
          if (res.status !== 200) throw new Error(`save answered ${res.status}: ${JSON.stringify(res.body)}`);
          expect(res.body).toMatchObject({ seq, status: 'saved', optionIds: sent.optionIds });
          acked[t].set(item.itemId, { seq, optionIds: sent.optionIds });
          inFlight[t] = null;
          acks++;
        } catch (err) {
          if (stop) return; // the server was killed under this request: it was never acknowledged
          throw err;
        }
      }
    });
    // Kill mid-exam, with requests in flight: after a few answers per candidate.
    const target = TAKERS * 2;
    while (acks < target) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    stop = true;
    const killed = await server.exited;
    expect(killed.signal).toBe('SIGKILL');
    await Promise.all(answering);
    const ackedAtKill = acks;
    const killedAt = Date.now();
    const inFlightAtKill = inFlight.filter(Boolean).length;

    // Same data, new process.
    server = await startServerProcess(env);
    const restarted = Date.now();
    let checked = 0;
    await Promise.all(
      attempts.map(async (a, t) => {
        const resumed = await call(server!.url, a.session, 'POST', `/api/v1/exams/${day.examId}/attempts`);
        expect(resumed.status, 'starting again resumes the open attempt').toBe(200);
        expect(resumed.body.id).toBe(a.id);
        const view = (await call(server!.url, a.session, 'GET', `/api/v1/exam-attempts/${a.id}`)).body;
        expect(view.status).toBe('in_progress');
        expect(view.remainingSeconds).toBeGreaterThan(0);
        expect(view.items.map((i: { itemId: string }) => i.itemId)).toEqual(a.items.map((i) => i.itemId));
        const stored = new Map<string, { seq: number; optionIds: string[] }>(view.items.filter((i: { answer: unknown }) => i.answer).map((i: { itemId: string; answer: { seq: number; optionIds: string[] } }) => [i.itemId, i.answer]));
        for (const [itemId, sent] of acked[t]) {
          const now = stored.get(itemId);
          expect(now, `acknowledged answer to ${itemId} of candidate ${t} is missing`).toBeDefined();
          const pending = inFlight[t];
          if (pending && pending.itemId === itemId && now!.seq === pending.seq) {
            // The save in flight at the kill may have committed: then it is stored exactly as sent.
            expect(now!.optionIds).toEqual(pending.optionIds);
          } else {
            expect(now).toMatchObject({ seq: sent.seq, optionIds: sent.optionIds });
          }
          checked++;
        }
        // And the candidate carries on from where the server left them.
        const next = view.lastSeq + 1;
        const more = await call(server!.url, a.session, 'PUT', `/api/v1/exam-attempts/${a.id}/answers`, { itemId: a.items[0].itemId, optionIds: ['1'], seq: next });
        expect(more.body).toMatchObject({ status: 'saved', seq: next });
      }),
    );
    // Nearly every candidate had answers acknowledged before the kill (each sends one save at a time).
    expect(acked.filter((m) => m.size > 0).length).toBeGreaterThan(TAKERS * 0.9);
    const submit = await call(server.url, attempts[0].session, 'POST', `/api/v1/exam-attempts/${attempts[0].id}/submit`);
    expect(submit.status).toBe(200);
    expect(submit.body.total).toBe(ITEMS);
    console.log(
      `[${mode}] server up in ${s(up - started)} s; ${TAKERS} candidates started in ${s(startedAll - up)} s; SIGKILL after ${ackedAtKill} acknowledged saves ` +
        `(${s(killedAt - startedAll)} s of answering) with ${inFlightAtKill} in flight; restart took ${s(restarted - killedAt)} s; all ${TAKERS} attempts resumed and ` +
        `${checked} latest acknowledged answers were checked in ${s(Date.now() - restarted)} s`,
    );
  }, 180_000);
});
