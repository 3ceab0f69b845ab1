import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { peopleQuery } from '../api/org';
import { useDebounced } from '../ui/hooks';
import { Spinner } from '../ui/Spinner';

/**
 * Chooses a person (e.g. a manager) in organisations of any size: a search box narrows the
 * list, and a plain select picks from the matches.
 */
export function PersonPicker({
  label,
  value,
  currentName,
  excludeId,
  onChange,
  error,
}: {
  label: string;
  value: string;
  currentName?: string | null;
  excludeId?: string;
  onChange: (id: string) => void;
  error?: string;
}) {
  const id = useId();
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 300);
  const people = useQuery(peopleQuery({ q: debounced || undefined, limit: 50 }));
  const matches = (people.data?.items ?? []).filter((p) => p.id !== excludeId);
  const hasCurrent = !value || matches.some((p) => p.id === value);
  return (
    <fieldset className={error ? 'fieldset field--invalid' : 'fieldset'}>
      <legend className="field__label">{label}</legend>
      <div className="picker">
        <div className="field">
          <label htmlFor={`${id}-q`} className="field__label field__label--small">
            Find by name or e-mail
          </label>
          <input id={`${id}-q`} className="input" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-select`} className="field__label field__label--small">
            {label}
            {people.isFetching ? (
              <span className="inline-loading">
                {' '}
                <Spinner size="small" /> <span className="visually-hidden">Searching</span>
              </span>
            ) : null}
          </label>
          <select
            id={`${id}-select`}
            className="input select"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : `${id}-count`}
          >
            <option value="">None</option>
            {!hasCurrent ? <option value={value}>{currentName ?? 'Current choice'}</option> : null}
            {matches.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email})
              </option>
            ))}
          </select>
          <p id={`${id}-count`} className="field__hint">
            {people.data ? `${matches.length} of ${people.data.total} shown${people.data.total > matches.length ? '; search to narrow the list' : ''}.` : ''}
          </p>
        </div>
      </div>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
