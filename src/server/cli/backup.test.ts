import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import pino from 'pino';
import { asc } from 'drizzle-orm';
import { cliEnv, runCli, startServerProcess } from '../../../test/support/cli.js';
import { HttpClient } from '../../../test/support/http.js';
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../config.js';
import { createRuntime } from '../runtime.js';
import { people } from '../identity/schema.js';
import { organisations } from '../org/schema.js';
import { LOCK_FILE } from './data-dir-lock.js';

// Every command here is a real `milewide` process on a real embedded data directory.
const PASSWORD = 'correct-horse-battery';
let tmp: string;
let dataDir: string;
let archive: string;

async function contents(db: Awaited<ReturnType<typeof openDatabase>>) {
  const orgs = await db.db.select({ name: organisations.name, slug: organisations.slug }).from(organisations).orderBy(asc(organisations.slug));
  const persons = await db.db.select({ email: people.email, name: people.name, roles: people.roles }).from(people).orderBy(asc(people.email));
  return { orgs, persons };
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'milewide-backup-'));
  dataDir = join(tmp, 'data');
  archive = join(tmp, 'milewide.tar.gz');
  const env = cliEnv(dataDir);
  const admin = await runCli(['create-admin', '--org', 'Backup Test IT', '--name', 'Bea Backup', '--email', 'bea@backup.test', '--password', PASSWORD], env);
  expect(admin.stderr).toBe('');
  expect(admin.code).toBe(0);
  const demo = await runCli(['demo'], env);
  expect(demo.code).toBe(0);
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('milewide backup and restore (embedded database)', () => {
  it('backs up, restores into a new directory, and the restored data serves the same people', async () => {
    const backup = await runCli(['backup', archive], cliEnv(dataDir));
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/written [\d.]+ [KM]?B of [\d.]+ [KM]?B \([\d.]+ s\)/);
    const size = statSync(archive).size;
    expect(backup.stdout).toMatch(new RegExp(`Backup written to .*milewide\\.tar\\.gz: ${(size / 1024 / 1024).toFixed(1)} MB in [\\d.]+ s`));
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(existsSync(`${archive}.partial`)).toBe(false);

    const restoredDir = join(tmp, 'restored');
    const restore = await runCli(['restore', archive], cliEnv(restoredDir));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(existsSync(join(restoredDir, LOCK_FILE))).toBe(false);

    const original = await openDatabase({ dataDir });
    const before = await contents(original);
    await original.close();
    expect(before.orgs.map((o) => o.name)).toContain('Backup Test IT');
    expect(before.persons.length).toBeGreaterThan(5);
    expect(restore.stdout).toContain(`Restored ${before.orgs.length} organisation(s) and ${before.persons.length} people`);

    const runtime = await createRuntime(loadConfig({}, { dataDir: restoredDir, demo: false }), { logger: pino({ level: 'warn' }) });
    try {
      expect(await contents(runtime.ctx.database)).toEqual(before);
      const url = await runtime.built.app.listen({ host: '127.0.0.1', port: 0 });
      const client = new HttpClient(url);
      await client.login('bea@backup.test', PASSWORD);
      const listed = await client.get('/api/v1/people?limit=100');
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((p: { email: string }) => p.email)).toEqual(['bea@backup.test']);
    } finally {
      await runtime.close();
    }
  }, 180_000);

  it('refuses to restore over a non-empty directory unless --force, which keeps the old one aside', async () => {
    const listing = readdirSync(dataDir).sort();
    const refused = await runCli(['restore', archive], cliEnv(dataDir));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty \(it holds a database\)\. Add --force/);
    expect(readdirSync(dataDir).sort()).toEqual(listing);

    const forced = await runCli(['restore', archive, '--force'], cliEnv(dataDir));
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    const aside = readdirSync(tmp).filter((n) => n.startsWith('data.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(forced.stdout).toContain(`previous data directory was kept in ${join(tmp, aside[0])}`);
    expect(readdirSync(join(tmp, aside[0])).sort()).toEqual(listing);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  }, 180_000);

  it('refuses to back up a directory a running server holds, and ignores a stale claim', async () => {
    const server = await startServerProcess(cliEnv(dataDir));
    try {
      const claim = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'));
      expect(claim).toMatchObject({ pid: server.child.pid, command: 'server' });
      const busy = join(tmp, 'while-running.tar.gz');
      const refused = await runCli(['backup', busy], cliEnv(dataDir));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`is in use by a running Milewide server (pid ${server.child.pid}`);
      expect(refused.stderr).toMatch(/Stop that process first .* then run the backup again/);
      expect(existsSync(busy)).toBe(false);
      const second = await runCli(['start', '--no-demo'], cliEnv(dataDir, { PORT: '0' }));
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/one process at a time/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    // A server killed outright leaves its claim behind; a dead pid must not block the next backup.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: Number(dead), hostname: hostname(), command: 'server', startedAt: '2020-01-01T00:00:00Z' }));
    const after = await runCli(['backup', join(tmp, 'after-crash.tar.gz')], cliEnv(dataDir));
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
  }, 240_000);

  it('answers bad input with a message and leaves files alone', async () => {
    const existing = await runCli(['backup', archive], cliEnv(dataDir));
    expect(existing.code).toBe(1);
    expect(existing.stderr).toMatch(/already exists\. Choose another name, or add --force/);
    const notGzip = join(tmp, 'notes.tar.gz');
    writeFileSync(notGzip, 'these are not the bytes of a backup');
    const bad = await runCli(['restore', notGzip], cliEnv(join(tmp, 'empty')));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not a gzip archive/);
    expect(existsSync(join(tmp, 'empty'))).toBe(false);
  }, 120_000);

  it('in PostgreSQL mode points to pg_dump and pg_restore and exits 2', async () => {
    const env = cliEnv(dataDir, { DATABASE_URL: 'postgres://milewide@127.0.0.1:5432/milewide' });
    const backup = await runCli(['backup', join(tmp, 'pg.tar.gz')], env);
    expect(backup.code).toBe(2);
    expect(backup.stdout).toMatch(/pg_dump --format=custom/);
    const restore = await runCli(['restore', archive], env);
    expect(restore.code).toBe(2);
    expect(restore.stdout).toMatch(/pg_restore /);
  }, 120_000);
});
