import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { can, useMe } from '../../api/identity';
import { RequirePermission } from '../../admin/RequirePermission';
import { ErrorAlert } from '../../ui/Alert';
import { useDocumentTitle } from '../../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../../ui/Misc';
import { Pagination } from '../../ui/Pagination';
import { Loading } from '../../ui/Spinner';
import { examsAdminQuery, EXAM_STATUS_LABELS, ITEMS_PAGE_SIZE } from './api';
import { AuthoringNav } from './AuthoringNav';
import './authoring.css';

export function ExamsAdminPage() {
  useDocumentTitle('Exams');
  const { data: me } = useMe();
  const [offset, setOffset] = useState(0);
  const exams = useQuery(examsAdminQuery(offset));
  return (
    <>
      <PageHeader
        title="Exams"
        description="Exam definitions: which bank, how many items per competency, time and attempt rules, cut score."
        actions={
          <Link to="/authoring/exams/new" className="button button--primary">
            New exam
          </Link>
        }
      />
      <AuthoringNav />
      <RequirePermission permission="exams.manage">
        {exams.isPending ? <Loading label="Loading exams…" /> : null}
        <ErrorAlert error={exams.error} />
        {exams.data && exams.data.items.length === 0 ? <EmptyState>No exam yet. Create one from a bank with published items.</EmptyState> : null}
        {exams.data && exams.data.items.length > 0 ? (
          <>
            <TableWrap label="Exams">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Exam</th>
                    <th scope="col">Status</th>
                    <th scope="col">Bank</th>
                    <th scope="col" className="num">Items</th>
                    <th scope="col" className="num">Cut score</th>
                    <th scope="col" className="num">Submitted attempts</th>
                    <th scope="col">
                      <span className="visually-hidden">Analysis</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {exams.data.items.map((e) => (
                    <tr key={e.id}>
                      <th scope="row">
                        <Link to="/authoring/exams/$id" params={{ id: e.id }}>
                          {e.title}
                        </Link>{' '}
                        <code className="small">{e.examKey}</code>
                      </th>
                      <td>
                        <StatusBadge status={`exam-${e.status}`} label={EXAM_STATUS_LABELS[e.status]} />
                      </td>
                      <td>{e.bankKey}</td>
                      <td className="num">{e.itemCount}</td>
                      <td className="num">{e.cutScorePercent}%</td>
                      <td className="num">{e.attempts?.submitted ?? '—'}</td>
                      <td>
                        {can(me, 'items.analyse') ? (
                          <Link to="/authoring/exams/$id/analysis" params={{ id: e.id }} aria-label={`Item analysis of ${e.title}`}>
                            Item analysis
                          </Link>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination total={exams.data.total} limit={ITEMS_PAGE_SIZE} offset={offset} onChange={setOffset} label="Exam pages" />
          </>
        ) : null}
      </RequirePermission>
    </>
  );
}
