import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, runCli } from '../../../test/support/cli.js';

// The database and a backup hold password hashes and the outbox, whose messages carry live invitation and reset links.
let tmp: string;
let dataDir: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'milewide-backup-mode-'));
  dataDir = join(tmp, 'data');
  const admin = await runCli(['create-admin', '--org', 'Mode Test IT', '--name', 'Mo Mode', '--email', 'mo@mode.test', '--password', 'correct-horse-battery'], cliEnv(dataDir));
  expect(admin.code).toBe(0);
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('permissions of the embedded database and its backups', () => {
  it('keeps the data directory closed to other users of the machine', () => {
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  });

  it('writes the archive readable by its owner only, whatever the umask', async () => {
    const archive = join(tmp, 'private.tar.gz');
    const backup = await runCli(['backup', archive], cliEnv(dataDir));
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect((statSync(archive).mode & 0o777).toString(8)).toBe('600');
  }, 180_000);
});
