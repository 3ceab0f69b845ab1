import { Link } from '@tanstack/react-router';
import { TableWrap } from '../../ui/Misc';
import type { ImportReport } from './api';

const ACTIONS: Record<ImportReport['imported'][number]['action'], string> = {
  create: 'New item',
  new_version: 'New version',
  update_draft: 'Draft updated',
  unchanged: 'No change',
};
const FORMATS: Record<ImportReport['format'], string> = { gift: 'GIFT', moodle: 'Moodle XML', qti: 'QTI 3.0' };

const where = (r: { file?: string; line?: number }) => [r.file, r.line !== undefined ? `line ${r.line}` : ''].filter(Boolean).join(', ') || '—';

/** Every question the file held: what was (or would be) imported, and every skipped one with its reason. */
export function ImportReportView({ report, fileName }: { report: ImportReport; fileName: string }) {
  const { summary } = report;
  const title = report.dryRun ? `Check of ${fileName}` : `Import of ${fileName}`;
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <p>
        {FORMATS[report.format]} file, bank <code>{report.bankKey}</code>.{' '}
        {report.dryRun ? 'Nothing has been written yet.' : 'The items below are now in the bank.'}
      </p>
      <ul className="summary" aria-label="Summary">
        <li>
          <strong>{summary.imported}</strong> {report.dryRun ? 'to import' : 'imported'}
        </li>
        <li>
          <strong>{summary.create}</strong> new
        </li>
        <li>
          <strong>{summary.newVersion}</strong> new {summary.newVersion === 1 ? 'version' : 'versions'}
        </li>
        <li>
          <strong>{summary.unchanged}</strong> unchanged
        </li>
        <li className={summary.skipped ? 'summary__bad' : undefined}>
          <strong>{summary.skipped}</strong> skipped
        </li>
      </ul>
      {report.skipped.length > 0 ? (
        <>
          <h3>Skipped ({report.skipped.length})</h3>
          <TableWrap label="Skipped questions">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Where</th>
                  <th scope="col">Question</th>
                  <th scope="col">Why it was skipped</th>
                </tr>
              </thead>
              <tbody>
                {report.skipped.map((s, i) => (
                  <tr key={i}>
                    <td className="nowrap">{where(s)}</td>
                    <td>{s.ref}</td>
                    <td>{s.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
      {report.imported.length > 0 ? (
        <>
          <h3>{report.dryRun ? 'To import' : 'Imported'} ({report.imported.length})</h3>
          <TableWrap label={report.dryRun ? 'Questions to import' : 'Imported questions'}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Where</th>
                  <th scope="col">Question</th>
                  <th scope="col">Item key</th>
                  <th scope="col">Competency</th>
                  <th scope="col">Result</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {report.imported.map((r) => (
                  <tr key={r.itemKey}>
                    <td className="nowrap">{where(r)}</td>
                    <td>{r.ref}</td>
                    <td>
                      {r.itemId && !report.dryRun ? (
                        <Link to="/authoring/items/$id" params={{ id: r.itemId }}>
                          <code>{r.itemKey}</code>
                        </Link>
                      ) : (
                        <code>{r.itemKey}</code>
                      )}
                    </td>
                    <td>{r.competency}</td>
                    <td>
                      {ACTIONS[r.action]} ({r.status})
                    </td>
                    <td>{r.notes.length ? r.notes.join('; ') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
    </section>
  );
}
