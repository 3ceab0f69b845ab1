import { percent, type AnalysisItem } from './api';

/**
 * How often each option was chosen, as bars. The numbers are in the text of every row, so a
 * screen reader (or a printout without colour) gets the same information as the picture.
 */
export function DistractorBars({ item }: { item: AnalysisItem }) {
  return (
    <ul className="bars" aria-label={`Choices for ${item.itemKey}`}>
      {item.options.map((o) => (
        <li key={o.id}>
          <span>
            {o.id}
            {o.correct ? <span aria-hidden="true">*</span> : null}
          </span>
          <span className="bars__track" aria-hidden="true">
            <span className={o.correct ? 'bars__fill bars__fill--key' : 'bars__fill'} style={{ width: `${Math.round(o.share * 100)}%` }} />
          </span>
          <span>
            {o.count} <span className="muted">({percent(o.share)})</span>
            <span className="visually-hidden">
              {' '}
              chose option {o.id}
              {o.correct ? ', the key' : ''}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
