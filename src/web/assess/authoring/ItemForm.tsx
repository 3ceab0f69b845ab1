import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { fieldError } from '../../api/client';
import { ErrorAlert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { banksQuery, competencyOptions, itemCompetenciesQuery, KIND_LABELS, scenariosQuery, type ItemKind } from './api';

export interface OptionDraft {
  text: string;
  correct: boolean;
  rationale: string;
}

export interface ItemDraft {
  bankKey: string;
  kind: ItemKind;
  competency: string;
  stem: string;
  options: OptionDraft[];
  scenarioId: string;
}

export const emptyItem = (bankKey = '', scenarioId = ''): ItemDraft => ({
  bankKey,
  kind: 'single',
  competency: '',
  stem: '',
  options: [0, 1, 2, 3].map(() => ({ text: '', correct: false, rationale: '' })),
  scenarioId,
});

const MAX_OPTIONS = 8;

/** The server names a field as body.x when saving and item.x when publishing. */
function fieldMessage(error: unknown, path: string): string | undefined {
  return fieldError(error, `body.${path}`) ?? fieldError(error, `item.${path}`);
}

function OptionEditor({
  index,
  option,
  kind,
  groupName,
  error,
  canRemove,
  onChange,
  onRemove,
}: {
  index: number;
  option: OptionDraft;
  kind: ItemKind;
  groupName: string;
  error: unknown;
  canRemove: boolean;
  onChange: (next: OptionDraft) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const correctId = useId();
  return (
    <fieldset className="option-editor">
      <legend>Option {n}</legend>
      <TextField label={`Option ${n} text`} value={option.text} onChange={(e) => onChange({ ...option, text: e.target.value })} error={fieldMessage(error, `options.${index}.text`)} />
      <div className="field">
        <label className="checkbox" htmlFor={correctId}>
          <input
            id={correctId}
            type={kind === 'single' ? 'radio' : 'checkbox'}
            name={groupName}
            checked={option.correct}
            onChange={(e) => onChange({ ...option, correct: e.target.checked })}
          />
          <span>Option {n} is correct</span>
        </label>
      </div>
      <TextAreaField
        label={`Option ${n} rationale`}
        hint="Why this option is right or wrong; candidates see it with their results."
        rows={2}
        value={option.rationale}
        onChange={(e) => onChange({ ...option, rationale: e.target.value })}
        error={fieldMessage(error, `options.${index}.rationale`)}
      />
      {canRemove ? (
        <div className="option-editor__actions">
          <Button variant="secondary" onClick={onRemove}>
            Remove option {n}
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}

/**
 * Writes or edits a single- or multiple-response item. Problems come back from the server at the
 * field they belong to; the form keeps what was typed.
 */
export function ItemForm({
  initial,
  bankFixed,
  error,
  busy,
  submitLabels,
  onSubmit,
}: {
  initial: ItemDraft;
  /** Existing items stay in their bank. */
  bankFixed: boolean;
  error: unknown;
  busy: boolean;
  /** The primary button, and optionally a second one that also publishes. */
  submitLabels: { save: string; publish?: string };
  onSubmit: (draft: ItemDraft, publish: boolean) => void;
}) {
  const [draft, setDraft] = useState<ItemDraft>(initial);
  const groupName = useId();
  const banks = useQuery(banksQuery);
  const competencies = useQuery(itemCompetenciesQuery);
  const scenarios = useQuery({ ...scenariosQuery(draft.bankKey), enabled: draft.bankKey !== '' });
  const set = (patch: Partial<ItemDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setOption = (i: number, next: OptionDraft) =>
    setDraft((d) => ({
      ...d,
      // A single-response item has one key: choosing one clears the others.
      options: d.options.map((o, j) => (j === i ? next : d.kind === 'single' && next.correct ? { ...o, correct: false } : o)),
    }));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(draft, false);
  };

  const competencyChoices = competencyOptions(competencies.data?.items);
  if (draft.competency && !competencyChoices.some((o) => o.value === draft.competency)) competencyChoices.unshift({ value: draft.competency, label: draft.competency });
  const bankOptions = (banks.data?.items ?? []).map((b) => ({ value: b.bankKey, label: `${b.title} (${b.bankKey})` }));
  const optionsError = fieldMessage(error, 'options');

  return (
    <form className="form card" onSubmit={submit} aria-label="Item">
      <div className="grid-2">
        {bankFixed ? (
          <p>
            Bank: <code>{draft.bankKey}</code>
          </p>
        ) : (
          <SelectField label="Bank" required value={draft.bankKey} emptyLabel="Choose a bank" options={bankOptions} onChange={(e) => set({ bankKey: e.target.value, scenarioId: '' })} error={fieldMessage(error, 'bankKey')} />
        )}
        <SelectField
          label="Scenario set"
          hint="Items of a set share one case text and stay together on an exam form."
          value={draft.scenarioId}
          emptyLabel="None (a stand-alone item)"
          options={(scenarios.data?.items ?? []).map((s) => ({ value: s.id, label: s.title }))}
          onChange={(e) => set({ scenarioId: e.target.value })}
          error={fieldMessage(error, 'scenarioId')}
        />
        <SelectField
          label="Competency"
          required
          value={draft.competency}
          emptyLabel="Choose a competency"
          options={competencyChoices}
          onChange={(e) => set({ competency: e.target.value })}
          error={fieldMessage(error, 'competency')}
        />
        <SelectField
          label="Kind"
          value={draft.kind}
          options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(e) => {
            const kind = e.target.value as ItemKind;
            // Radios show one key: keep the first correct option when switching to single response.
            const first = draft.options.findIndex((o) => o.correct);
            set({ kind, options: kind === 'single' ? draft.options.map((o, j) => ({ ...o, correct: j === first })) : draft.options });
          }}
          hint="Single response: exactly one correct option. Multiple response: two or more, scored all or nothing."
          error={fieldMessage(error, 'kind')}
        />
      </div>
      <TextAreaField label="Question" required rows={4} value={draft.stem} onChange={(e) => set({ stem: e.target.value })} error={fieldMessage(error, 'stem')} />
      <div className={optionsError ? 'field field--invalid' : 'field'}>
        <h3 className="h-small" id={`${groupName}-options`}>
          Options
        </h3>
        {optionsError ? (
          <p className="field__error" role="alert">
            <span aria-hidden="true">⚠ </span>
            Options: {optionsError}
          </p>
        ) : null}
      </div>
      {draft.options.map((o, i) => (
        <OptionEditor
          key={i}
          index={i}
          option={o}
          kind={draft.kind}
          groupName={groupName}
          error={error}
          canRemove={draft.options.length > 2}
          onChange={(next) => setOption(i, next)}
          onRemove={() => set({ options: draft.options.filter((_, j) => j !== i) })}
        />
      ))}
      {draft.options.length < MAX_OPTIONS ? (
        <Button variant="secondary" onClick={() => set({ options: [...draft.options, { text: '', correct: false, rationale: '' }] })}>
          Add an option
        </Button>
      ) : null}
      <ErrorAlert error={error} />
      <div className="form__actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">
          {submitLabels.save}
        </Button>
        {submitLabels.publish ? (
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => {
              onSubmit(draft, true);
            }}
          >
            {submitLabels.publish}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
