import { readFile } from 'node:fs/promises';
import { asc, eq } from 'drizzle-orm';
import { organisations } from '../org/schema.js';
import { withRuntime } from './admin-commands.js';
import { issuePath } from '../people/import/columns.js';
import { commitImport, planRead, readImportFile, type ImportScope } from '../people/import/service.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

async function readCsvFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `There is no file at ${path}` : `Cannot read ${path}: ${(err as Error).message}`);
  }
}

/** `milewide import-people <file> --org <slug> [--dry-run]`: the same checks and writes as the web import, as the system. */
export async function importPeopleCommand(path: string, opts: { org: string; dryRun?: boolean }) {
  const csv = await readCsvFile(path);
  await withRuntime(async ({ ctx }) => {
    const [org] = await ctx.db.select().from(organisations).where(eq(organisations.slug, opts.org));
    if (!org) {
      const known = await ctx.db.select({ slug: organisations.slug }).from(organisations).orderBy(asc(organisations.slug));
      const list = known.length ? `Known organisations: ${known.map((o) => o.slug).join(', ')}` : 'There are no organisations yet; run create-admin first';
      throw new Error(`No organisation has the slug "${opts.org}". ${list}.`);
    }
    const scope: ImportScope = { orgId: org.id, actor: null };
    const read = readImportFile(csv);
    say(`Validating ${read.file.rows.length} rows...`);
    const plan = await planRead(ctx.db, scope, read);
    if (plan.errors.length) {
      for (const e of plan.errors) complain(`${issuePath(e)}: ${e.message}`);
      throw new Error(`${plan.errors.length} problem${plan.errors.length === 1 ? '' : 's'} found in ${path}; nothing was imported.`);
    }
    const { create, update, unchanged } = plan.summary;
    const teams = plan.teamsToCreate.length ? ` New teams: ${plan.teamsToCreate.join(', ')}.` : '';
    if (opts.dryRun) {
      say(`Dry run: would create ${create}, update ${update} and leave ${unchanged} unchanged.${teams} Nothing was written.`);
      return;
    }
    const result = await commitImport(ctx.db, scope, csv, (written, total) => say(`Writing: ${written}/${total}`));
    const teamsCreated = `${result.teamsCreated} team${result.teamsCreated === 1 ? '' : 's'} created`;
    say(`Imported into "${org.name}": ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${teamsCreated}.`);
  });
}
