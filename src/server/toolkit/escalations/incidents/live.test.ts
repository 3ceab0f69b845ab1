import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startTestServer, type TestServer } from '../../../../../test/support/server.js';
import { PASSWORD } from '../../../../../test/support/fixtures.js';
import { onPostgres, secondConnection } from '../../../../../test/support/database.js';
import { openSse } from '../../../../../test/support/sse.js';
import { createRuntime, type Runtime } from '../../../runtime.js';
import { binderOrg, publishedProcedure, type BinderOrg } from '../binder/binder.fixtures.js';

/*
 * Live updates over Server-Sent Events, across two app instances: the browser's stream is served
 * by instance B while the change is made through instance A. On PostgreSQL the two instances have
 * their own connection pools and B hears of the change through LISTEN/NOTIFY; on PGlite both share
 * the in-process database and its listen().
 */
let server: TestServer;
let b: Runtime;
let urlB: string;
let org: BinderOrg;
let procedureId: string;

async function cookieFor(email: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

beforeAll(async () => {
  server = await startTestServer();
  org = await binderOrg(server, 'Live IT');
  procedureId = (await publishedProcedure(org)).id;
  const database = await secondConnection(server.runtime.ctx.database);
  b = await createRuntime({ ...server.config }, { database, logger: pino({ level: 'warn' }), jobs: false });
  urlB = await b.built.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await b?.close();
  await server?.close();
});

describe(`live timeline (${onPostgres() ? 'PostgreSQL LISTEN/NOTIFY between two pools' : 'PGlite listen in one process'})`, () => {
  it('sends the timeline so far, then each new event as it happens, to a stream on another instance', async () => {
    const opened = await org.manager.post('/api/v1/incidents', { procedureId, title: 'Clinic link down (live)' });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const stream = await openSse(`${urlB}/api/v1/incidents/${id}/stream`, { cookie: await cookieFor(org.emails.expert) });
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
      const first = await stream.waitFor((e) => e.event === 'timeline');
      expect(first.data).toMatchObject({ kind: 'opened', title: 'Opened by Mara Manager' });
      const posted = Date.now();
      expect((await org.expert.post(`/api/v1/incidents/${id}/status-updates`, { message: 'Carrier says 30 minutes.' })).status).toBe(201);
      const update = await stream.waitFor((e) => e.data?.kind === 'status_update', 5000);
      expect(update.data).toMatchObject({ title: 'Status update from Wes Wan Expert', body: 'Carrier says 30 minutes.' });
      console.log(`Live timeline event reached the other instance's stream ${Date.now() - posted} ms after the update was posted`);
      expect((await org.manager.post(`/api/v1/incidents/${id}/acknowledge`)).status).toBe(200);
      await stream.waitFor((e) => e.data?.kind === 'acknowledged', 5000);
      expect(stream.events.map((e) => Number(e.id))).toEqual([...stream.events.map((e) => Number(e.id))].sort((x, y) => x - y));

      // A reconnecting browser sends Last-Event-ID and gets only what is newer.
      const resumed = await openSse(`${urlB}/api/v1/incidents/${id}/stream?follow=false`, { cookie: await cookieFor(org.emails.expert), 'last-event-id': first.id! });
      await resumed.ended;
      expect(resumed.events.map((e) => e.data.kind)).toEqual(['status_update', 'acknowledged']);
    } finally {
      stream.close();
    }
  });

  it("streams a person's new in-app notifications with the unread count", async () => {
    const cookie = await cookieFor(org.emails.manager);
    const stream = await openSse(`${urlB}/api/v1/me/notifications/stream`, { cookie });
    try {
      const start = await stream.waitFor((e) => e.event === 'unread');
      const before = start.data.unread as number;
      const opened = await org.admin.post('/api/v1/incidents', { procedureId, title: 'Clinic Wi-Fi down (live)' });
      expect((await org.expert.post(`/api/v1/incidents/${opened.body.id}/status-updates`, { message: 'Access points rebooting.' })).status).toBe(201);
      const note = await stream.waitFor((e) => e.event === 'notification', 5000);
      expect(note.data).toMatchObject({ kind: 'incident.status_update', title: 'Status update: Clinic Wi-Fi down (live)', link: `/incidents/${opened.body.id}`, readAt: null, unread: before + 1 });
      const list = await org.manager.get('/api/v1/me/notifications?unread=true');
      expect(list.body.unread).toBe(before + 1);
      expect((await org.manager.post(`/api/v1/me/notifications/${note.data.id}/read`)).body.readAt).not.toBeNull();
      expect((await org.manager.get('/api/v1/me/notifications')).body.unread).toBe(before);
      // Someone else's notification looks like one that does not exist.
      expect((await org.learner.post(`/api/v1/me/notifications/${note.data.id}/read`)).status).toBe(404);
      expect((await org.manager.post('/api/v1/me/notifications/read-all')).status).toBe(200);
      expect((await org.manager.get('/api/v1/me/notifications')).body.unread).toBe(0);
    } finally {
      stream.close();
    }
  });

  it('refuses a stream to whoever may not see the incident, and ends open streams when the instance shuts down', async () => {
    const opened = await org.manager.post('/api/v1/incidents', { procedureId, title: 'Clinic printers (live)' });
    const learner = await openSse(`${urlB}/api/v1/incidents/${opened.body.id}/stream`, { cookie: await cookieFor(org.emails.learner) });
    expect(learner.status).toBe(404);
    const anonymous = await openSse(`${urlB}/api/v1/incidents/${opened.body.id}/stream`);
    expect(anonymous.status).toBe(401);
    const stream = await openSse(`${urlB}/api/v1/incidents/${opened.body.id}/stream`, { cookie: await cookieFor(org.emails.manager) });
    await stream.waitFor((e) => e.event === 'timeline');
    const closing = Date.now();
    await b.close();
    await stream.ended;
    expect(Date.now() - closing).toBeLessThan(10_000);
  });
});
