import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../access/policy.js';
import { AppError } from '../../http/errors.js';
import { issuePath, MAX_IMPORT_ROWS, type ImportIssue } from './columns.js';
import { readCsv } from './read-csv.js';
import { parseRows, type ParsedFile } from './parse-rows.js';
import { planImport, type ImportPlan } from './plan.js';
import { applyPlan, type ImportResult } from './apply.js';
import { lockReportingLines, lockTeamTree } from '../../org/locks.js';

export interface ImportScope {
  orgId: string;
  /** The signed-in admin, or null for the CLI acting as the system. */
  actor: Actor | null;
}

export interface ImportPreview {
  rows: { line: number; email: string; name: string; action: ImportPlan['rows'][number]['action']; changes?: string[] }[];
  errors: ImportIssue[];
  summary: ImportPlan['summary'];
  teamsToCreate: string[];
}

function tooManyRows(count: number) {
  const message = `The file has ${count.toLocaleString('en')} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString('en')} at a time by splitting it into several files`;
  return new AppError(400, 'too_many_rows', message, [{ path: 'body.csv', message: `has ${count} rows; the most is ${MAX_IMPORT_ROWS}` }]);
}

export interface ReadFile {
  file: ParsedFile;
  /** A point where the text stopped being readable CSV, if any. */
  readErrors: ImportIssue[];
}

/** Reads the CSV and checks what needs no database; refuses files over the row limit. */
export function readImportFile(csv: string): ReadFile {
  const read = readCsv(csv);
  const file = parseRows(read.records);
  if (file.rows.length > MAX_IMPORT_ROWS) throw tooManyRows(file.rows.length);
  return { file, readErrors: read.error ? [read.error] : [] };
}

export function planRead(db: Pick<Db, 'select'>, scope: ImportScope, read: ReadFile): Promise<ImportPlan> {
  return planImport(db, scope.orgId, scope.actor, read.file, read.readErrors);
}

/** Reads, checks and compares the file with the organisation. Writes nothing. */
export function planFromCsv(db: Pick<Db, 'select'>, scope: ImportScope, csv: string): Promise<ImportPlan> {
  return planRead(db, scope, readImportFile(csv));
}

export function toPreview(plan: ImportPlan): ImportPreview {
  return {
    rows: plan.rows.map((r) => ({ line: r.line, email: r.email, name: r.name, action: r.action, ...(r.changes ? { changes: r.changes } : {}) })),
    errors: plan.errors,
    summary: plan.summary,
    teamsToCreate: plan.teamsToCreate,
  };
}

export async function previewImport(db: Db, scope: ImportScope, csv: string): Promise<ImportPreview> {
  return toPreview(await planFromCsv(db, scope, csv));
}

export function rejection(errors: ImportIssue[]): AppError {
  const n = errors.length;
  return new AppError(
    400,
    'import_invalid',
    `The file has ${n} problem${n === 1 ? '' : 's'}; nothing was imported. Fix ${n === 1 ? 'it' : 'them'} and import again.`,
    errors.map((e) => ({ path: issuePath(e), message: e.message })),
  );
}

/**
 * Checks the file again against the data as it is now and, when every row is valid, writes it all
 * in one transaction; any problem means nothing is written.
 */
export async function commitImport(db: Db, scope: ImportScope, csv: string, onProgress?: (written: number, total: number) => void): Promise<ImportResult> {
  const read = readImportFile(csv);
  const result = await db.transaction(async (tx) => {
    // Same lock as a manager change and team creation, so the loop check still holds when we write.
    await lockReportingLines(tx, scope.orgId);
    await lockTeamTree(tx, scope.orgId);
    const plan = await planRead(tx, scope, read);
    if (plan.errors.length) throw rejection(plan.errors);
    return applyPlan(tx, plan, { orgId: scope.orgId, actor: scope.actor, onProgress });
  });
  // The embedded database runs no autovacuum, so refresh planner statistics after a bulk change.
  if (result.created + result.updated > 100) await db.execute(sql`analyze people, teams`);
  return result;
}
