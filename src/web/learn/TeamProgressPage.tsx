import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../api/client';
import { can, useMe } from '../api/identity';
import { enrolmentsQuery, pathsQuery, TEAM_PAGE_SIZE, type Enrolment } from '../api/learn';
import { peopleQuery, teamsQuery } from '../api/org';
import { PersonPicker } from '../admin/PersonPicker';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Dialog } from '../ui/Dialog';
import { SelectField, TextField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading, Spinner } from '../ui/Spinner';
import { DueDate, LearnNav, lessonStatusText, ProgressBar, todayUtc } from './parts';

export interface TeamSearch {
  teamId?: string;
  pathKey?: string;
  status?: string;
  offset?: number;
}

const STATUS_OPTIONS = [
  { value: 'active', label: 'In progress' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'completed', label: 'Completed' },
  { value: 'withdrawn', label: 'Withdrawn' },
];

function statusBadge(e: Enrolment) {
  if (e.status === 'completed') return <span className="badge badge--completed">Completed {formatDate(e.completedAt)}</span>;
  if (e.status === 'withdrawn') return <span className="badge badge--plain">Withdrawn {formatDate(e.withdrawnAt)}</span>;
  if (e.overdue) return <span className="badge badge--overdue">Overdue</span>;
  return <span className="badge badge--in_progress">In progress</span>;
}

function AssignDialog({ open, onClose, admin, managerId }: { open: boolean; onClose: () => void; admin: boolean; managerId: string }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const reports = useQuery({ ...peopleQuery({ managerId, limit: 200 }), enabled: open && !admin });
  const paths = useQuery(pathsQuery);
  const [personId, setPersonId] = useState('');
  const [pathKey, setPathKey] = useState('');
  const [dueDate, setDueDate] = useState('');
  const assign = useMutation({
    mutationFn: () => post<Enrolment>('/api/v1/learn/assignments', { personId, pathKey, dueDate }),
    onSuccess: (e) => {
      void queryClient.invalidateQueries({ queryKey: ['learn', 'enrolments'] });
      announce(`${e.path.title} assigned to ${e.person.name}, due ${formatDate(`${e.dueDate}T12:00:00Z`)}. They were sent an e-mail.`);
      setPersonId('');
      setPathKey('');
      setDueDate('');
      onClose();
    },
  });
  const [missing, setMissing] = useState<Record<string, string>>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m: Record<string, string> = {};
    if (!personId) m.personId = 'Choose a person.';
    if (!pathKey) m.pathKey = 'Choose a learning path.';
    if (!dueDate) m.dueDate = 'Choose a due date.';
    else if (dueDate < todayUtc()) m.dueDate = 'The due date must be today or later.';
    setMissing(m);
    if (Object.keys(m).length === 0) assign.mutate();
  };
  return (
    <Dialog open={open} title="Assign a learning path" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p>The person gets an e-mail with the path and its due date, and reminders before it is due.</p>
        {admin ? (
          <PersonPicker label="Person" value={personId} onChange={setPersonId} error={missing.personId ?? fieldError(assign.error, 'body.personId')} />
        ) : (
          <SelectField
            label="Person"
            required
            value={personId}
            emptyLabel={reports.isPending ? 'Loading your reports…' : 'Choose a direct report'}
            options={(reports.data?.items ?? []).filter((p) => p.status === 'active').map((p) => ({ value: p.id, label: p.name }))}
            onChange={(e) => setPersonId(e.target.value)}
            error={missing.personId ?? fieldError(assign.error, 'body.personId')}
          />
        )}
        <SelectField
          label="Learning path"
          required
          value={pathKey}
          emptyLabel="Choose a path"
          options={(paths.data?.items ?? []).map((p) => ({ value: p.key, label: `${p.title} (${p.lessonCount} lessons)` }))}
          onChange={(e) => setPathKey(e.target.value)}
          error={missing.pathKey ?? fieldError(assign.error, 'body.pathKey')}
        />
        <TextField
          label="Due date"
          type="date"
          required
          min={todayUtc()}
          value={dueDate}
          onChange={(e) => setDueDate(e.target.value)}
          error={missing.dueDate ?? fieldError(assign.error, 'body.dueDate')}
        />
        <ErrorAlert error={assign.error && !fieldError(assign.error, 'body.dueDate') ? assign.error : null} />
        <div className="form__actions">
          <Button type="submit" busy={assign.isPending} busyLabel="Assigning…">
            Assign path
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function EnrolmentRow({ e }: { e: Enrolment }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => post<Enrolment>(`/api/v1/learn/enrolments/${e.id}/withdraw`),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ['learn', 'enrolments'] });
      announce(`${e.person.name} was withdrawn from ${e.path.title}.`);
    },
  });
  return (
    <tr className={e.overdue && e.status === 'active' ? 'row--overdue' : undefined}>
      <th scope="row">
        <Link to="/people/$id" params={{ id: e.person.id }}>
          {e.person.name}
        </Link>
        {e.person.teamName ? <span className="muted small block">{e.person.teamName}</span> : null}
      </th>
      <td>
        <Link to="/learn/paths/$pathKey" params={{ pathKey: e.path.pathKey }}>
          {e.path.title}
        </Link>
        <details className="more">
          <summary>
            Lessons<span className="visually-hidden"> of {e.person.name} in {e.path.title}</span>
          </summary>
          <ul className="plain-list small">
            {e.progress.sections.flatMap((s) => s.lessons).map((l) => (
              <li key={l.lessonKey}>
                {l.status === 'completed' ? <span aria-hidden="true">✓ </span> : null}
                {l.title}: {lessonStatusText(l.status)}
                {l.completedAt ? ` ${formatDate(l.completedAt)}` : ''}
              </li>
            ))}
          </ul>
        </details>
      </td>
      <td style={{ minWidth: '10rem' }}>
        <ProgressBar percent={e.progress.percent} label={`${e.person.name}'s progress in ${e.path.title}`} detail={`${e.progress.completed} of ${e.progress.total} lessons completed`} />
        <span className="small">
          {e.progress.completed} of {e.progress.total} lessons
        </span>
      </td>
      <td>{e.dueDate ? <DueDate enrolment={e} /> : <span className="muted">No due date</span>}</td>
      <td>
        {statusBadge(e)}
        <span className="muted small block">{e.source === 'self' ? 'Self-enrolled' : `Assigned by ${e.assignedBy?.name ?? 'someone'}`}</span>
      </td>
      <td>
        {e.status === 'active' ? (
          <Button variant="secondary" onClick={() => setConfirming(true)} aria-label={`Withdraw ${e.person.name} from ${e.path.title}`}>
            Withdraw
          </Button>
        ) : null}
        <ConfirmDialog
          open={confirming}
          title="Withdraw from the path?"
          confirmLabel="Withdraw"
          busy={withdraw.isPending}
          error={withdraw.error}
          onConfirm={() => withdraw.mutate()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            {e.person.name} stops following <strong>{e.path.title}</strong> and gets no more reminders. Completed lessons stay completed.
          </p>
        </ConfirmDialog>
      </td>
    </tr>
  );
}

export function TeamProgressPage({ search }: { search: TeamSearch }) {
  useDocumentTitle('Team progress');
  const navigate = useNavigate();
  const { data: me } = useMe();
  const admin = can(me, 'learning.manage');
  const manager = (me?.directReportCount ?? 0) > 0;
  const [assigning, setAssigning] = useState(false);
  const enrolments = useQuery({ ...enrolmentsQuery({ teamId: search.teamId, pathKey: search.pathKey, status: search.status, offset: search.offset }), enabled: admin || manager });
  const paths = useQuery(pathsQuery);
  const teams = useQuery({ ...teamsQuery, enabled: admin });
  const setSearch = (next: TeamSearch) => void navigate({ to: '/learn/team', search: next, replace: true });

  if (me && !admin && !manager) {
    return (
      <>
        <PageHeader title="Team progress" />
        <LearnNav />
        <Notice kind="warning">This page is for people managers and administrators. Nobody reports to you in Milewide.</Notice>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Team progress"
        description={admin ? 'Path progress of everyone in your organisation. Assign a path with a due date to anyone.' : 'Path progress of the people who report to you. Assign them a path with a due date.'}
        actions={<Button onClick={() => setAssigning(true)}>Assign a path</Button>}
      />
      <LearnNav />
      <form className="filters filters--wrap" role="search" aria-label="Filter path progress" onSubmit={(e) => e.preventDefault()}>
        {admin ? (
          <SelectField
            label="Team"
            value={search.teamId ?? ''}
            emptyLabel="All teams"
            options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
            onChange={(e) => setSearch({ ...search, teamId: e.target.value || undefined, offset: undefined })}
          />
        ) : null}
        <SelectField
          label="Path"
          value={search.pathKey ?? ''}
          emptyLabel="All paths"
          options={(paths.data?.items ?? []).map((p) => ({ value: p.key, label: p.title }))}
          onChange={(e) => setSearch({ ...search, pathKey: e.target.value || undefined, offset: undefined })}
        />
        <SelectField
          label="Status"
          value={search.status ?? ''}
          emptyLabel="Any status"
          options={STATUS_OPTIONS}
          onChange={(e) => setSearch({ ...search, status: e.target.value || undefined, offset: undefined })}
        />
        <div className="filters__status" aria-live="polite">
          {enrolments.isFetching && !enrolments.isPending ? (
            <span className="inline-loading">
              <Spinner size="small" /> Updating…
            </span>
          ) : enrolments.data ? (
            <span>
              {enrolments.data.total} {enrolments.data.total === 1 ? 'enrolment' : 'enrolments'}
            </span>
          ) : null}
        </div>
      </form>
      <ErrorAlert error={enrolments.error} />
      {enrolments.isPending ? <Loading label="Loading path progress…" /> : null}
      {enrolments.data && enrolments.data.items.length === 0 ? (
        <EmptyState>{search.teamId || search.pathKey || search.status ? 'No enrolments match these filters.' : 'Nobody is following a learning path yet. Assign one with the button above.'}</EmptyState>
      ) : null}
      {enrolments.data && enrolments.data.items.length > 0 ? (
        <>
          <TableWrap label="Path progress">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Path</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {enrolments.data.items.map((e) => (
                  <EnrolmentRow key={e.id} e={e} />
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination
            total={enrolments.data.total}
            limit={enrolments.data.limit || TEAM_PAGE_SIZE}
            offset={enrolments.data.offset}
            onChange={(next) => setSearch({ ...search, offset: next || undefined })}
            label="Path progress pages"
          />
        </>
      ) : null}
      {me ? <AssignDialog open={assigning} onClose={() => setAssigning(false)} admin={admin} managerId={me.id} /> : null}
    </>
  );
}
