import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { freshDatabase } from '../../../test/support/database.js';
import { HttpClient } from '../../../test/support/http.js';
import { loadConfig } from '../config.js';
import { createRuntime, type Runtime } from '../runtime.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let runtime: Runtime;
let client: HttpClient;
let databaseClosed = false;

beforeAll(async () => {
  db = await freshDatabase();
  // The test closes the database under the running app; the runtime's own close must not close it twice.
  const closeOnce = async () => {
    if (databaseClosed) return;
    databaseClosed = true;
    await db.close();
  };
  runtime = await createRuntime(loadConfig({}, { demo: false }), { database: { ...db, close: closeOnce }, logger: pino({ level: 'silent' }) });
  client = new HttpClient(await runtime.built.app.listen({ host: '127.0.0.1', port: 0 }));
});

afterAll(async () => {
  await runtime?.close();
  await db?.drop();
});

describe('health checks', () => {
  it('/healthz says the process is alive and /readyz that the database answers', async () => {
    const live = await client.get('/healthz');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await client.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
    expect(ready.headers.get('set-cookie')).toBeNull();
  });

  it('/readyz answers 503 with the reason once the database is gone, while /healthz stays 200', async () => {
    await runtime.ctx.jobs.stop(); // its workers would only log errors against the closed database
    await runtime.ctx.database.close();
    const ready = await client.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('unavailable');
    expect(ready.body.reason).toMatch(/\S/);
    expect((await client.get('/healthz')).status).toBe(200);
  });
});
