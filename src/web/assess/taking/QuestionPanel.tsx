import { useEffect, useId, useRef } from 'react';
import { formatDateTime } from '../../ui/format';
import type { AttemptItem } from './api';
import type { SaveState } from './useAnswerSaver';

export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  );
}

function SaveStatus({ state, answered }: { state: SaveState | undefined; answered: boolean }) {
  let text = '';
  let kind = 'idle';
  if (!state) text = answered ? 'Saved' : 'Not answered yet';
  else if (state.state === 'saving') {
    text = 'Saving…';
    kind = 'saving';
  } else if (state.state === 'saved') {
    text = state.savedAt ? `Saved at ${formatDateTime(state.savedAt)}` : 'Saved';
    kind = 'saved';
  } else if (state.state === 'retrying') {
    text = 'Offline, retrying… Your answer is kept in this page and sent when the connection is back.';
    kind = 'retrying';
  } else {
    text = `Not saved: ${state.message}`;
    kind = 'failed';
  }
  return (
    <p className={`exam-save exam-save--${kind}`} role="status" aria-live="polite" data-testid="save-status">
      {text}
    </p>
  );
}

export function QuestionPanel({
  item,
  count,
  chosen,
  flagged,
  saveState,
  disabled,
  focusHeading,
  onChoose,
  onFlag,
}: {
  item: AttemptItem;
  count: number;
  chosen: string[];
  flagged: boolean;
  saveState: SaveState | undefined;
  disabled: boolean;
  /** True when the candidate moved here (not on the first page load). */
  focusHeading: boolean;
  onChoose: (optionIds: string[]) => void;
  onFlag: (flagged: boolean) => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // Moving to another question puts focus on its heading, so keyboard and screen reader users start there.
  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);
  const single = item.kind === 'single';
  const toggle = (optionId: string, on: boolean) => {
    if (single) onChoose([optionId]);
    else onChoose(on ? [...chosen, optionId].sort((a, b) => Number(a) - Number(b)) : chosen.filter((o) => o !== optionId));
  };
  return (
    <section className="exam-question" aria-labelledby={`${id}-heading`}>
      <div className="exam-question__top">
        <h2 id={`${id}-heading`} ref={heading} tabIndex={-1} className="exam-question__number">
          Question {item.position} of {count}
          {flagged ? <span className="exam-flag-badge"> · flagged for review</span> : null}
        </h2>
        <button type="button" className="button button--secondary exam-flag" aria-pressed={flagged} disabled={disabled} onClick={() => onFlag(!flagged)}>
          <span aria-hidden="true">⚑ </span>Flag for review
        </button>
      </div>
      {item.scenario ? (
        <section className="exam-case" aria-label={`Case: ${item.scenario.title}`}>
          <h3 className="exam-case__title">Case: {item.scenario.title}</h3>
          <Paragraphs text={item.scenario.caseText} />
        </section>
      ) : null}
      <fieldset className="exam-options" aria-describedby={`${id}-how`} disabled={disabled}>
        <legend className="exam-stem">{item.stem}</legend>
        <p id={`${id}-how`} className="small muted">
          {single ? 'Choose one answer.' : 'Choose every answer that applies.'}
        </p>
        <ul>
          {item.options.map((o) => {
            const optionId = `${id}-o${o.id}`;
            const on = chosen.includes(o.id);
            return (
              <li key={o.id} className={on ? 'exam-option exam-option--chosen' : 'exam-option'}>
                <label htmlFor={optionId}>
                  <input id={optionId} type={single ? 'radio' : 'checkbox'} name={`${id}-answer`} checked={on} onChange={(e) => toggle(o.id, e.target.checked)} />
                  <span>{o.text}</span>
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      {!single && chosen.length > 0 ? (
        <p className="small">
          <button type="button" className="button button--link" disabled={disabled} onClick={() => onChoose([])}>
            Clear my answer
          </button>
        </p>
      ) : null}
      <SaveStatus state={saveState} answered={chosen.length > 0} />
    </section>
  );
}
