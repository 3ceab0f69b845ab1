import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMALL_PACK_DIR, zipOf } from '../../../test/support/packs.js';
import { readPackFolder } from '../content/pack/read-files.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI in a child process, on an embedded database in a temporary directory. */
function milewide(...args: string[]): Promise<Run> {
  const env = { ...process.env, MILEWIDE_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'warn' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/milewide.js', ...args], { cwd: ROOT, env, timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'milewide-pack-cli-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('milewide pack', () => {
  it('validates a folder or zip without a database, reporting problems as file:line', async () => {
    const ok = await milewide('pack', 'validate', SMALL_PACK_DIR);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Read 7 pack files. Validating...');
    expect(ok.stdout).toContain('is valid: "Small test pack" 1.0.0 with 3 lessons, 1 learning path, 2 tips and a career framework.');

    const broken = join(dir, 'broken');
    await cp(SMALL_PACK_DIR, broken, { recursive: true });
    const lesson = join(broken, 'lessons/people/a02-handing-work-over.md');
    await writeFile(lesson, (await readFile(lesson, 'utf8')).replace('minutes: 20', 'minutes: 2').replace('competencies: [delegation]', 'competencies: [delegation, juggling]'));
    const zipPath = join(dir, 'broken.zip');
    await writeFile(zipPath, zipOf((await readPackFolder(broken)).files));
    const bad = await milewide('pack', 'validate', zipPath);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n').filter(Boolean)).toEqual([
      'lessons/people/a02-handing-work-over.md:4: minutes: must be from 5 to 60',
      'lessons/people/a02-handing-work-over.md:7: competency "juggling" is not in the framework. Known competencies: "listening", "delegation", "escalation".',
      `Error: 2 problems found in ${zipPath}; fix them and validate again.`,
    ]);
    expect((await milewide('pack', 'validate', join(dir, 'nowhere'))).stderr).toContain(`There is no folder or zip file at ${join(dir, 'nowhere')}`);
  });

  it('imports with a dry run first, shows progress, refuses a broken pack, and exports the files back', async () => {
    const admin = await milewide('create-admin', '--org', 'Pack Cli', '--name', 'Pack Admin', '--email', 'admin@pack-cli.test', '--password', 'correct-horse-battery');
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('Created organisation "Pack Cli" (slug pack-cli)');

    const dry = await milewide('pack', 'import', SMALL_PACK_DIR, '--org', 'pack-cli', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: importing "Small test pack" 1.0.0 into "Pack Cli" would change the following. Nothing was written.');
    expect(dry.stdout).toContain('  lessons:   3 new, 0 changed, 0 unchanged');

    const imported = await milewide('pack', 'import', SMALL_PACK_DIR, '--org', 'pack-cli');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Importing lessons: 3/3');
    expect(imported.stdout).toMatch(/Imported "Small test pack" 1\.0\.0 into "Pack Cli" in [\d.]+ s:/);
    expect(imported.stdout).toContain('  paths:     1 new, 0 changed, 0 unchanged');

    const broken = join(dir, 'broken');
    const refused = await milewide('pack', 'import', broken, '--org', 'pack-cli');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Error: 2 problems found in ${broken}; nothing was imported.`);

    const again = await milewide('pack', 'validate', SMALL_PACK_DIR, '--org', 'pack-cli');
    expect(again.stdout).toContain('is valid for "Pack Cli". Importing it would change:');
    expect(again.stdout).toContain('  lessons:   0 new, 0 changed, 3 unchanged');

    const out = join(dir, 'exported');
    const exported = await milewide('pack', 'export', '--org', 'pack-cli', '--pack', 'small-test-pack', out);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`Exported pack "small-test-pack" of "Pack Cli" to ${out}`);
    const reread = await milewide('pack', 'validate', out);
    expect(reread.code).toBe(0);
    expect(reread.stdout).toContain('is valid: "Small test pack" 1.0.0 with 3 lessons, 1 learning path, 2 tips and a career framework.');
    expect(await readFile(join(out, 'lessons/people/a01-listening-first.md'), 'utf8')).toContain('## Worked example');

    const notEmpty = await milewide('pack', 'export', '--org', 'pack-cli', '--pack', 'small-test-pack', out);
    expect(notEmpty.stderr).toContain(`${out} is not empty; export into a new or empty folder`);
    const unknownOrg = await milewide('pack', 'import', SMALL_PACK_DIR, '--org', 'nope');
    expect(unknownOrg.stderr).toContain('No organisation has the slug "nope". Known organisations: pack-cli.');
  }, 300_000);
});
