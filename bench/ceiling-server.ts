// The ceiling: a bare node:http server doing the same database work as GET /api/v1/me and
// GET /api/v1/people?limit=50, with no framework, validation, logging or security headers.
// Started as a child process by bench/ceiling.ts: BENCH_DATABASE_URL (pg) or BENCH_DATA_DIR (PGlite), PORT.
import { createServer, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/server/db/client.js';

type Query = (text: string, values: unknown[]) => Promise<Record<string, any>[]>;

async function connect(): Promise<{ query: Query; close(): Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    // The same pool size as the app's default (src/server/db/client.ts).
    const pool = new pg.Pool({ connectionString: url, max: 20 });
    return { query: async (text, values) => (await pool.query(text, values)).rows, close: () => pool.end() };
  }
  // Opened as the app opens it, so both run with the same PGlite settings; queries go to PGlite directly.
  const client = (await openDatabase({ dataDir: process.env.BENCH_DATA_DIR! })).pglite!;
  return { query: async (text, values) => (await client.query<Record<string, any>>(text, values)).rows, close: () => client.close() };
}

const SESSION = `select p.id, p.org_id from sessions s join people p on p.id = s.person_id
  where s.token_hash = $1 and s.expires_at > now() and p.status = 'active'`;

const PERSON_COLUMNS = `p.id, p.email, p.name, p.team_id, t.name as team_name, p.manager_id, m.name as manager_name,
  p.career_level, p.job_role, p.roles, p.status, p.password_hash is not null as has_password,
  (select count(*)::int from people r where r.manager_id = p.id and r.status = 'active') as direct_report_count`;

const ME = `select ${PERSON_COLUMNS}, o.name as organisation_name from people p
  left join teams t on t.id = p.team_id left join people m on m.id = p.manager_id
  join organisations o on o.id = p.org_id where p.id = $1`;

const LIST = `select ${PERSON_COLUMNS} from people p
  left join teams t on t.id = p.team_id left join people m on m.id = p.manager_id
  where p.org_id = $1 order by p.name, p.id limit $2 offset $3`;

const COUNT = `select count(*)::int as n from people where org_id = $1`;

function view(r: Record<string, any>) {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    teamId: r.team_id,
    teamName: r.team_name,
    managerId: r.manager_id,
    managerName: r.manager_name,
    careerLevel: r.career_level,
    jobRole: r.job_role,
    roles: r.roles,
    status: r.status === 'deactivated' ? 'deactivated' : r.has_password ? 'active' : 'invited',
    directReportCount: r.direct_report_count,
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function sessionToken(cookie: string | undefined): string | undefined {
  return cookie?.split(/;\s*/).find((c) => c.startsWith('mw_session='))?.slice('mw_session='.length);
}

const { query, close } = await connect();
const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
    const token = sessionToken(req.headers.cookie);
    const [actor] = token ? await query(SESSION, [createHash('sha256').update(token).digest('hex')]) : [];
    if (!actor) return send(res, 401, { error: 'unauthenticated' });
    if (url.pathname === '/api/v1/me') {
      const [row] = await query(ME, [actor.id]);
      return send(res, 200, { ...view(row), orgId: actor.org_id, organisationName: row.organisation_name });
    }
    if (url.pathname === '/api/v1/people') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 200);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const [rows, [count]] = await Promise.all([query(LIST, [actor.org_id, limit, offset]), query(COUNT, [actor.org_id])]);
      return send(res, 200, { items: rows.map(view), total: count.n, limit, offset });
    }
    send(res, 404, { error: 'not_found' });
  } catch (err) {
    send(res, 500, { error: (err as Error).message });
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`listening on ${process.env.PORT}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void close().then(() => process.exit(0)));
});
