import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type Access, type Permission } from '../../src/server/access/policy.js';
import { loadConfig } from '../../src/server/config.js';
import { createRuntime } from '../../src/server/runtime.js';
import { freshDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ROUTE_SAMPLES, type RouteSample } from './route-samples.js';
import { createWalkFixtures, WHO, type WalkFixtures, type Who } from './walk-fixtures.js';

const KNOWN_ACCESS = new Set<string>(['public', 'signed-in', ...PERMISSIONS]);

let server: TestServer;
let fixtures: WalkFixtures;
let apiRoutes: { method: string; url: string; access: string | undefined }[];

beforeAll(async () => {
  // Each call comes from its own address (trusted X-Forwarded-For) so that per-address rate
  // limits on sign-in and reset routes never stand in for the access decision under test.
  server = await startTestServer({ trustProxy: true });
  apiRoutes = server.runtime.built.routes.filter((r) => r.url.startsWith('/api/v1'));
  fixtures = await createWalkFixtures(server);
  // Two organisations, people for every role, invitations and learning records: a minute or more on a busy machine.
}, 180_000);
afterAll(async () => server?.close());

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const paramNames = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]);

type Expectation = { kind: 'allowed'; ok: number[] } | { kind: 'denied'; status: 401 | 403 | 404; code: string };

/** What the route's access rule, decided by the policy itself, says this caller must get. */
function expectationFor(access: Access, url: string, who: Who, sample: RouteSample): Expectation {
  const actor = fixtures.actors[who];
  if (access === 'public') return { kind: 'allowed', ok: sample.ok ?? [200] };
  if (!actor) return { kind: 'denied', status: 401, code: 'unauthenticated' };
  const permitted = access === 'signed-in' || can(actor, access as Permission);
  if (!permitted) return { kind: 'denied', status: 403, code: 'forbidden' };
  // Relational rules (manager of this person, owner of this note) decide per caller.
  const special = sample.byCaller?.[who];
  if (special) return Array.isArray(special) ? { kind: 'allowed', ok: special } : { kind: 'denied', status: special.denied, code: special.denied === 403 ? 'forbidden' : 'not_found' };
  // Another organisation's records must look exactly like missing ones.
  if (who === 'otherAdmin' && paramNames(url).length > 0) return { kind: 'denied', status: 404, code: 'not_found' };
  return { kind: 'allowed', ok: sample.ok ?? [200] };
}

async function call(route: { method: string; url: string }, who: Who, sample: RouteSample, n: number) {
  const params = sample.params?.(fixtures, who) ?? {};
  let path = route.url.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name]));
  if (sample.query) path += `?${sample.query(fixtures, who)}`;
  const headers: Record<string, string> = { 'x-forwarded-for': `10.${Math.floor(n / 250) % 250}.${n % 250}.${WHO.indexOf(who) + 1}` };
  const session = fixtures.sessions[who];
  if (session) headers.cookie = `mw_session=${session}`;
  const body = sample.body?.(fixtures, who, n);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method: route.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code, text: text.slice(0, 300), path };
}

describe('route registry', () => {
  it('lists every /api/v1 route with a known access rule', () => {
    expect(apiRoutes.length).toBeGreaterThan(20);
    const unruled = apiRoutes.filter((r) => !r.access || !KNOWN_ACCESS.has(r.access)).map((r) => `${keyOf(r)} (access: ${String(r.access)})`);
    expect(unruled, 'routes without a valid access rule').toEqual([]);
  });

  it('refuses to register an /api/v1 route that has no access rule', async () => {
    const database = await freshDatabase();
    const runtime = await createRuntime(loadConfig({}, { demo: false, logLevel: 'silent' }), { database, jobs: false });
    try {
      expect(() => runtime.built.app.get('/api/v1/unguarded', async () => ({ open: true }))).toThrow(/GET \/api\/v1\/unguarded has no access rule/);
    } finally {
      await runtime.close();
      await database.drop();
    }
  });

  it('has a sample call for every /api/v1 route, with every path parameter filled', () => {
    const missing = apiRoutes.filter((r) => !ROUTE_SAMPLES[keyOf(r)]).map(keyOf);
    expect(missing, `add these routes to ROUTE_SAMPLES in test/authz/route-samples.ts: ${missing.join(', ')}`).toEqual([]);
    const unfilled = apiRoutes.flatMap((r) => {
      const sample = ROUTE_SAMPLES[keyOf(r)];
      return paramNames(r.url)
        .filter((name) => WHO.some((who) => !sample.params?.(fixtures, who)?.[name]))
        .map((name) => `${keyOf(r)} :${name}`);
    });
    expect(unfilled, 'path parameters without a real id in ROUTE_SAMPLES').toEqual([]);
  });
});

describe('authorisation walk', () => {
  it('answers every route, for every kind of caller, as its access rule says', async () => {
    const failures: string[] = [];
    const exercised = new Set<string>();
    let n = 0;
    for (const route of apiRoutes) {
      const sample = ROUTE_SAMPLES[keyOf(route)];
      if (!sample) continue; // reported by the registry test above
      for (const who of WHO) {
        n += 1;
        const expected = expectationFor(route.access as Access, route.url, who, sample);
        const got = await call(route, who, sample, n);
        if (sample.signsOut) await fixtures.renewSession(who);
        exercised.add(keyOf(route));
        const where = `${route.method} ${got.path} as ${who} (access ${route.access})`;
        if (got.status >= 500) failures.push(`${where}: ${got.status} server error ${got.text}`);
        else if (expected.kind === 'denied' && (got.status !== expected.status || got.code !== expected.code)) {
          failures.push(`${where}: expected ${expected.status} ${expected.code}, got ${got.status} ${got.text}`);
        } else if (expected.kind === 'allowed' && !expected.ok.includes(got.status)) {
          failures.push(`${where}: expected ${expected.ok.join('/')}, got ${got.status} ${got.text}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect([...exercised].sort()).toEqual(apiRoutes.map(keyOf).sort());
    // Every route times seven callers, one after another: several minutes when the machine is busy.
  }, 600_000);

  it('sees the rule, not the caller, decide: an org admin is allowed what a learner is refused', () => {
    // Guards the walk itself: if every caller were equal the walk above would prove nothing.
    const permissionRoutes = apiRoutes.filter((r) => r.access !== 'public' && r.access !== 'signed-in');
    expect(permissionRoutes.length).toBeGreaterThan(0);
    for (const r of permissionRoutes) {
      expect(can(fixtures.actors.admin, r.access as Permission), keyOf(r)).toBe(true);
      expect(can(fixtures.actors.learner, r.access as Permission), keyOf(r)).toBe(false);
    }
  });
});
