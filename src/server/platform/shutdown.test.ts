import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, runCli, startServerProcess, type ServerProcess } from '../../../test/support/cli.js';
import { HttpClient } from '../../../test/support/http.js';
import { waitUntil } from '../../../test/support/wait.js';
import { LOCK_FILE } from '../cli/data-dir-lock.js';

const PASSWORD = 'correct-horse-battery';
// Enough sign-ins that, hashed one at a time, some are still running when SIGTERM arrives even on a fast machine.
const LOGINS = 24;
let tmp: string;
let dataDir: string;
let server: ServerProcess | undefined;

const count = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line)).length;
const loginReceived = /"url":"\/api\/v1\/auth\/login".*"msg":"incoming request"/;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'milewide-shutdown-'));
  dataDir = join(tmp, 'data');
  const created = await runCli(['create-admin', '--org', 'Shutdown IT', '--name', 'Sam Shutdown', '--email', 'sam@shutdown.test', '--password', PASSWORD], cliEnv(dataDir));
  expect(created.code, created.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('milewide start as a process', () => {
  it('starts on an existing data directory and reports how long it took', async () => {
    // One libuv thread makes password hashing queue up, so that sign-ins are still running at SIGTERM below.
    server = await startServerProcess(cliEnv(dataDir, { LOG_LEVEL: 'debug', UV_THREADPOOL_SIZE: '1', MILEWIDE_AUTH_RATE_PER_MINUTE: '1000' }));
    const reported = /ready in ([\d.]+) s/.exec(server.output())?.[1];
    expect(reported).toBeDefined();
    console.log(`Cold start on an existing data directory: ${server.startupMs} ms from spawn to "Milewide is running" (the server reports ${reported} s after loading)`);
    const ready = await new HttpClient(server.url).get('/readyz');
    expect(ready.status).toBe(200);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
  }, 120_000);

  it('on SIGTERM finishes the sign-ins in flight with 200, prints "Stopped." and exits 0', async () => {
    const s = server!;
    let answered = 0;
    const logins = Array.from({ length: LOGINS }, () =>
      new HttpClient(s.url).post('/api/v1/auth/login', { email: 'sam@shutdown.test', password: PASSWORD }).then((res) => {
        answered++;
        return res.status;
      }),
    );
    await waitUntil('every sign-in to reach the server', async () => count(s.output(), loginReceived) >= LOGINS, 30_000, 5);
    // Judged from the client's side: sign-ins still unanswered when SIGTERM is sent were in flight.
    const answeredAtSigterm = answered;
    s.child.kill('SIGTERM');
    expect(answeredAtSigterm, 'some sign-ins must still be running when SIGTERM is sent').toBeLessThan(LOGINS);
    expect(await Promise.all(logins)).toEqual(Array(LOGINS).fill(200));
    await s.waitForOutput('SIGTERM received');
    const { code, signal } = await s.exited;
    const output = s.output();
    expect(output).toContain('Stopped.');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 120_000);
});
