import { z } from 'zod';
import { loadConfig } from '../config.js';
import { createRuntime, createLogger } from '../runtime.js';
import { createOrganisation } from '../identity/service.js';
import { passwordSchema } from '../identity/passwords.js';
import { demoSignIns, seedDemo } from '../demo/seed.js';
import { openDatabase } from '../db/client.js';
import { claimDataDir } from './data-dir-lock.js';
import { countProgress } from './progress.js';
import { installDefaultPack } from '../content/default-pack.js';
import { loadDefaultItemBanks } from '../assess/items/demo-banks.js';
import { importProgress } from './pack-progress.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Runs a CLI task against the configured database without listening or running jobs. */
export async function withRuntime<T>(task: (rt: Awaited<ReturnType<typeof createRuntime>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // The embedded database has one writer at a time: refuse while a server has the directory open.
  const release = config.databaseUrl ? () => undefined : claimDataDir(config.dataDir);
  try {
    const runtime = await createRuntime(config, { logger: createLogger('warn'), jobs: false });
    try {
      return await task(runtime);
    } finally {
      await runtime.close();
    }
  } finally {
    release();
  }
}

export async function migrateCommand() {
  const config = loadConfig();
  say('Applying migrations...');
  const release = config.databaseUrl ? () => undefined : claimDataDir(config.dataDir);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await database.migrate();
      say('Database is up to date.');
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}

export async function createAdminCommand(opts: { org: string; name: string; email: string; password?: string }) {
  const password = opts.password ?? process.env.MILEWIDE_ADMIN_PASSWORD;
  if (!password) throw new Error('Give --password or set MILEWIDE_ADMIN_PASSWORD');
  const checked = z.object({ email: z.email(), password: passwordSchema }).safeParse({ email: opts.email, password });
  if (!checked.success) throw new Error(checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  await withRuntime(async ({ ctx }) => {
    const { org, admin } = await createOrganisation(ctx, { organisationName: opts.org, name: opts.name, email: opts.email, password });
    say(`Created organisation "${org.name}" (slug ${org.slug}) with administrator ${admin.email}.`);
    const pack = await installDefaultPack(ctx.db, ctx.log, org.id, null, importProgress('Adding the default curriculum:'));
    if (pack) say(`Added the default curriculum ${pack.pack.version}: ${pack.lessons.created} lessons, ${pack.paths.created} learning paths and the career framework.`);
    else say('The default curriculum was not added (see the warning above); add it later with: milewide pack import content/default --org ' + org.slug);
    say('Adding the default item banks for the professional and executive exams…');
    if (await loadDefaultItemBanks(ctx, org.id)) say('Added the default item banks.');
    else say('The default item banks were not added (see the log above).');
  });
}

export async function demoCommand() {
  await withRuntime(async ({ ctx }) => {
    const created = await seedDemo(ctx, countProgress((done, total) => `Creating the demo organisation: ${done}/${total} people`));
    say(created ? 'Demo organisation created. Sign-ins (password milewide-demo):' : 'The demo organisation already exists. Sign-ins (password milewide-demo):');
    for (const s of demoSignIns()) say(`  ${s.role.padEnd(20)} ${s.email}`);
  });
}
