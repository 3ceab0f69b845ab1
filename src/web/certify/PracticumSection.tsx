import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { errorMessage, fieldError, post } from '../api/client';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { CheckboxGroup, TextAreaField, TextField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { StatusBadge } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { artefactsQuery, evidenceFileUrl, mySubmissionsQuery, uploadEvidenceFile, type Evidence, type EvidenceFile, type Program, type Submission } from './api';

const STATUS_TEXT: Record<Submission['status'], { badge: string; label: string }> = {
  submitted: { badge: 'pending', label: 'Waiting for review' },
  returned: { badge: 'expired', label: 'Returned' },
  accepted: { badge: 'accepted', label: 'Accepted' },
};

/** One piece of evidence as a reader sees it: files download, links open, artefacts named. */
export function EvidenceItem({ evidence }: { evidence: Evidence }) {
  if (evidence.kind === 'file') return <a href={evidenceFileUrl(evidence.ref)}>{evidence.title} (file)</a>;
  if (evidence.kind === 'link')
    return (
      <a href={evidence.ref} target="_blank" rel="noreferrer noopener">
        {evidence.title} (link)
      </a>
    );
  return <span>{evidence.title} (toolkit)</span>;
}

export function SubmissionDetails({ submission, program }: { submission: Submission; program: Pick<Program, 'rubric'> }) {
  const status = STATUS_TEXT[submission.status];
  return (
    <article className="card" aria-label={`Round ${submission.round}`}>
      <h3>
        Round {submission.round} <StatusBadge status={status.badge} label={status.label} />
      </h3>
      <p className="field__hint">Submitted {formatDate(submission.submittedAt)}{submission.reviewedAt ? `, reviewed ${formatDate(submission.reviewedAt)}` : ''}.</p>
      <ul className="evidence-list">
        {submission.evidence.map((e) => (
          <li key={`${e.kind}:${e.ref}`}>
            <EvidenceItem evidence={e} />
          </li>
        ))}
      </ul>
      {submission.note ? <p>{submission.note}</p> : null}
      {submission.comments ? (
        <div>
          <h4>Reviewer's comments</h4>
          <p>{submission.comments}</p>
        </div>
      ) : null}
      {submission.scores ? (
        <dl className="facts">
          {program.rubric.map((c) => (
            <div key={c.key} style={{ display: 'contents' }}>
              <dt>{c.title}</dt>
              <dd>{c.levels[submission.scores![c.key] ?? 0] ?? '—'}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </article>
  );
}

interface LinkRow {
  url: string;
  title: string;
}

function PracticumForm({ program, resubmission }: { program: Program; resubmission: boolean }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const fileInputId = useId();
  const artefacts = useQuery(artefactsQuery);
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const [links, setLinks] = useState<LinkRow[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const upload = useMutation({
    mutationFn: uploadEvidenceFile,
    onSuccess: (file) => {
      setFiles((f) => [...f, file]);
      announce(`${file.fileName} uploaded.`);
    },
  });
  const evidence = (): Evidence[] => [
    ...files.map((f) => ({ kind: 'file' as const, ref: f.id, title: f.fileName })),
    ...links.map((l) => ({ kind: 'link' as const, ref: l.url.trim(), title: l.title.trim() || l.url.trim() })),
    ...chosen.map((ref) => ({ kind: 'artefact' as const, ref, title: artefacts.data?.items.find((a) => a.ref === ref)?.title ?? ref })),
  ];
  const submit = useMutation({
    mutationFn: () => post<Submission>(`/api/v1/certify/programs/${program.id}/practicum`, { evidence: evidence(), note }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce('Practicum submitted for review.');
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };
  const linkError = (i: number, field: 'ref' | 'title') => fieldError(submit.error, `body.evidence.${files.length + i}.${field}`) ?? fieldError(submit.error, `evidence.${files.length + i}.${field}`);
  const count = files.length + links.length + chosen.length;
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={resubmission ? 'Resubmit practicum' : 'Submit practicum'}>
      <ErrorAlert error={submit.error} />
      <fieldset className="fieldset">
        <legend className="field__label">Files</legend>
        <p className="field__hint" id={`${fileInputId}-hint`}>
          Up to 10 MB each: PDF, Word, Excel, PowerPoint, OpenDocument text, PNG, JPEG, plain text, Markdown or CSV.
        </p>
        {files.length ? (
          <ul className="evidence-list">
            {files.map((f) => (
              <li key={f.id}>
                <a href={evidenceFileUrl(f.id)}>{f.fileName}</a> ({Math.ceil(f.sizeBytes / 1024)} KB){' '}
                <Button variant="link" onClick={() => setFiles((all) => all.filter((x) => x.id !== f.id))}>
                  Remove {f.fileName}
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor={fileInputId}>
            Add a file
          </label>
          <input
            id={fileInputId}
            className="input"
            type="file"
            aria-describedby={`${fileInputId}-hint`}
            disabled={upload.isPending}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file);
              e.target.value = '';
            }}
          />
          {upload.isPending ? <Loading label="Uploading…" /> : null}
          {upload.error ? (
            <p className="field__error" role="alert">
              <span aria-hidden="true">⚠ </span>
              {errorMessage(upload.error)}
            </p>
          ) : null}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend className="field__label">Links</legend>
        {links.map((l, i) => (
          <div className="evidence-row" key={i}>
            <TextField label={`Link ${i + 1} address`} type="url" value={l.url} placeholder="https://" onChange={(e) => setLinks((all) => all.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)))} error={linkError(i, 'ref')} />
            <TextField label={`Link ${i + 1} title`} value={l.title} onChange={(e) => setLinks((all) => all.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))} error={linkError(i, 'title')} />
            <Button variant="secondary" onClick={() => setLinks((all) => all.filter((_x, j) => j !== i))}>
              Remove link {i + 1}
            </Button>
          </div>
        ))}
        <Button variant="secondary" onClick={() => setLinks((all) => [...all, { url: '', title: '' }])}>
          Add a link
        </Button>
      </fieldset>
      {artefacts.isPending ? (
        <Loading label="Loading your toolkit work…" />
      ) : artefacts.error ? (
        <ErrorAlert error={artefacts.error} />
      ) : artefacts.data.items.length === 0 ? (
        <Notice>You have no published escalation procedure or post-incident review of your own yet; they can be evidence once you have.</Notice>
      ) : (
        <CheckboxGroup
          legend="Toolkit work"
          hint="Published escalation procedures you are the Expert of, and post-incident reviews of incidents you ran."
          options={artefacts.data.items.map((a) => ({ value: a.ref, label: `${a.title} (${a.detail})` }))}
          value={chosen}
          onChange={setChosen}
        />
      )}
      <TextAreaField label="Note for the reviewer" rows={4} value={note} onChange={(e) => setNote(e.target.value)} hint="What the evidence shows: the problem, what you did, and the outcome." error={fieldError(submit.error, 'body.note')} />
      <div className="form__actions">
        <Button type="submit" busy={submit.isPending} busyLabel="Submitting…" disabled={count === 0 || upload.isPending}>
          {resubmission ? 'Resubmit practicum' : 'Submit practicum'}
        </Button>
        <span className="field__hint">{count === 0 ? 'Add at least one file, link or toolkit work.' : `${count} piece${count === 1 ? '' : 's'} of evidence.`}</span>
      </div>
    </form>
  );
}

/** The learner's practicum in one program: the submission form, every round and the reviewers' comments. */
export function PracticumSection({ program, enrolled }: { program: Program; enrolled: boolean }) {
  const submissions = useQuery({ ...mySubmissionsQuery(program.id), enabled: enrolled });
  const latest = submissions.data?.items[0];
  return (
    <section className="card" aria-labelledby="practicum" id="practicum-section">
      <h2 id="practicum" tabIndex={-1}>
        Practicum
      </h2>
      <p>Show the management work you did with evidence: files, links and your toolkit work. A reviewer scores it against the rubric and accepts it or returns it with comments.</p>
      <details>
        <summary>The rubric</summary>
        <ul>
          {program.rubric.map((c) => (
            <li key={c.key}>
              <strong>{c.title}</strong>: {c.levels.join(' → ')} (pass: {c.levels[c.passLevel]})
            </li>
          ))}
        </ul>
      </details>
      {!enrolled ? (
        <Notice>Enrol in the program to submit practicum evidence.</Notice>
      ) : submissions.isPending ? (
        <Loading label="Loading your submissions…" />
      ) : submissions.error ? (
        <ErrorAlert error={submissions.error} />
      ) : (
        <>
          {latest?.status === 'returned' ? (
            <Notice kind="warning">A reviewer returned your practicum with comments (below). Improve it and resubmit.</Notice>
          ) : latest?.status === 'submitted' ? (
            <Notice>Your practicum is waiting for a reviewer.</Notice>
          ) : latest?.status === 'accepted' ? (
            <Notice kind="success">Your practicum was accepted.</Notice>
          ) : null}
          {!latest || latest.status === 'returned' ? <PracticumForm program={program} resubmission={!!latest} /> : null}
          {submissions.data.items.map((s) => (
            <SubmissionDetails key={s.id} submission={s} program={program} />
          ))}
        </>
      )}
    </section>
  );
}
