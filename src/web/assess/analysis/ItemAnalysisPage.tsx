import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { RequirePermission } from '../../admin/RequirePermission';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useDocumentTitle } from '../../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { AuthoringNav } from '../authoring/AuthoringNav';
import { analysisCsvUrl, fixed2, itemAnalysisQuery, percent, type ItemAnalysis } from './api';
import { DistractorBars } from './DistractorBars';
import '../authoring/authoring.css';

function Summary({ a }: { a: ItemAnalysis }) {
  return (
    <ul className="stat-tiles" aria-label="Summary figures">
      <li>
        <span className="stat-tiles__value">{fixed2(a.kr20)}</span>
        <span className="stat-tiles__label">KR-20 reliability</span>
      </li>
      <li>
        <span className="stat-tiles__value">{a.personCount}</span>
        <span className="stat-tiles__label">Submitted attempts</span>
      </li>
      <li>
        <span className="stat-tiles__value">{a.itemCount}</span>
        <span className="stat-tiles__label">Items analysed</span>
      </li>
      <li>
        <span className="stat-tiles__value">{a.meanProportion === null ? '—' : percent(a.meanProportion)}</span>
        <span className="stat-tiles__label">Mean proportion correct</span>
      </li>
      <li>
        <span className="stat-tiles__value">{a.flaggedCount}</span>
        <span className="stat-tiles__label">Flagged items</span>
      </li>
    </ul>
  );
}

function ItemsTable({ a }: { a: ItemAnalysis }) {
  return (
    <TableWrap label="Item statistics">
      <table className="table">
        <caption className="visually-hidden">One row per item version; flagged rows are highlighted and say why.</caption>
        <thead>
          <tr>
            <th scope="col">Item and flags</th>
            <th scope="col" className="num">Answered</th>
            <th scope="col" className="num">Difficulty (p)</th>
            <th scope="col" className="num">Discrimination (r<sub>pb</sub>)</th>
            <th scope="col" className="num">Upper–lower D</th>
            <th scope="col">Choices per option</th>
          </tr>
        </thead>
        <tbody>
          {a.items.map((item) => (
            <tr key={item.itemVersionId} className={item.flags.length ? 'row--flagged' : undefined}>
              <th scope="row" className="analysis-item">
                {item.itemId ? (
                  <Link to="/authoring/items/$id" params={{ id: item.itemId }}>
                    <code>{item.itemKey}</code>
                  </Link>
                ) : (
                  <code>{item.itemKey}</code>
                )}
                {item.version !== null ? <span className="small muted"> v{item.version}</span> : null}
                <span className="small muted"> · {item.competency}</span>
                <div className="small">{item.stem.length > 160 ? `${item.stem.slice(0, 157)}…` : item.stem}</div>
                {item.flags.length > 0 ? (
                  <ul className="plain-list flag-list">
                    {item.flags.map((f, i) => (
                      <li key={i}>
                        <span className="flag-text">
                          <span aria-hidden="true">⚑ </span>Weak item:
                        </span>{' '}
                        {f.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </th>
              <td className="num">
                {item.n}
                {item.omitted ? <div className="small muted">{item.omitted} left blank</div> : null}
              </td>
              <td className="num">{fixed2(item.p)}</td>
              <td className="num">{fixed2(item.rpb)}</td>
              <td className="num">{fixed2(item.upperLowerD)}</td>
              <td>
                <DistractorBars item={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function ItemAnalysisPage({ examId }: { examId: string }) {
  const analysis = useQuery(itemAnalysisQuery(examId));
  const a = analysis.data;
  useDocumentTitle(a ? `Item analysis: ${a.exam.title}` : 'Item analysis');
  return (
    <>
      <PageHeader
        title={a ? `Item analysis: ${a.exam.title}` : 'Item analysis'}
        description="How each item performed across the submitted attempts: difficulty, discrimination, the spread over the options, and items to review."
        actions={
          <Link to="/authoring/exams/$id" params={{ id: examId }} className="button button--secondary">
            Back to the exam
          </Link>
        }
      />
      <AuthoringNav />
      <RequirePermission permission="items.analyse">
        {analysis.isPending ? <Loading label="Computing the item analysis…" /> : null}
        <ErrorAlert error={analysis.error} />
        {a ? (
          <>
            <Summary a={a} />
            {a.smallSample ? (
              <Notice kind="warning">
                Only {a.personCount} submitted {a.personCount === 1 ? 'attempt' : 'attempts'}: with fewer than {a.thresholds.minPersons} the figures move a lot from one attempt to the next. Read them as hints, not verdicts.
              </Notice>
            ) : null}
            <section className="card" aria-labelledby="items-heading">
              <h2 id="items-heading">Items</h2>
              <p>
                Difficulty is the share who answered correctly (flagged below {a.thresholds.minP} or above {a.thresholds.maxP}). Discrimination is the corrected point-biserial correlation with the rest of the exam (flagged below {a.thresholds.minRpb}). The key is marked *.
              </p>
              <p>
                <a href={analysisCsvUrl(examId)} download>
                  Download the table as CSV
                </a>
              </p>
              {a.items.length === 0 ? <EmptyState>No submitted attempts yet, so there is nothing to analyse.</EmptyState> : <ItemsTable a={a} />}
            </section>
          </>
        ) : null}
      </RequirePermission>
    </>
  );
}
