import { existsSync, readdirSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations } from '../org/schema.js';
import { withRuntime } from './admin-commands.js';
import { countProgress } from './progress.js';
import { importProgress } from './pack-progress.js';
import { importPack, PackInvalidError, type ImportSummary, type ItemCounts } from '../content/import-pack.js';
import { validateForOrg } from '../content/pack-service.js';
import { exportPack, writePackFolder } from '../content/export-pack.js';
import { formatProblem, type PackProblem } from '../content/pack/problems.js';
import { readPackSource } from '../content/pack/read-files.js';
import { validatePack } from '../content/pack/validate.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function findOrg(db: Db, slug: string) {
  const [org] = await db.select().from(organisations).where(eq(organisations.slug, slug));
  if (org) return org;
  const known = await db.select({ slug: organisations.slug }).from(organisations).orderBy(asc(organisations.slug));
  const list = known.length ? `Known organisations: ${known.map((o) => o.slug).join(', ')}` : 'There are no organisations yet; run create-admin first';
  throw new Error(`No organisation has the slug "${slug}". ${list}.`);
}

async function readSource(source: string) {
  say(`Reading ${source}...`);
  const files = await readPackSource(source);
  say(`Read ${plural(files.files.size, 'pack file')}. Validating...`);
  return files;
}

function reportProblems(problems: PackProblem[], source: string, action: string): never {
  for (const p of problems) complain(formatProblem(p));
  throw new Error(`${plural(problems.length, 'problem')} found in ${source}; ${action}.`);
}

const countsLine = (c: ItemCounts) => {
  const parts = [`${c.created} new`, `${c.updated} changed`, `${c.unchanged} unchanged`];
  if (c.retired) parts.push(`${c.retired} retired`);
  if (c.restored) parts.push(`${c.restored} back from retirement`);
  return parts.join(', ');
};

function printSummary(s: ImportSummary) {
  say(`  lessons:   ${countsLine(s.lessons)}`);
  say(`  paths:     ${countsLine(s.paths)}`);
  say(`  tips:      ${countsLine(s.tips)}`);
  if (s.framework) {
    const f = s.framework;
    say(`  framework: ${f.added} new, ${f.updated} changed, ${f.unchanged} unchanged${f.keptOrgEdits ? `, ${f.keptOrgEdits} kept as the organisation edited them` : ''}`);
  }
  if (s.updatedLessons.length) say(`  changed lessons (revision raised): ${s.updatedLessons.join(', ')}`);
  if (s.retiredLessons.length) say(`  retired lessons: ${s.retiredLessons.join(', ')}`);
  for (const note of s.notes) say(`Note: ${note}`);
}

/** `milewide pack validate DIR|ZIP [--org SLUG]` */
export async function packValidateCommand(source: string, opts: { org?: string }) {
  const files = await readSource(source);
  if (!opts.org) {
    const result = validatePack(files);
    if (!result.pack) reportProblems(result.problems, source, 'fix them and validate again');
    for (const note of result.notes) say(`Note: ${note}`);
    const p = result.pack;
    say(`${source} is valid: "${p.manifest.name}" ${p.manifest.version} with ${plural(p.lessons.length, 'lesson')}, ${plural(p.paths.length, 'learning path')}, ${plural(p.tips.length, 'tip')}${p.framework ? ' and a career framework' : ''}.`);
    return;
  }
  await withRuntime(async ({ ctx }) => {
    const org = await findOrg(ctx.db, opts.org!);
    const report = await validateForOrg(ctx.db, { orgId: org.id, actor: null }, files);
    if (!report.valid || !report.preview) reportProblems(report.problems, source, 'fix them and validate again');
    say(`${source} is valid for "${org.name}". Importing it would change:`);
    printSummary(report.preview);
  });
}

/** `milewide pack import DIR|ZIP --org SLUG [--dry-run]` */
export async function packImportCommand(source: string, opts: { org: string; dryRun?: boolean }) {
  const files = await readSource(source);
  await withRuntime(async ({ ctx }) => {
    const org = await findOrg(ctx.db, opts.org);
    const started = Date.now();
    let summary: ImportSummary;
    try {
      summary = await importPack(ctx.db, { orgId: org.id, actor: null }, files, { dryRun: opts.dryRun, onProgress: importProgress('Importing') });
    } catch (err) {
      if (err instanceof PackInvalidError) reportProblems(err.problems, source, 'nothing was imported');
      throw err;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const { name, version, previousVersion } = summary.pack;
    const was = previousVersion ? (previousVersion === version ? ` (already at ${version})` : ` (upgrade from ${previousVersion})`) : '';
    say(opts.dryRun ? `Dry run: importing "${name}" ${version} into "${org.name}"${was} would change the following. Nothing was written.` : `Imported "${name}" ${version} into "${org.name}"${was} in ${seconds} s:`);
    printSummary(summary);
  });
}

/** `milewide pack export --org SLUG --pack ID OUTDIR` */
export async function packExportCommand(outDir: string, opts: { org: string; pack: string }) {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty; export into a new or empty folder`);
  await withRuntime(async ({ ctx }) => {
    const org = await findOrg(ctx.db, opts.org);
    const files = await exportPack(ctx.db, org.id, opts.pack);
    await writePackFolder(outDir, files, countProgress((done, total) => `Writing files: ${done}/${total}`));
    say(`Exported pack "${opts.pack}" of "${org.name}" to ${outDir} (${plural(files.size, 'file')}).`);
  });
}
