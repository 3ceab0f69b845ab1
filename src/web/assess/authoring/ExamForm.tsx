import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError } from '../../api/client';
import { pathsQuery } from '../../api/learn';
import { ErrorAlert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { banksQuery, competencyOptions, itemCompetenciesQuery, publishedCountsQuery, EXAM_STATUS_LABELS, type Exam, type ExamStatus, type FeedbackRelease } from './api';

export interface ExamDraft {
  examKey: string;
  title: string;
  description: string;
  bankKey: string;
  blueprint: { competency: string; count: string }[];
  timeLimitMinutes: string;
  attemptLimit: string;
  cooldownMinutes: string;
  cutScorePercent: string;
  shuffleOptions: boolean;
  feedbackRelease: FeedbackRelease;
  requiredPathKey: string;
  opensAt: string;
  closesAt: string;
  status: ExamStatus;
}

export const emptyExam = (): ExamDraft => ({
  examKey: '',
  title: '',
  description: '',
  bankKey: '',
  blueprint: [{ competency: '', count: '1' }],
  timeLimitMinutes: '30',
  attemptLimit: '',
  cooldownMinutes: '0',
  cutScorePercent: '70',
  shuffleOptions: true,
  feedbackRelease: 'on_submit',
  requiredPathKey: '',
  opensAt: '',
  closesAt: '',
  status: 'draft',
});

/** datetime-local wants "2026-03-31T09:00" in local time. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function examToDraft(exam: Exam): ExamDraft {
  return {
    examKey: exam.examKey,
    title: exam.title,
    description: exam.description,
    bankKey: exam.bankKey,
    blueprint: exam.blueprint.map((l) => ({ competency: l.competency, count: String(l.count) })),
    timeLimitMinutes: String(exam.timeLimitMinutes),
    attemptLimit: exam.attemptLimit === null ? '' : String(exam.attemptLimit),
    cooldownMinutes: String(exam.cooldownMinutes),
    cutScorePercent: String(exam.cutScorePercent),
    shuffleOptions: exam.shuffleOptions,
    feedbackRelease: exam.feedbackRelease,
    requiredPathKey: exam.requiredPathKey ?? '',
    opensAt: toLocalInput(exam.opensAt),
    closesAt: toLocalInput(exam.closesAt),
    status: exam.status,
  };
}

/** Numbers go to the API as typed so that its own message explains a bad one ("must be a whole number"). */
const num = (v: string): number | string => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

/** The request body; the exam key is sent only when creating. */
export function draftToBody(d: ExamDraft, creating: boolean): Record<string, unknown> {
  return {
    ...(creating ? { examKey: d.examKey.trim() } : {}),
    title: d.title.trim(),
    description: d.description.trim(),
    bankKey: d.bankKey,
    blueprint: d.blueprint.map((l) => ({ competency: l.competency, count: num(l.count) })),
    timeLimitMinutes: num(d.timeLimitMinutes),
    attemptLimit: d.attemptLimit.trim() === '' ? null : num(d.attemptLimit),
    cooldownMinutes: num(d.cooldownMinutes),
    cutScorePercent: num(d.cutScorePercent),
    shuffleOptions: d.shuffleOptions,
    feedbackRelease: d.feedbackRelease,
    requiredPathKey: d.requiredPathKey || null,
    opensAt: d.opensAt ? new Date(d.opensAt).toISOString() : null,
    closesAt: d.closesAt ? new Date(d.closesAt).toISOString() : null,
    status: d.status,
  };
}

export function ExamForm({
  initial,
  creating,
  error,
  busy,
  onSubmit,
}: {
  initial: ExamDraft;
  creating: boolean;
  error: unknown;
  busy: boolean;
  onSubmit: (draft: ExamDraft) => void;
}) {
  const [d, setD] = useState<ExamDraft>(initial);
  const banks = useQuery(banksQuery);
  const competencies = useQuery(itemCompetenciesQuery);
  const paths = useQuery(pathsQuery);
  const counts = useQuery(publishedCountsQuery(d.bankKey));
  const set = (patch: Partial<ExamDraft>) => setD((x) => ({ ...x, ...patch }));
  const setLine = (i: number, patch: Partial<ExamDraft['blueprint'][number]>) => set({ blueprint: d.blueprint.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const err = (path: string) => fieldError(error, `body.${path}`);

  const publishedIn = new Map((counts.data?.items ?? []).map((c) => [c.id, c.published ?? 0]));
  const lineOptions = competencyOptions(counts.data?.items ?? competencies.data?.items, (c) => ` — ${publishedIn.get(c.id) ?? 0} published`);
  const total = d.blueprint.reduce((n, l) => n + (Number(l.count) || 0), 0);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(d);
  };

  return (
    <form className="form card" onSubmit={submit} aria-label="Exam">
      <h2>About the exam</h2>
      <div className="grid-2">
        <TextField label="Title" required value={d.title} onChange={(e) => set({ title: e.target.value })} error={err('title')} />
        {creating ? (
          <TextField label="Exam key" required hint="A stable name: lower-case letters, digits and dashes, e.g. it-manager-core." value={d.examKey} onChange={(e) => set({ examKey: e.target.value })} error={err('examKey')} />
        ) : (
          <p>
            Exam key: <code>{d.examKey}</code>
          </p>
        )}
      </div>
      <TextAreaField label="Description" rows={3} hint="What the exam covers; candidates see it." value={d.description} onChange={(e) => set({ description: e.target.value })} error={err('description')} />

      <h2>Blueprint</h2>
      <p>How many items each exam form draws per competency, from the published items of one bank.</p>
      <SelectField
        label="Bank"
        required
        value={d.bankKey}
        emptyLabel="Choose a bank"
        options={(banks.data?.items ?? []).map((b) => ({ value: b.bankKey, label: `${b.title} (${b.bankKey}): ${b.counts.published} published` }))}
        onChange={(e) => set({ bankKey: e.target.value })}
        error={err('bankKey')}
      />
      {err('blueprint') ? (
        <p className="field__error" role="alert">
          <span aria-hidden="true">⚠ </span>Blueprint: {err('blueprint')}
        </p>
      ) : null}
      {d.blueprint.map((line, i) => {
        const n = i + 1;
        const has = d.bankKey ? (publishedIn.get(line.competency) ?? 0) : null;
        return (
          <div className="blueprint-line" role="group" aria-label={`Blueprint line ${n}`} key={i}>
            <SelectField
              label={`Line ${n}: competency`}
              value={line.competency}
              emptyLabel="Choose a competency"
              options={lineOptions}
              onChange={(e) => setLine(i, { competency: e.target.value })}
              error={err(`blueprint.${i}.competency`)}
            />
            <TextField
              label={`Line ${n}: items`}
              type="number"
              inputMode="numeric"
              min={1}
              value={line.count}
              onChange={(e) => setLine(i, { count: e.target.value })}
              hint={line.competency && has !== null ? `The bank has ${has} published.` : undefined}
              error={err(`blueprint.${i}.count`)}
            />
            <Button variant="secondary" disabled={d.blueprint.length === 1} onClick={() => set({ blueprint: d.blueprint.filter((_, j) => j !== i) })}>
              Remove line {n}
            </Button>
          </div>
        );
      })}
      <p>
        <Button variant="secondary" onClick={() => set({ blueprint: [...d.blueprint, { competency: '', count: '1' }] })}>
          Add a competency
        </Button>{' '}
        <span aria-live="polite">
          {total} {total === 1 ? 'item' : 'items'} per form.
        </span>
      </p>

      <h2>Rules</h2>
      <div className="grid-2">
        <TextField label="Time limit (minutes)" type="number" inputMode="numeric" min={1} required value={d.timeLimitMinutes} onChange={(e) => set({ timeLimitMinutes: e.target.value })} error={err('timeLimitMinutes')} />
        <TextField label="Cut score (%)" type="number" inputMode="numeric" min={1} max={100} required value={d.cutScorePercent} onChange={(e) => set({ cutScorePercent: e.target.value })} error={err('cutScorePercent')} />
        <TextField label="Attempt limit" type="number" inputMode="numeric" min={1} hint="Leave empty for no limit." value={d.attemptLimit} onChange={(e) => set({ attemptLimit: e.target.value })} error={err('attemptLimit')} />
        <TextField label="Cool-down between attempts (minutes)" type="number" inputMode="numeric" min={0} value={d.cooldownMinutes} onChange={(e) => set({ cooldownMinutes: e.target.value })} error={err('cooldownMinutes')} />
        <SelectField
          label="Required learning path"
          hint="Candidates must complete it before they may start."
          value={d.requiredPathKey}
          emptyLabel="None"
          options={(paths.data?.items ?? []).map((p) => ({ value: p.key, label: p.title }))}
          onChange={(e) => set({ requiredPathKey: e.target.value })}
          error={err('requiredPathKey')}
        />
        <SelectField
          label="Feedback release"
          hint="When candidates see the key and the rationales."
          value={d.feedbackRelease}
          options={[
            { value: 'on_submit', label: 'When they submit' },
            { value: 'after_close', label: 'After the exam window closes' },
          ]}
          onChange={(e) => set({ feedbackRelease: e.target.value as FeedbackRelease })}
          error={err('feedbackRelease')}
        />
        <TextField label="Opens at" type="datetime-local" hint="Optional; your local time." value={d.opensAt} onChange={(e) => set({ opensAt: e.target.value })} error={err('opensAt')} />
        <TextField label="Closes at" type="datetime-local" hint="Needed when feedback is released after the window closes." value={d.closesAt} onChange={(e) => set({ closesAt: e.target.value })} error={err('closesAt')} />
      </div>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={d.shuffleOptions} onChange={(e) => set({ shuffleOptions: e.target.checked })} />
          <span>Shuffle the options of each item for every candidate</span>
        </label>
      </div>
      <SelectField
        label="Status"
        hint="Candidates see only published exams."
        value={d.status}
        options={Object.entries(EXAM_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        onChange={(e) => set({ status: e.target.value as ExamStatus })}
        error={err('status')}
      />
      <ErrorAlert error={error} title="The exam was not saved." />
      <div className="form__actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          {creating ? 'Create exam' : 'Save exam'}
        </Button>
      </div>
    </form>
  );
}
