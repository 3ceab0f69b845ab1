import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import { ApiError, fieldError, post } from '../api/client';
import type { ImportPreview, ImportResult } from '../api/types';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { TextAreaField } from '../ui/Field';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader, StatusBadge, TableWrap } from '../ui/Misc';
import { AdminNav } from './AdminNav';
import { RequirePermission } from './RequirePermission';
import { CAREER_LEVELS } from '../../shared/career';
import { ROLES } from '../../shared/roles';

const HEADER = 'email,name,team,manager_email,career_level,job_role,roles';
const EXAMPLE = `${HEADER}
ana.lopez@example.org,Ana López,Service desk,sam.reed@example.org,tech_lead,Service desk lead,learner
sam.reed@example.org,Sam Reed,Infrastructure,,it_manager,Infrastructure manager,learner;mentor`;

const ACTION_LABELS: Record<string, string> = { create: 'Create', update: 'Update', unchanged: 'No change', error: 'Error' };

function PreviewView({ preview }: { preview: ImportPreview }) {
  const { summary, errors, rows } = preview;
  return (
    <section className="card" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <ul className="summary">
        <li>
          <strong>{summary.create}</strong> to create
        </li>
        <li>
          <strong>{summary.update}</strong> to update
        </li>
        <li>
          <strong>{summary.unchanged}</strong> unchanged
        </li>
        <li className={summary.error ? 'summary__bad' : undefined}>
          <strong>{summary.error}</strong> with errors
        </li>
      </ul>
      {preview.teamsToCreate && preview.teamsToCreate.length > 0 ? (
        <p>
          New {preview.teamsToCreate.length === 1 ? 'team' : 'teams'} to create: <strong>{preview.teamsToCreate.join(', ')}</strong>
        </p>
      ) : null}
      {errors.length > 0 ? (
        <>
          <h3>Problems to fix ({errors.length})</h3>
          <p>Correct these in the CSV and preview again. Nothing is imported until every row is valid.</p>
          <TableWrap label="Import problems">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e, i) => (
                  <tr key={`${e.line}-${e.column}-${i}`}>
                    <td className="num">{e.line}</td>
                    <td>
                      <code>{e.column || '—'}</code>
                    </td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
      <h3>Rows ({rows.length})</h3>
      <TableWrap label="Rows to import">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">E-mail</th>
              <th scope="col">Name</th>
              <th scope="col">Result</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.line}>
                <td className="num">{r.line}</td>
                <td className="cell-email">{r.email || '—'}</td>
                <td>{r.name || '—'}</td>
                <td>
                  <StatusBadge status={`import-${r.action}`} label={ACTION_LABELS[r.action] ?? r.action} />
                </td>
                <td>{r.changes && r.changes.length ? r.changes.join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export function AdminImportPage() {
  useDocumentTitle('Import people');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const fileId = useId();
  const [csv, setCsv] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [previewedCsv, setPreviewedCsv] = useState<string | null>(null);

  const preview = useMutation({
    mutationFn: (text: string) => post<ImportPreview>('/api/v1/people/import/preview', { csv: text }),
    onSuccess: (p, text) => {
      setPreviewedCsv(text);
      announce(p.errors.length ? `Preview ready: ${p.errors.length} problems to fix.` : `Preview ready: ${p.rows.length} rows, no problems.`);
    },
  });
  const commit = useMutation({
    mutationFn: (text: string) => post<ImportResult>('/api/v1/people/import/commit', { csv: text }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
      void queryClient.invalidateQueries({ queryKey: ['org-chart'] });
      announce(`Import finished: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.`);
    },
  });

  const onText = (value: string) => {
    setCsv(value);
    commit.reset();
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > 5 * 1024 * 1024) {
      setFileError('The file is larger than 5 MB. Split it into smaller files.');
      return;
    }
    file.text().then(
      (text) => {
        onText(text);
        preview.mutate(text);
      },
      () => setFileError('The file could not be read.'),
    );
  };

  const current = preview.data && previewedCsv === csv ? preview.data : null;
  const stale = preview.data && previewedCsv !== csv;
  const canCommit = !!current && current.errors.length === 0 && current.rows.length > 0 && !commit.isSuccess;
  // A commit refused because rows are bad returns the same errors as the preview.
  const commitErrors = commit.error instanceof ApiError ? commit.error : null;

  return (
    <>
      <PageHeader title="Import people" description="Create and update many people at once from a CSV file. You see a preview before anything changes." />
      <AdminNav />
      <RequirePermission permission="people.import">
        <section className="card" aria-labelledby="csv-heading">
          <h2 id="csv-heading">1. Provide the CSV</h2>
          <details className="more">
            <summary>Columns and allowed values</summary>
            <p>
              The first line must be the header <code>{HEADER}</code>. People are matched by e-mail: new addresses are created,
              existing ones are updated.
            </p>
            <ul>
              <li>
                <code>team</code>: the team's name; a name that does not exist yet creates the team (the preview lists them).
              </li>
              <li>
                <code>manager_email</code>: the manager's e-mail, either already in Milewide or elsewhere in the file.
              </li>
              <li>
                <code>career_level</code>: one of {CAREER_LEVELS.map((l, i) => (
                  <span key={l.key}>
                    {i ? ', ' : ''}
                    <code>{l.key}</code>
                  </span>
                ))}
                .
              </li>
              <li>
                <code>roles</code>: separated by “;”, from {ROLES.map((r, i) => (
                  <span key={r}>
                    {i ? ', ' : ''}
                    <code>{r}</code>
                  </span>
                ))}
                .
              </li>
            </ul>
            <Button variant="secondary" onClick={() => onText(EXAMPLE)}>
              Insert an example
            </Button>
          </details>
          <div className="field">
            <label htmlFor={fileId} className="field__label">
              CSV file
            </label>
            <p id={`${fileId}-hint`} className="field__hint">
              Choosing a file fills in the text below and previews it.
            </p>
            <input
              id={fileId}
              type="file"
              accept=".csv,text/csv"
              className="file-input"
              onChange={onFile}
              aria-describedby={fileError ? `${fileId}-hint ${fileId}-error` : `${fileId}-hint`}
            />
            {fileError ? (
              <p id={`${fileId}-error`} className="field__error">
                {fileError}
              </p>
            ) : null}
          </div>
          <TextAreaField
            label="CSV text"
            hint="Or paste the rows here."
            rows={8}
            className="input textarea textarea--code"
            spellCheck={false}
            value={csv}
            onChange={(e) => onText(e.target.value)}
            error={fieldError(preview.error, 'body.csv')}
          />
          <ErrorAlert error={preview.error} />
          <div className="form__actions">
            <Button onClick={() => preview.mutate(csv)} busy={preview.isPending} busyLabel="Checking…" disabled={!csv.trim()}>
              Preview
            </Button>
          </div>
        </section>
        {stale ? <Notice kind="warning">The CSV has changed since the preview. Preview again before importing.</Notice> : null}
        {current ? <PreviewView preview={current} /> : null}
        {current ? (
          <section className="card" aria-labelledby="confirm-heading">
            <h2 id="confirm-heading">2. Import</h2>
            {current.errors.length > 0 ? (
              <p id="confirm-blocked">Fix the problems listed above first; the import is all or nothing.</p>
            ) : (
              <p>
                This creates {current.summary.create} and updates {current.summary.update}{' '}
                {current.summary.create + current.summary.update === 1 ? 'person' : 'people'}. Created people can then be
                invited to choose a password.
              </p>
            )}
            <ErrorAlert error={commit.error} />
            {commitErrors && commitErrors.fields.length > 0 ? (
              <TableWrap label="Problems that stopped the import">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        Line
                      </th>
                      <th scope="col">Column</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {commitErrors.fields.map((f, i) => {
                      // The server names rows as "line 3.manager_email".
                      const m = /^line (\d+)\.?(.*)$/.exec(f.path);
                      return (
                        <tr key={i}>
                          <td className="num">{m ? m[1] : '—'}</td>
                          <td>
                            <code>{m ? m[2] || '—' : f.path}</code>
                          </td>
                          <td>{f.message}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            ) : null}
            {commit.isSuccess ? (
              <Notice kind="success" role="status">
                <p>
                  <strong>Import finished.</strong> {commit.data.created} created, {commit.data.updated} updated,{' '}
                  {commit.data.unchanged} unchanged
                  {commit.data.teamsCreated ? `; ${commit.data.teamsCreated} new ${commit.data.teamsCreated === 1 ? 'team' : 'teams'}` : ''}.
                </p>
              </Notice>
            ) : null}
            <div className="form__actions">
              <Button
                onClick={() => commit.mutate(csv)}
                busy={commit.isPending}
                busyLabel="Importing…"
                disabled={!canCommit}
                aria-describedby={current.errors.length > 0 ? 'confirm-blocked' : undefined}
              >
                Confirm import
              </Button>
            </div>
          </section>
        ) : null}
      </RequirePermission>
    </>
  );
}
