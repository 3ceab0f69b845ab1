/**
 * One thing wrong with a content pack. `line` is the 1-based line in `file`; it is null only for
 * problems about a whole file (missing, too large, an unsafe name in a zip).
 */
export interface PackProblem {
  file: string;
  line: number | null;
  message: string;
}

export function formatProblem(p: PackProblem): string {
  return p.line ? `${p.file}:${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** File by file, then by line, so a report reads top to bottom like the files do. */
export function sortProblems(problems: PackProblem[]): PackProblem[] {
  return [...problems].sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
}
