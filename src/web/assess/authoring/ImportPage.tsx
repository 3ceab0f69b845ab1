import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { fieldError } from '../../api/client';
import { RequirePermission } from '../../admin/RequirePermission';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader } from '../../ui/Misc';
import { banksQuery, competencyOptions, itemCompetenciesQuery, uploadItems, type ImportReport } from './api';
import { AuthoringNav } from './AuthoringNav';
import { ImportReportView } from './ImportReportView';
import './authoring.css';

const MAX_BYTES = 10 * 1024 * 1024;

export function ImportPage() {
  useDocumentTitle('Import questions');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const fileId = useId();
  const banks = useQuery(banksQuery);
  const competencies = useQuery(itemCompetenciesQuery);
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [bankKey, setBankKey] = useState('');
  const [format, setFormat] = useState('auto');
  const [defaultCompetency, setDefaultCompetency] = useState('');
  const [keyPrefix, setKeyPrefix] = useState('');
  const [publish, setPublish] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<{ report: ImportReport; fileName: string } | null>(null);

  const upload = useMutation({
    mutationFn: (mode: 'preview' | 'commit') => {
      if (!file) return Promise.reject(new Error('Choose a file first.'));
      setProgress(0);
      return uploadItems(mode, file, { bankKey, format, defaultCompetency, keyPrefix, publish: String(publish) }, setProgress);
    },
    onSuccess: (report) => {
      setResult({ report, fileName: file?.name ?? 'the file' });
      if (!report.dryRun) {
        void queryClient.invalidateQueries({ queryKey: ['items'] });
        void queryClient.invalidateQueries({ queryKey: ['item-banks'] });
      }
      announce(`${report.dryRun ? 'Check finished' : 'Import finished'}: ${report.summary.imported} ${report.dryRun ? 'to import' : 'imported'}, ${report.summary.skipped} skipped.`);
    },
    onSettled: () => setProgress(null),
  });

  // A report is about the file and settings it was made with: changing either clears it.
  useEffect(() => setResult(null), [bankKey, format, defaultCompetency, keyPrefix, publish]);

  const onFile = (f: File | undefined) => {
    setResult(null);
    upload.reset();
    setFileProblem(null);
    if (f && f.size > MAX_BYTES) {
      setFile(null);
      setFileProblem('The file is larger than 10 MB. Split it into smaller files and import them one by one.');
      return;
    }
    setFile(f ?? null);
  };

  const serverFileError = fieldError(upload.error, 'body.file');
  const fileError = fileProblem ?? serverFileError;
  const checked = result?.report.dryRun === true;
  const done = result?.report.dryRun === false;

  return (
    <>
      <PageHeader title="Import questions" description="Bring multiple-choice questions from GIFT, Moodle XML or QTI 3.0 files into a bank. Check the file first: the report lists every question and, for each one skipped, why." />
      <AuthoringNav />
      <RequirePermission permission="items.manage">
        <form
          className="card form"
          aria-label="Import a question file"
          onSubmit={(e) => {
            e.preventDefault();
            upload.mutate('preview');
          }}
        >
          <div className="field">
            <label htmlFor={fileId} className="field__label">
              Question file <span className="field__required" aria-hidden="true">(required)</span>
            </label>
            <p id={`${fileId}-hint`} className="field__hint">
              .gift or .txt (GIFT), .xml (Moodle XML or QTI 3.0), or a QTI .zip package; at most 10 MB.
            </p>
            <input
              id={fileId}
              type="file"
              className="file-input"
              accept=".gift,.txt,.xml,.zip"
              required
              onChange={(e) => onFile(e.target.files?.[0])}
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
          <div className="grid-2">
            <SelectField
              label="Bank"
              required
              value={bankKey}
              emptyLabel="Choose a bank"
              options={(banks.data?.items ?? []).map((b) => ({ value: b.bankKey, label: `${b.title} (${b.bankKey})` }))}
              onChange={(e) => setBankKey(e.target.value)}
              error={fieldError(upload.error, 'body.bankKey')}
            />
            <SelectField
              label="Format"
              value={format}
              options={[
                { value: 'auto', label: 'Recognise from the file' },
                { value: 'gift', label: 'GIFT' },
                { value: 'moodle', label: 'Moodle XML' },
                { value: 'qti', label: 'QTI 3.0' },
              ]}
              onChange={(e) => setFormat(e.target.value)}
              error={fieldError(upload.error, 'body.format')}
            />
            <SelectField
              label="Default competency"
              hint="For questions whose category does not name a competency."
              value={defaultCompetency}
              emptyLabel="None (skip such questions)"
              options={competencyOptions(competencies.data?.items)}
              onChange={(e) => setDefaultCompetency(e.target.value)}
              error={fieldError(upload.error, 'body.defaultCompetency')}
            />
            <TextField
              label="Item key prefix"
              hint="Optional. Keys are made from it and the question name; by default from the file name."
              value={keyPrefix}
              onChange={(e) => setKeyPrefix(e.target.value)}
              error={fieldError(upload.error, 'body.keyPrefix')}
            />
          </div>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} />
              <span>Publish imported items at once (each needs a rationale for every option; otherwise it is skipped)</span>
            </label>
          </div>
          {progress !== null ? (
            <div className="field" role="status">
              <label htmlFor={`${fileId}-progress`} className="field__label field__label--small">
                {progress < 1 ? `Uploading ${file?.name ?? ''}…` : `Reading the questions of ${file?.name ?? 'the file'}…`}
              </label>
              <progress id={`${fileId}-progress`} className="progress" max={1} value={progress < 1 ? progress : undefined} />
            </div>
          ) : null}
          {upload.error && !serverFileError ? <ErrorAlert error={upload.error} /> : null}
          <div className="form__actions">
            <Button type="submit" variant={checked ? 'secondary' : 'primary'} busy={upload.isPending && upload.variables === 'preview'} busyLabel="Checking…" disabled={!file || upload.isPending}>
              Check the file
            </Button>
            {checked ? (
              <Button onClick={() => upload.mutate('commit')} busy={upload.isPending && upload.variables === 'commit'} busyLabel="Importing…" disabled={upload.isPending || result.report.summary.imported === 0}>
                Import {result.report.summary.imported} {result.report.summary.imported === 1 ? 'question' : 'questions'}
              </Button>
            ) : null}
          </div>
          {done ? (
            <Notice kind="success" role="status">
              Import finished: {result.report.summary.imported} imported, {result.report.summary.skipped} skipped.
            </Notice>
          ) : null}
        </form>
        {result ? <ImportReportView report={result.report} fileName={result.fileName} /> : null}
      </RequirePermission>
    </>
  );
}
