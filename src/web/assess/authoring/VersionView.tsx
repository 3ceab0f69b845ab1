import { KIND_LABELS, type ItemVersion } from './api';

/** One version as written: case text, question, options with the key marked and every rationale. */
export function VersionView({ version, headingLevel }: { version: ItemVersion; headingLevel: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="version-view">
      <H>Version {version.version}</H>
      <p className="small muted">
        {KIND_LABELS[version.kind]} · competency <code>{version.competency}</code>
      </p>
      {version.scenario ? (
        <>
          <p>
            <strong>Scenario: {version.scenario.title}</strong>
          </p>
          <p className="case-text">{version.scenario.caseText}</p>
        </>
      ) : null}
      <p className="message-text">{version.stem}</p>
      <ol className="option-list" aria-label={`Options of version ${version.version}`}>
        {version.options.map((o) => (
          <li key={o.id}>
            <p>
              <strong>{o.id}.</strong> {o.text} {o.correct ? <span className="option-list__key">(correct)</span> : null}
            </p>
            <p className="small">
              <span className="muted">Rationale: </span>
              {o.rationale || <em>none yet</em>}
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
