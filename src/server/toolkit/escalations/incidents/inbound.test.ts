import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { binderOrg, publishedProcedure, type BinderOrg } from '../binder/binder.fixtures.js';
import { signInbound } from './inbound.js';

/*
 * The inbound webhook a monitoring tool calls, over real HTTP, signed exactly as
 * docs/users/live-incidents.md tells a sender to sign.
 */
let server: TestServer;
let org: BinderOrg;
let procedureId: string;
let secret: string;
let url: string;

beforeAll(async () => {
  server = await startTestServer();
  org = await binderOrg(server, 'Inbound IT');
  procedureId = (await publishedProcedure(org)).id;
  const made = await org.admin.post('/api/v1/incident-settings/inbound-secret');
  expect(made.status).toBe(201);
  secret = made.body.secret;
  url = `${server.url}/api/v1/incidents/inbound/${org.orgId}`;
  expect(made.body.inboundUrl).toBe(url);
});
afterAll(async () => server?.close());

const now = () => String(Math.floor(Date.now() / 1000));

async function send(body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

function signed(payload: unknown, opts: { timestamp?: string; key?: string } = {}) {
  const body = JSON.stringify(payload);
  const timestamp = opts.timestamp ?? now();
  return { body, headers: { 'x-milewide-timestamp': timestamp, 'x-milewide-signature': signInbound(opts.key ?? secret, timestamp, body) } };
}

const total = async () => (await org.admin.get('/api/v1/incidents')).body.total as number;

describe('inbound webhook from a monitoring tool', () => {
  it('opens an incident from a procedure id, or from the situation key, when signed with the secret', async () => {
    const byId = signed({ procedureId, title: 'Clinic router unreachable', details: 'ICMP loss 100% for 5 minutes', externalRef: 'ALERT-881', requestId: 'evt-1' });
    const res = await send(byId.body, byId.headers);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.url).toBe(`${server.url}/incidents/${res.body.incidentId}`);
    const incident = (await org.admin.get(`/api/v1/incidents/${res.body.incidentId}`)).body;
    expect(incident).toMatchObject({ title: 'Clinic router unreachable', source: 'webhook', externalRef: 'ALERT-881', openedByName: 'Monitoring (inbound webhook)', state: 'open' });
    expect(incident.timers.filter((t: { key: string }) => t.key.startsWith('step:'))).toHaveLength(3);

    const bySituation = signed({ situation: 'site-connectivity', requestId: 'evt-2' });
    const res2 = await send(bySituation.body, bySituation.headers);
    expect(res2.status).toBe(201);
    expect((await org.admin.get(`/api/v1/incidents/${res2.body.incidentId}`)).body.procedureId).toBe(procedureId);
    const audit = await org.admin.get('/api/v1/admin/audit?entityType=incident');
    expect(audit.body.items.find((a: { entityId: string }) => a.entityId === res2.body.incidentId)).toMatchObject({ action: 'incident.open', actorEmail: 'system' });
  });

  it('refuses unsigned, wrongly signed and stale requests with 401 and says what to send', async () => {
    const before = await total();
    const payload = JSON.stringify({ procedureId });
    const unsigned = await send(payload, {});
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.message).toMatch(/^The request is not signed\. Send x-milewide-timestamp: <Unix time in seconds> and x-milewide-signature: sha256=/);

    const wrongKey = signed({ procedureId }, { key: 'not-the-secret' });
    const bad = await send(wrongKey.body, wrongKey.headers);
    expect(bad.status).toBe(401);
    expect(bad.body.error.message).toMatch(/does not match/);

    const good = signed({ procedureId, requestId: 'evt-tamper' });
    const tampered = await send(good.body.replace('evt-tamper', 'evt-tampered'), good.headers);
    expect(tampered.status).toBe(401);

    const stale = signed({ procedureId }, { timestamp: String(Math.floor(Date.now() / 1000) - 600) });
    const old = await send(stale.body, stale.headers);
    expect(old.status).toBe(401);
    expect(old.body.error.message).toMatch(/is 60\d s away from the server's clock \(at most 300 s allowed\)/);

    const notANumber = await send(payload, { 'x-milewide-timestamp': 'yesterday', 'x-milewide-signature': 'sha256=00' });
    expect(notANumber.status).toBe(401);
    expect(notANumber.body.error.message).toMatch(/must be the Unix time in whole seconds/);
    expect(await total()).toBe(before);
  });

  it('refuses a replayed request with 409, whether it carries a requestId or not', async () => {
    const withId = signed({ procedureId, requestId: 'evt-replay' });
    expect((await send(withId.body, withId.headers)).status).toBe(201);
    const before = await total();
    const replay = await send(withId.body, withId.headers);
    expect(replay.status).toBe(409);
    expect(replay.body.error.message).toMatch(/^This request was already received \(requestId "evt-replay"\) at .*; a replayed request opens nothing\./);
    // Re-signed with a new timestamp but the same requestId: still the same alert.
    await new Promise((r) => setTimeout(r, 1100));
    const resigned = signed({ procedureId, requestId: 'evt-replay' });
    expect((await send(resigned.body, resigned.headers)).status).toBe(409);

    const noId = signed({ procedureId, title: 'No request id' });
    expect((await send(noId.body, noId.headers)).status).toBe(201);
    expect((await send(noId.body, noId.headers)).status).toBe(409);
    // Two copies at once: one incident.
    const race = signed({ procedureId, requestId: 'evt-race' });
    const both = await Promise.all([send(race.body, race.headers), send(race.body, race.headers)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await total()).toBe(before + 2);
  });

  it('answers a signed but invalid body with 400, an unknown situation with 404, and a disabled webhook with 404', async () => {
    const both = signed({ procedureId, situation: 'email-outage' });
    const r1 = await send(both.body, both.headers);
    expect(r1.status).toBe(400);
    expect(r1.body.error.fields).toContainEqual({ path: 'body.procedureId', message: 'send exactly one of procedureId or situation' });
    const notJson = { body: '{"procedureId":', timestamp: now() };
    const r2 = await send(notJson.body, { 'x-milewide-timestamp': notJson.timestamp, 'x-milewide-signature': signInbound(secret, notJson.timestamp, notJson.body) });
    expect(r2.status).toBe(400);
    expect(r2.body.error.code).toBe('malformed_json');
    const unknown = signed({ situation: 'volcano' });
    const r3 = await send(unknown.body, unknown.headers);
    expect(r3.status).toBe(404);
    expect(r3.body.error.message).toBe('A published procedure for the situation "volcano" was not found');
    const elsewhere = signed({ procedureId: '00000000-0000-4000-8000-000000000000' });
    expect((await send(elsewhere.body, elsewhere.headers)).status).toBe(404);

    expect((await org.admin.delete('/api/v1/incident-settings/inbound-secret')).body.inboundEnabled).toBe(false);
    const off = signed({ procedureId, requestId: 'evt-off' });
    const r4 = await send(off.body, off.headers);
    expect(r4.status).toBe(404);
    expect(r4.body.error.message).toBe('An inbound incident webhook for this organisation was not found');
    // Only admins manage the secret.
    expect((await org.manager.post('/api/v1/incident-settings/inbound-secret')).status).toBe(403);
  });
});
