import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { auditQuery } from '../api/admin';
import { ErrorAlert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../ui/Misc';
import { Pagination } from '../ui/Pagination';
import { Loading, Spinner } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { AuditDiff } from './AuditDiff';
import { RequirePermission } from './RequirePermission';

export interface AuditSearch {
  action?: string;
  entityType?: string;
  from?: string; // yyyy-mm-dd
  to?: string; // yyyy-mm-dd
  offset?: number;
}

const KNOWN_ACTIONS = [
  'api_token.create',
  'api_token.revoke',
  'invitation.accept',
  'invitation.create',
  'invitation.revoke',
  'organisation.create',
  'person.create',
  'person.import_create',
  'person.import_update',
  'person.lock',
  'person.logout_everywhere',
  'person.password_change',
  'person.password_reset',
  'person.update',
  'team.create',
  'team.delete',
  'team.import_create',
  'team.update',
];
const KNOWN_ENTITY_TYPES = ['api_token', 'invitation', 'organisation', 'person', 'team'];

/** Local calendar day to an instant: the start of `from`, the end of `to`. */
function dayStart(day?: string) {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day?: string) {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

export function AdminAuditPage({ search }: { search: AuditSearch }) {
  useDocumentTitle('Audit log');
  const navigate = useNavigate();
  const [form, setForm] = useState<AuditSearch>(search);
  const offset = search.offset ?? 0;
  const badRange = !!(search.from && search.to && search.from > search.to);
  const audit = useQuery({
    ...auditQuery({
      action: search.action,
      entityType: search.entityType,
      from: dayStart(search.from),
      to: dayEnd(search.to),
      offset,
    }),
    enabled: !badRange,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    void navigate({
      to: '/admin/audit',
      search: {
        action: form.action?.trim() || undefined,
        entityType: form.entityType?.trim() || undefined,
        from: form.from || undefined,
        to: form.to || undefined,
      },
    });
  };
  const clear = () => {
    setForm({});
    void navigate({ to: '/admin/audit', search: {} });
  };
  const formBadRange = !!(form.from && form.to && form.from > form.to);

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what and when, newest first." />
      <AdminNav />
      <RequirePermission permission="audit.read">
        <form className="filters filters--wrap" onSubmit={apply} aria-label="Filter the audit log">
          <TextField
            label="Action"
            list="audit-actions"
            value={form.action ?? ''}
            onChange={(e) => setForm({ ...form, action: e.target.value })}
            placeholder="e.g. person.update"
          />
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <TextField
            label="Entity type"
            list="audit-entity-types"
            value={form.entityType ?? ''}
            onChange={(e) => setForm({ ...form, entityType: e.target.value })}
            placeholder="e.g. team"
          />
          <datalist id="audit-entity-types">
            {KNOWN_ENTITY_TYPES.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <TextField label="From" type="date" value={form.from ?? ''} onChange={(e) => setForm({ ...form, from: e.target.value })} />
          <TextField
            label="To"
            type="date"
            value={form.to ?? ''}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
            error={formBadRange ? 'The end date is before the start date.' : undefined}
          />
          <div className="filters__buttons">
            <Button type="submit" disabled={formBadRange}>
              Apply filters
            </Button>
            <Button variant="secondary" onClick={clear}>
              Clear
            </Button>
          </div>
          <div className="filters__status" aria-live="polite">
            {audit.isFetching && !audit.isPending ? (
              <span className="inline-loading">
                <Spinner size="small" /> Updating…
              </span>
            ) : audit.data ? (
              <span>
                {audit.data.total} {audit.data.total === 1 ? 'entry' : 'entries'}
              </span>
            ) : null}
          </div>
        </form>
        {audit.isPending && !badRange ? <Loading label="Loading the audit log…" /> : null}
        <ErrorAlert error={audit.error} />
        {audit.data && audit.data.items.length === 0 ? <EmptyState>No entries match these filters.</EmptyState> : null}
        {audit.data && audit.data.items.length > 0 ? (
          <>
            <TableWrap label="Audit log">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">Entity</th>
                    <th scope="col">Changes</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.data.items.map((e) => (
                    <tr key={String(e.id)}>
                      <td className="nowrap">{formatDateTime(e.at)}</td>
                      <td className="cell-email">{e.actorEmail || 'System'}</td>
                      <th scope="row">
                        <code>{e.action}</code>
                      </th>
                      <td>
                        {e.entityType}
                        {e.entityId ? <span className="muted small block break">{e.entityId}</span> : null}
                      </td>
                      <td>
                        <AuditDiff before={e.before} after={e.after} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination
              total={audit.data.total}
              limit={audit.data.limit}
              offset={audit.data.offset}
              onChange={(next) => void navigate({ to: '/admin/audit', search: { ...search, offset: next || undefined } })}
              label="Audit log pages"
            />
          </>
        ) : null}
      </RequirePermission>
    </>
  );
}
