import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { ApiError } from '../api/client';
import { installedPacksQuery, uploadFile, type ImportSummary, type PackProblem, type TransferProgress, type ValidationReport } from '../api/learn';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../ui/Misc';
import { Loading, Spinner } from '../ui/Spinner';
import { ProgressBar } from '../learn/parts';
import { AdminNav } from './AdminNav';
import { ImportSummaryView, PackProblems, problemsFromFields } from './PackReport';
import { RequirePermission } from './RequirePermission';

const MAX_ZIP_BYTES = 50 * 1024 * 1024;

function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return undefined;
    setSeconds(0);
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  return seconds;
}

/** Upload then server work: a real percentage while uploading, then elapsed time while the server works. */
function TransferStatus({ progress, working }: { progress: TransferProgress; working: string }) {
  const elapsed = useElapsed(progress.phase === 'processing');
  return (
    <div className="transfer" role="status">
      {progress.phase === 'uploading' ? (
        <>
          <span>Uploading the pack</span>
          {progress.percent !== null ? <ProgressBar percent={progress.percent} label="Upload" /> : <Spinner size="small" />}
        </>
      ) : (
        <span className="inline-loading">
          <Spinner size="small" /> {working}
          {elapsed >= 2 ? ` (${elapsed} s)` : ''}
        </span>
      )}
    </div>
  );
}

function InstalledPacks() {
  const packs = useQuery(installedPacksQuery);
  return (
    <section className="card" aria-labelledby="installed-heading">
      <h2 id="installed-heading">Installed packs</h2>
      {packs.isPending ? <Loading label="Loading packs…" /> : null}
      <ErrorAlert error={packs.error} />
      {packs.data && packs.data.items.length === 0 ? <EmptyState>No content pack is installed. Upload one below.</EmptyState> : null}
      {packs.data && packs.data.items.length > 0 ? (
        <TableWrap label="Installed packs">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Pack</th>
                <th scope="col">Version</th>
                <th scope="col" className="num">
                  Lessons
                </th>
                <th scope="col" className="num">
                  Paths
                </th>
                <th scope="col" className="num">
                  Tips
                </th>
                <th scope="col">Imported</th>
                <th scope="col">
                  <span className="visually-hidden">Export</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {packs.data.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    {p.name}
                    <span className="muted small block">
                      <code>{p.key}</code>
                    </span>
                    {p.description ? <span className="muted small block">{p.description}</span> : null}
                  </th>
                  <td>{p.version}</td>
                  <td className="num">
                    {p.lessonCount}
                    {p.retiredLessonCount ? <span className="muted small block">+{p.retiredLessonCount} retired</span> : null}
                  </td>
                  <td className="num">{p.pathCount}</td>
                  <td className="num">{p.tipCount}</td>
                  <td>
                    {formatDateTime(p.importedAt)}
                    {p.importedByName ? <span className="muted small block">by {p.importedByName}</span> : <span className="muted small block">at setup</span>}
                  </td>
                  <td>
                    <a className="button button--secondary" href={`/api/v1/admin/content-packs/${encodeURIComponent(p.key)}/export`} download aria-label={`Export ${p.name} as a zip`}>
                      Export
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}

export function AdminContentPacksPage() {
  useDocumentTitle('Content packs');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const fileId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [checking, setChecking] = useState<TransferProgress | null>(null);
  const [importing, setImporting] = useState<TransferProgress | null>(null);
  const [report, setReport] = useState<ValidationReport | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);
  const [refused, setRefused] = useState<PackProblem[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const check = async (f: File) => {
    setError(null);
    setReport(null);
    setResult(null);
    setRefused(null);
    setChecking({ phase: 'uploading', percent: 0 });
    try {
      const r = await uploadFile<ValidationReport>('/api/v1/admin/content-packs/validate', f, setChecking);
      setReport(r);
      announce(r.valid ? 'The pack has no problems and can be imported.' : `The pack has ${r.problems.length} ${r.problems.length === 1 ? 'problem' : 'problems'} to fix.`);
    } catch (e) {
      setError(e);
    } finally {
      setChecking(null);
    }
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0] ?? null;
    setFileError(null);
    setFile(f);
    setReport(null);
    setResult(null);
    setRefused(null);
    setError(null);
    if (!f) return;
    if (!/\.zip$/i.test(f.name)) {
      setFileError('Choose a .zip file: zip the pack folder (with pack.yaml at its top or in one folder) and upload the zip.');
      return;
    }
    if (f.size > MAX_ZIP_BYTES) {
      setFileError('The zip is larger than 50 MB, the most a pack may be.');
      return;
    }
    void check(f);
  };

  const runImport = async () => {
    if (!file) return;
    setError(null);
    setRefused(null);
    setImporting({ phase: 'uploading', percent: 0 });
    try {
      const summary = await uploadFile<ImportSummary>('/api/v1/admin/content-packs/import', file, setImporting);
      setResult(summary);
      setReport(null);
      void queryClient.invalidateQueries({ queryKey: ['content-packs'] });
      void queryClient.invalidateQueries({ queryKey: ['learn'] });
      void queryClient.invalidateQueries({ queryKey: ['framework'] });
      announce(`Import finished: ${summary.pack.name} ${summary.pack.version}.`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'pack_invalid') setRefused(problemsFromFields(e.fields));
      setError(e);
    } finally {
      setImporting(null);
    }
  };

  const reset = () => {
    setFile(null);
    setReport(null);
    setResult(null);
    setRefused(null);
    setError(null);
    if (inputRef.current) inputRef.current.value = '';
    inputRef.current?.focus();
  };

  return (
    <>
      <PageHeader title="Content packs" description="Lessons, learning paths, weekly tips and the career framework come in content packs. Upload a zipped pack to add one or upgrade it." />
      <AdminNav />
      <RequirePermission permission="content.manage">
        <InstalledPacks />
        <section className="card" aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload a pack</h2>
          <p>
            The pack is checked first and nothing changes until you press Import. Upgrading a pack keeps every learner's progress, notes and bookmarks; lessons that changed are marked as updated.
            The file format is described in <code>docs/content-packs.md</code> of the Milewide source; exporting an installed pack gives a complete example.
          </p>
          <div className="field">
            <label htmlFor={fileId} className="field__label">
              Zipped pack
            </label>
            <p id={`${fileId}-hint`} className="field__hint">
              A .zip of the pack folder, up to 50 MB. Choosing a file checks it.
            </p>
            <input
              ref={inputRef}
              id={fileId}
              type="file"
              accept=".zip,application/zip"
              className="file-input"
              onChange={onFile}
              disabled={!!checking || !!importing}
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? `${fileId}-hint ${fileId}-error` : `${fileId}-hint`}
            />
            {fileError ? (
              <p id={`${fileId}-error`} className="field__error">
                <span aria-hidden="true">⚠ </span>
                {fileError}
              </p>
            ) : null}
          </div>
          {checking ? <TransferStatus progress={checking} working="Checking every file of the pack…" /> : null}
          {file && !checking && !report && !result && !fileError ? (
            <div className="form__actions">
              <Button variant="secondary" onClick={() => void check(file)}>
                Check again
              </Button>
            </div>
          ) : null}
          <ErrorAlert error={refused ? null : error} title="The pack could not be processed" />
        </section>

        {report ? (
          <section className="card" aria-labelledby="report-heading">
            <h2 id="report-heading">Check of {file?.name}</h2>
            {report.valid ? (
              <Notice kind="success">
                <p>
                  <strong>No problems found.</strong> Here is what importing it would change.
                </p>
              </Notice>
            ) : (
              <Notice kind="warning">
                <p>
                  <strong>This pack cannot be imported yet.</strong> Nothing was changed.
                </p>
              </Notice>
            )}
            {!report.valid ? <PackProblems problems={report.problems} /> : null}
            {report.preview ? <ImportSummaryView summary={report.preview} /> : null}
            {report.notes.length ? (
              <ul className="small">
                {report.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
            <div className="form__actions">
              {report.valid ? (
                <Button onClick={() => void runImport()} busy={!!importing} busyLabel="Importing…">
                  Import {report.preview ? `${report.preview.pack.name} ${report.preview.pack.version}` : 'the pack'}
                </Button>
              ) : null}
              <Button variant="secondary" onClick={reset} disabled={!!importing}>
                Choose another file
              </Button>
            </div>
            {importing ? <TransferStatus progress={importing} working="Importing: checking the pack again and writing lessons, paths and tips in one step…" /> : null}
          </section>
        ) : null}

        {refused ? (
          <section className="card" aria-labelledby="refused-heading">
            <h2 id="refused-heading">The import was refused</h2>
            <p>Nothing was imported. The pack changed or the organisation changed since it was checked.</p>
            <PackProblems problems={refused} />
          </section>
        ) : null}

        {result ? (
          <section className="card" aria-labelledby="result-heading">
            <h2 id="result-heading">Import finished</h2>
            <Notice kind="success" role="status">
              <p>
                <strong>
                  {result.pack.name} {result.pack.version} is installed.
                </strong>
              </p>
            </Notice>
            <ImportSummaryView summary={result} />
            <div className="form__actions">
              <Button variant="secondary" onClick={reset}>
                Upload another pack
              </Button>
            </div>
          </section>
        ) : null}
      </RequirePermission>
    </>
  );
}
