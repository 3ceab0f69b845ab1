export interface NavEntry {
  position: number;
  answered: boolean;
  flagged: boolean;
  unsaved: boolean;
}

export function describeEntry(e: NavEntry): string {
  const parts = [e.answered ? 'answered' : 'not answered'];
  if (e.flagged) parts.push('flagged');
  if (e.unsaved) parts.push('not saved yet');
  return `Question ${e.position}: ${parts.join(', ')}`;
}

/** Every question as a button: answered (filled), flagged (⚑), current (outlined, aria-current). */
export function Navigator({ entries, current, onGo }: { entries: NavEntry[]; current: number; onGo: (position: number) => void }) {
  const answered = entries.filter((e) => e.answered).length;
  const flagged = entries.filter((e) => e.flagged).length;
  return (
    <nav className="exam-nav" aria-labelledby="exam-nav-heading">
      <h2 id="exam-nav-heading" className="exam-nav__heading">
        Questions
      </h2>
      <p className="small" id="exam-nav-summary">
        {answered} of {entries.length} answered · {flagged} flagged
      </p>
      <ol className="exam-nav__list">
        {entries.map((e) => {
          const classes = ['exam-nav__item', e.answered ? 'exam-nav__item--answered' : '', e.flagged ? 'exam-nav__item--flagged' : '', e.position === current ? 'exam-nav__item--current' : ''];
          return (
            <li key={e.position}>
              <button type="button" className={classes.filter(Boolean).join(' ')} aria-label={describeEntry(e)} aria-current={e.position === current ? 'step' : undefined} onClick={() => onGo(e.position)}>
                {e.position}
                {e.flagged ? <span aria-hidden="true" className="exam-nav__flag">⚑</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
      <ul className="exam-nav__legend small" aria-hidden="true">
        <li>
          <span className="exam-nav__swatch exam-nav__item--answered" /> answered
        </li>
        <li>
          <span className="exam-nav__swatch" /> not answered
        </li>
        <li>⚑ flagged</li>
      </ul>
    </nav>
  );
}
