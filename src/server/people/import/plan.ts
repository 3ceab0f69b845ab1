import type { Actor } from '../../access/policy.js';
import { normaliseEmail } from '../../identity/service.js';
import { IMPORT_COLUMNS, type ImportColumn, type ImportIssue } from './columns.js';
import type { ParsedFile, ParsedRow } from './parse-rows.js';
import { emailsInOtherOrgs, findTeam, loadSnapshot, teamKey, type OrgSnapshot, type Reader, type StoredPerson } from './org-snapshot.js';

export type ImportAction = 'create' | 'update' | 'unchanged' | 'error';

export interface PlannedRow {
  line: number;
  email: string;
  name: string;
  action: ImportAction;
  /** For updates: the columns whose values differ from what is stored. */
  changes?: ImportColumn[];
  parsed: ParsedRow;
  existing?: StoredPerson;
}

export interface ImportPlan {
  rows: PlannedRow[];
  errors: ImportIssue[];
  summary: Record<ImportAction, number>;
  /** Team names (as first written in the file) that do not exist yet and would be created. */
  teamsToCreate: string[];
  snapshot: OrgSnapshot;
}

/** Compares a parsed file with the organisation and decides what each row would do. Writes nothing. */
export async function planImport(db: Reader, orgId: string, actor: Actor | null, file: ParsedFile, extraErrors: ImportIssue[] = []): Promise<ImportPlan> {
  const snapshot = await loadSnapshot(db, orgId);
  const rows = file.rows;
  const inFile = new Set(rows.filter((r) => r.emailValid).map((r) => r.email));
  const unknownHere = new Set([...inFile, ...rows.map((r) => r.managerEmail ?? '').filter(Boolean)].filter((e) => !snapshot.peopleByEmail.has(e)));
  const elsewhere = await emailsInOtherOrgs(db, orgId, [...unknownHere]);

  for (const row of rows) {
    if (row.emailValid && elsewhere.has(row.email)) {
      row.errors.push({ line: row.line, column: 'email', message: 'this e-mail address belongs to a person in another organisation, so it cannot be imported here' });
    }
    if (row.managerEmail && !snapshot.peopleByEmail.has(row.managerEmail) && !inFile.has(row.managerEmail)) {
      row.errors.push({
        line: row.line,
        column: 'manager_email',
        message: `no person with the e-mail ${row.managerEmail} in your organisation or in this file; add a row for the manager or leave the cell empty`,
      });
    }
    if (actor && row.emailValid && row.email === normaliseEmail(actor.email) && row.roles && !row.roles.includes('org_admin')) {
      row.errors.push({ line: row.line, column: 'roles', message: 'you cannot remove your own org_admin role; ask another admin to do it' });
    }
  }
  markReportingLoops(rows, snapshot);

  const teamsToCreate = new Map<string, string>();
  for (const row of rows) {
    if (row.team && !findTeam(snapshot, row.team) && !teamsToCreate.has(teamKey(row.team))) teamsToCreate.set(teamKey(row.team), row.team);
  }

  const planned = rows.map((row) => planRow(row, snapshot));
  const errors = [...file.fileErrors, ...rows.flatMap((r) => r.errors), ...extraErrors].sort(byPosition);
  const summary = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const r of planned) summary[r.action]++;
  return { rows: planned, errors, summary, teamsToCreate: [...teamsToCreate.values()], snapshot };
}

const columnOrder = (column: string) => (IMPORT_COLUMNS as readonly string[]).indexOf(column);
const byPosition = (a: ImportIssue, b: ImportIssue) => a.line - b.line || columnOrder(a.column) - columnOrder(b.column);

function planRow(row: ParsedRow, snapshot: OrgSnapshot): PlannedRow {
  const base = { line: row.line, email: row.email, name: row.name, parsed: row };
  if (row.errors.length) return { ...base, action: 'error' };
  const existing = snapshot.peopleByEmail.get(row.email);
  if (!existing) return { ...base, action: 'create' };
  const changes = changedColumns(row, existing, snapshot);
  return { ...base, existing, action: changes.length ? 'update' : 'unchanged', ...(changes.length ? { changes } : {}) };
}

function changedColumns(row: ParsedRow, existing: StoredPerson, snapshot: OrgSnapshot): ImportColumn[] {
  const changes: ImportColumn[] = [];
  if (row.name !== existing.name) changes.push('name');
  if (row.team !== undefined) {
    const teamId = row.team === null ? null : (findTeam(snapshot, row.team)?.id ?? 'new team');
    if (teamId !== existing.teamId) changes.push('team');
  }
  if (row.managerEmail !== undefined) {
    const storedManager = existing.managerId ? snapshot.emailById.get(existing.managerId) : null;
    if ((row.managerEmail ?? null) !== (storedManager ?? null)) changes.push('manager_email');
  }
  if (row.careerLevel && row.careerLevel !== existing.careerLevel) changes.push('career_level');
  if (row.jobRole !== undefined && row.jobRole !== existing.jobRole) changes.push('job_role');
  if (row.roles && !sameSet(row.roles, existing.roles)) changes.push('roles');
  return changes;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === new Set(b).size && a.every((x) => b.includes(x));

/**
 * Finds reporting loops in the organisation as it would be after the import: stored reporting
 * lines overlaid with the file's. Each person has one manager, so following managers from every
 * person finds every loop in linear time.
 */
function markReportingLoops(rows: ParsedRow[], snapshot: OrgSnapshot) {
  const managerOf = new Map<string, string | null>();
  for (const p of snapshot.peopleByEmail.values()) managerOf.set(p.email, p.managerId ? (snapshot.emailById.get(p.managerId) ?? null) : null);
  const rowByEmail = new Map<string, ParsedRow>();
  for (const row of rows) {
    if (!row.emailValid || rowByEmail.has(row.email)) continue;
    rowByEmail.set(row.email, row);
    if (row.managerEmail !== undefined) managerOf.set(row.email, row.managerEmail === row.email ? null : row.managerEmail);
    else if (!managerOf.has(row.email)) managerOf.set(row.email, null);
  }

  const visitedIn = new Map<string, number>();
  let walk = 0;
  for (const start of managerOf.keys()) {
    if (visitedIn.has(start)) continue;
    walk++;
    const path: string[] = [];
    let node: string | null | undefined = start;
    while (node && !visitedIn.has(node)) {
      visitedIn.set(node, walk);
      path.push(node);
      node = managerOf.get(node);
    }
    if (!node || visitedIn.get(node) !== walk) continue;
    const loop = path.slice(path.indexOf(node));
    loop.forEach((email, i) => {
      const row = rowByEmail.get(email);
      if (!row || row.managerEmail === undefined) return;
      const chain = [...loop.slice(i), ...loop.slice(0, i), email].join(' → ');
      row.errors.push({ line: row.line, column: 'manager_email', message: `would make a reporting loop (→ means "reports to"): ${chain}; change one of these managers` });
    });
  }
}
