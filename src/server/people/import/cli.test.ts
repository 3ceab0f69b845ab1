import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client.js';
import { people } from '../../identity/schema.js';
import { auditLog } from '../../audit/schema.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const HEADER = 'email,name,team,manager_email,career_level,job_role,roles';

let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process against an embedded database in a temporary directory. */
function milewide(...args: string[]): Promise<Run> {
  const env = { ...process.env, MILEWIDE_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'warn' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/milewide.js', ...args], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'milewide-import-cli-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('milewide import-people', () => {
  it('checks, dry-runs, imports with progress and re-imports without duplicates; exit code 1 on errors', async () => {
    const admin = await milewide('create-admin', '--org', 'Cli Imports', '--name', 'Cli Admin', '--email', 'admin@cli-imports.test', '--password', 'correct-horse-battery');
    expect(admin.stderr).toBe('');
    expect(admin.code).toBe(0);

    const bad = join(dir, 'bad.csv');
    await writeFile(bad, `${HEADER}\nfirst@cli-imports.test,First,Ops,,,,\nsecond@cli-imports.test,Second,Ops,missing@cli-imports.test,,,chief\n`);
    const refused = await milewide('import-people', bad, '--org', 'cli-imports');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Validating 2 rows...');
    expect(refused.stderr).toMatch(/line 3\.manager_email: no person with the e-mail missing@cli-imports\.test/);
    expect(refused.stderr).toMatch(/line 3\.roles: unknown role "chief"/);
    expect(refused.stderr).toMatch(/Error: 2 problems found in .*bad\.csv; nothing was imported\./);

    const lines = [HEADER, 'lead@cli-imports.test,Lead Person,Platform,admin@cli-imports.test,IT manager,Platform manager,learner;mentor'];
    for (let i = 0; i < 599; i++) lines.push(`engineer${i}@cli-imports.test,Engineer ${i},Platform,lead@cli-imports.test,,Engineer,`);
    const good = join(dir, 'people.csv');
    await writeFile(good, lines.join('\r\n'));

    const dry = await milewide('import-people', good, '--org', 'cli-imports', '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Validating 600 rows...');
    expect(dry.stdout).toContain('Dry run: would create 600, update 0 and leave 0 unchanged. New teams: Platform. Nothing was written.');
    expect(dry.stdout).not.toContain('Writing');

    const real = await milewide('import-people', good, '--org', 'cli-imports');
    expect(real.stderr).toBe('');
    expect(real.code).toBe(0);
    expect(real.stdout.split('\n')).toEqual([
      'Validating 600 rows...',
      'Writing: 250/600',
      'Writing: 500/600',
      'Writing: 600/600',
      'Imported into "Cli Imports": 600 created, 0 updated, 0 unchanged, 1 team created.',
      '',
    ]);

    await writeFile(good, lines.map((l) => l.replace('Engineer 7,', 'Engineer Seven,')).join('\n'));
    const again = await milewide('import-people', good, '--org', 'cli-imports');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Imported into "Cli Imports": 0 created, 1 updated, 599 unchanged, 0 teams created.');

    const unknownOrg = await milewide('import-people', good, '--org', 'no-such-org');
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.stderr).toContain('No organisation has the slug "no-such-org". Known organisations: cli-imports.');

    const missing = await milewide('import-people', join(dir, 'nope.csv'), '--org', 'cli-imports');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no file at');

    const database = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      const lead = (await database.db.select().from(people).where(eq(people.email, 'lead@cli-imports.test')))[0];
      const seven = (await database.db.select().from(people).where(eq(people.email, 'engineer7@cli-imports.test')))[0];
      expect(seven).toMatchObject({ name: 'Engineer Seven', managerId: lead.id, teamId: lead.teamId });
      const audits = await database.db.select().from(auditLog).where(eq(auditLog.entityId, seven.id));
      expect(audits.map((a) => [a.action, a.actorEmail, a.actorId, a.orgId])).toEqual([
        ['person.import_create', 'system', null, lead.orgId],
        ['person.import_update', 'system', null, lead.orgId],
      ]);
    } finally {
      await database.close();
    }
  }, 300_000);
});
