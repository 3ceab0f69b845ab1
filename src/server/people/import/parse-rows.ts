import { z } from 'zod';
import { CAREER_LEVELS, type CareerLevel } from '../../../shared/career.js';
import { ROLES, type Role } from '../../../shared/roles.js';
import { normaliseEmail } from '../../identity/service.js';
import {
  IMPORT_COLUMNS,
  MAX_EMAIL,
  MAX_JOB_ROLE,
  MAX_NAME,
  MAX_TEAM_NAME,
  REQUIRED_COLUMNS,
  type ImportColumn,
  type ImportIssue,
} from './columns.js';
import type { CsvRecord } from './read-csv.js';

/**
 * One person row as the file states it. `undefined` means the column is not in the file (the
 * stored value is kept); for team and manager, `null` means the cell is empty (no team, no manager).
 */
export interface ParsedRow {
  line: number;
  /** Lower-cased when valid; as written otherwise, so the preview can show it. */
  email: string;
  emailValid: boolean;
  name: string;
  team?: string | null;
  managerEmail?: string | null;
  /** null: empty cell, keep the stored level (new people get the default). */
  careerLevel?: CareerLevel | null;
  jobRole?: string;
  /** null: empty cell, keep the stored roles (new people get learner). */
  roles?: Role[] | null;
  errors: ImportIssue[];
}

export interface ParsedFile {
  rows: ParsedRow[];
  /** Problems with the header or the file as a whole. */
  fileErrors: ImportIssue[];
  /** False when the header is unusable and rows were not read. */
  headerUsable: boolean;
}

const emailSchema = z.email();
const LEVEL_HELP = CAREER_LEVELS.map((l) => `${l.key} (${l.label})`).join(', ');

function careerLevelOf(value: string): CareerLevel | undefined {
  const wanted = value.trim().toLowerCase();
  return CAREER_LEVELS.find((l) => l.key === wanted || l.label.toLowerCase() === wanted)?.key;
}

function readHeader(header: CsvRecord): { columns: (ImportColumn | null)[]; errors: ImportIssue[]; usable: boolean } {
  const errors: ImportIssue[] = [];
  const seen = new Set<string>();
  const columns = header.fields.map((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!name) {
      errors.push({ line: header.line, column: `(column ${i + 1})`, message: 'the header has an empty column name; remove the empty column or name it' });
      return null;
    }
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ line: header.line, column: raw.trim(), message: `unknown column; the columns are ${IMPORT_COLUMNS.join(', ')}` });
      return null;
    }
    if (seen.has(name)) {
      errors.push({ line: header.line, column: name, message: 'this column appears twice in the header; keep one' });
      return null;
    }
    seen.add(name);
    return name as ImportColumn;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  for (const column of missing) errors.push({ line: header.line, column, message: 'required column is missing from the header' });
  return { columns, errors, usable: missing.length === 0 };
}

function isBlank(record: CsvRecord) {
  return record.fields.every((f) => f.trim() === '');
}

function parseRow(record: CsvRecord, columns: (ImportColumn | null)[]): ParsedRow {
  const errors: ImportIssue[] = [];
  const err = (column: string, message: string) => errors.push({ line: record.line, column, message });
  const cells = new Map<ImportColumn, string>();
  columns.forEach((c, i) => {
    if (c) cells.set(c, (record.fields[i] ?? '').trim());
  });
  if (record.fields.length !== columns.length) {
    err('', `this line has ${record.fields.length} values but the header has ${columns.length} columns; put values that contain commas in double quotes`);
  }

  const rawEmail = cells.get('email') ?? '';
  let email = rawEmail;
  let emailValid = false;
  if (!rawEmail) err('email', 'is required');
  else if (rawEmail.length > MAX_EMAIL || !emailSchema.safeParse(rawEmail).success) err('email', `"${rawEmail}" is not an e-mail address`);
  else {
    email = normaliseEmail(rawEmail);
    emailValid = true;
  }

  const name = cells.get('name') ?? '';
  if (!name) err('name', 'is required');
  else if (name.length > MAX_NAME) err('name', `is ${name.length} characters long; the most is ${MAX_NAME}`);

  const row: ParsedRow = { line: record.line, email, emailValid, name, errors };

  const team = cells.get('team');
  if (team !== undefined) {
    if (team.length > MAX_TEAM_NAME) err('team', `team names have at most ${MAX_TEAM_NAME} characters`);
    else row.team = team || null;
  }

  const manager = cells.get('manager_email');
  if (manager !== undefined) {
    if (!manager) row.managerEmail = null;
    else if (manager.length > MAX_EMAIL || !emailSchema.safeParse(manager).success) err('manager_email', `"${manager}" is not an e-mail address`);
    else {
      row.managerEmail = normaliseEmail(manager);
      if (emailValid && row.managerEmail === email) err('manager_email', 'a person cannot be their own manager');
    }
  }

  const level = cells.get('career_level');
  if (level !== undefined) {
    if (!level) row.careerLevel = null;
    else {
      const key = careerLevelOf(level);
      if (key) row.careerLevel = key;
      else err('career_level', `unknown career level "${level}"; use one of ${LEVEL_HELP}`);
    }
  }

  const jobRole = cells.get('job_role');
  if (jobRole !== undefined) {
    if (jobRole.length > MAX_JOB_ROLE) err('job_role', `is ${jobRole.length} characters long; the most is ${MAX_JOB_ROLE}`);
    row.jobRole = jobRole;
  }

  const roles = cells.get('roles');
  if (roles !== undefined) {
    const names = roles.split(';').map((r) => r.trim().toLowerCase()).filter(Boolean);
    const unknown = names.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length) err('roles', `unknown role${unknown.length > 1 ? 's' : ''} ${unknown.map((r) => `"${r}"`).join(', ')}; use ${ROLES.join(', ')} separated by ";"`);
    else row.roles = names.length ? ROLES.filter((r) => names.includes(r)) : null;
  }
  return row;
}

/** Reads the header and every row; checks what can be checked without the database. */
export function parseRows(records: CsvRecord[]): ParsedFile {
  const [header, ...body] = records.filter((r) => !isBlank(r));
  if (!header) {
    return {
      rows: [],
      fileErrors: [{ line: 1, column: '', message: `the file is empty; the first line must be the header, for example ${IMPORT_COLUMNS.join(',')}` }],
      headerUsable: false,
    };
  }
  const { columns, errors, usable } = readHeader(header);
  if (!usable) return { rows: [], fileErrors: errors, headerUsable: false };
  if (body.length === 0) errors.push({ line: header.line, column: '', message: 'the file has a header but no rows of people below it' });
  const rows = body.map((r) => parseRow(r, columns));
  markDuplicates(rows);
  return { rows, fileErrors: errors, headerUsable: true };
}

function markDuplicates(rows: ParsedRow[]) {
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    if (!row.emailValid) continue;
    const first = firstLine.get(row.email);
    if (first === undefined) firstLine.set(row.email, row.line);
    else row.errors.push({ line: row.line, column: 'email', message: `${row.email} is already on line ${first}; keep one row per person` });
  }
}
