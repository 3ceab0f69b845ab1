/** The CSV columns an import understands, in the order the documentation shows them. */
export const IMPORT_COLUMNS = ['email', 'name', 'team', 'manager_email', 'career_level', 'job_role', 'roles'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: ImportColumn[] = ['email', 'name'];

export const MAX_IMPORT_ROWS = 5000;
/** Raised for the two import routes only; the rest of the API keeps the 1 MiB default. */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

export const MAX_EMAIL = 254;
export const MAX_NAME = 120;
export const MAX_JOB_ROLE = 120;
export const MAX_TEAM_NAME = 100;

/** One problem with the file, pointing at a physical line (the header is line 1) and a column. */
export interface ImportIssue {
  line: number;
  /** A column name from the header, or '' when the problem is with the whole line. */
  column: string;
  message: string;
}

export function issuePath(issue: ImportIssue): string {
  return issue.column ? `line ${issue.line}.${issue.column}` : `line ${issue.line}`;
}
