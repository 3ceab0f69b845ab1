// The ceiling for exam day: a bare node:http server that saves answers with the same database
// work as PUT /api/v1/exam-attempts/:id/answers (session lookup by SHA-256 hash, then the one save
// statement, both prepared), with no framework, validation library, logging or security headers.
// Started as a child process: BENCH_DATABASE_URL (pg) or BENCH_DATA_DIR (PGlite), PORT.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { openDatabase } from '../src/server/db/client.js';
import { runPrepared, type PreparedSql } from '../src/server/db/prepared.js';
import { SAVE_ANSWER, displayIds } from '../src/server/assess/exams/answers.js';

const SESSION: PreparedSql = {
  name: 'ceiling_session',
  types: ['text'],
  text: `select p.id, p.org_id from sessions s join people p on p.id = s.person_id
    where s.token_hash = $1 and s.expires_at > now() and p.status = 'active'`,
};

const database = await openDatabase(process.env.BENCH_DATABASE_URL ? { databaseUrl: process.env.BENCH_DATABASE_URL, poolSize: 20 } : { dataDir: process.env.BENCH_DATA_DIR! });
const db = database.db;

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

const ANSWER_PATH = /^\/api\/v1\/exam-attempts\/([0-9a-f-]{36})\/answers$/;

interface SaveRow {
  status: string | null;
  in_time: boolean | null;
  remaining: number | null;
  option_order: string[] | null;
  chosen: string[] | null;
  seq: number | null;
  answered_at: Date | null;
}

const server = createServer(async (req, res) => {
  try {
    if (req.url === '/healthz') return send(res, 200, { status: 'ok' });
    const match = ANSWER_PATH.exec(req.url ?? '');
    if (req.method !== 'PUT' || !match) return send(res, 404, { error: 'not_found' });
    const token = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith('mw_session='))?.slice('mw_session='.length);
    const [actor] = token ? await runPrepared<{ id: string }>(db, SESSION, [createHash('sha256').update(token).digest('hex')]) : [];
    if (!actor) return send(res, 401, { error: 'unauthenticated' });
    const body = JSON.parse(await readBody(req)) as { itemId: string; optionIds: string[]; seq: number };
    const [row] = await runPrepared<SaveRow>(db, SAVE_ANSWER, [match[1], actor.id, body.itemId, body.optionIds.map(Number), body.seq]);
    if (!row.status) return send(res, 404, { error: 'not_found' });
    if (!row.in_time) return send(res, 409, { error: 'time_is_up' });
    const seq = Number(row.seq ?? 0);
    send(res, 200, {
      itemId: body.itemId,
      optionIds: displayIds(row.option_order!, row.chosen),
      seq,
      savedAt: row.answered_at,
      status: seq === body.seq ? 'saved' : 'stale',
      remainingSeconds: Math.max(0, Math.floor(Number(row.remaining ?? 0))),
    });
  } catch (err) {
    send(res, 500, { error: (err as Error).message });
  }
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`listening on ${process.env.PORT}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void database.close().then(() => process.exit(0)));
});
