import type { ImportSummary, PackProblem } from '../api/learn';
import { TableWrap } from '../ui/Misc';

/** Problems found in a pack, each with its file and line. */
export function PackProblems({ problems }: { problems: PackProblem[] }) {
  return (
    <>
      <h3>
        {problems.length} {problems.length === 1 ? 'problem' : 'problems'} to fix
      </h3>
      <p>Fix these in the pack's files, zip the folder again and check it again. A pack with any problem imports nothing.</p>
      <TableWrap label="Problems in the pack">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={`${p.file}-${p.line}-${i}`}>
                <td className="problem-file">
                  <code>{p.line ? `${p.file}:${p.line}` : p.file}</code>
                </td>
                <td className="num">{p.line ?? '—'}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

/** The server names problems of a refused import "file:line" in error.fields. */
export function problemsFromFields(fields: { path: string; message: string }[]): PackProblem[] {
  return fields.map((f) => {
    const m = /^(.*):(\d+)$/.exec(f.path);
    return m ? { file: m[1], line: Number(m[2]), message: f.message } : { file: f.path, line: null, message: f.message };
  });
}

function countsText(c: ImportSummary['lessons'], noun: string): string {
  const parts = [
    c.created ? `${c.created} new` : '',
    c.updated ? `${c.updated} changed` : '',
    c.unchanged ? `${c.unchanged} unchanged` : '',
    c.retired ? `${c.retired} retired` : '',
    c.restored ? `${c.restored} restored` : '',
  ].filter(Boolean);
  return `${noun}: ${parts.length ? parts.join(', ') : 'none'}`;
}

/** What an import did (or, for a dry run, would do). */
export function ImportSummaryView({ summary, headingLevel = 3 }: { summary: ImportSummary; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const { pack } = summary;
  return (
    <>
      <H>
        {pack.name} {pack.version}
      </H>
      <p>
        {pack.previousVersion
          ? pack.previousVersion === pack.version
            ? `Version ${pack.version} is already installed: ${summary.dryRun ? 'importing it again would change nothing' : 'nothing changed'}.`
            : `${summary.dryRun ? 'Upgrades' : 'Upgraded'} pack “${pack.key}” from version ${pack.previousVersion} to ${pack.version}. Learners keep their progress, notes and bookmarks.`
          : `${summary.dryRun ? 'Installs' : 'Installed'} the new pack “${pack.key}”.`}
      </p>
      <ul>
        <li>{countsText(summary.lessons, 'Lessons')}</li>
        <li>{countsText(summary.paths, 'Learning paths')}</li>
        <li>{countsText(summary.tips, 'Weekly tips')}</li>
        {summary.framework ? (
          <li>
            Career framework: {summary.framework.added} added, {summary.framework.updated} updated, {summary.framework.unchanged} unchanged
            {summary.framework.keptOrgEdits ? `, ${summary.framework.keptOrgEdits} kept as your organisation edited them` : ''}
          </li>
        ) : null}
      </ul>
      {summary.updatedLessons.length ? (
        <p>
          Changed lessons (learners who completed them see “updated”): {summary.updatedLessons.map((k, i) => (
            <span key={k}>
              {i ? ', ' : ''}
              <code>{k}</code>
            </span>
          ))}
        </p>
      ) : null}
      {summary.retiredLessons.length ? (
        <p>
          Retired lessons (hidden from the library; progress kept): {summary.retiredLessons.map((k, i) => (
            <span key={k}>
              {i ? ', ' : ''}
              <code>{k}</code>
            </span>
          ))}
        </p>
      ) : null}
      {summary.notes.length ? (
        <ul className="small">
          {summary.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
