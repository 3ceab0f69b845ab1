import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { del, fieldError, patch, withQuery } from '../api/client';
import { can, useMe } from '../api/identity';
import { learningSettingsQuery, lrsQuery, put, type LearningSettings, type LrsStatus } from '../api/learn';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { TextField } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { RequirePermission } from './RequirePermission';

function XapiExport() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const bad = !!(from && to && from >= to);
  const href = withQuery('/api/v1/learn/admin/xapi/statements.jsonl', { from: from || undefined, to: to || undefined });
  return (
    <section className="card" aria-labelledby="xapi-heading">
      <h2 id="xapi-heading">Export xAPI statements</h2>
      <p>
        Every learning event (lesson opened, answered, completed; path enrolled, assigned, completed) is recorded as an xAPI 1.0.3 statement. Download them as JSON Lines, one statement per line, oldest
        first, for a learning record store or your own analysis.
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Export period">
        <TextField label="From (inclusive)" type="date" value={from} onChange={(e) => setFrom(e.target.value)} hint="Empty: from the first statement." />
        <TextField
          label="To (exclusive)"
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          hint="Empty: up to now."
          error={bad ? 'The end must be after the start.' : undefined}
        />
      </form>
      {bad ? (
        <p className="muted">Correct the dates to download.</p>
      ) : (
        <p>
          <a className="button button--primary" href={href} download>
            Download statements (.jsonl)
          </a>
        </p>
      )}
      <p className="small muted">Dates are whole days in UTC. The file streams as it is written, so a large export starts at once; your browser shows its progress.</p>
    </section>
  );
}

function LrsSettings() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const lrs = useQuery(lrsQuery);
  const [endpoint, setEndpoint] = useState('');
  const [key, setKey] = useState('');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!lrs.data) return;
    setEndpoint(lrs.data.endpoint ?? '');
    setKey(lrs.data.key ?? '');
    setEnabled(lrs.data.configured ? lrs.data.enabled : true);
  }, [lrs.data]);
  const save = useMutation({
    mutationFn: () => put<LrsStatus>('/api/v1/learn/admin/lrs', { endpoint, key, enabled, ...(secret ? { secret } : {}) }),
    onSuccess: (next) => {
      queryClient.setQueryData(lrsQuery.queryKey, next);
      setSecret('');
      announce(next.enabled ? 'LRS forwarding saved and on.' : 'LRS settings saved; forwarding is off.');
    },
  });
  const remove = useMutation({
    mutationFn: () => del('/api/v1/learn/admin/lrs'),
    onSuccess: () => {
      setConfirming(false);
      setSecret('');
      void queryClient.invalidateQueries({ queryKey: lrsQuery.queryKey });
      announce('LRS forwarding stopped and its credentials removed.');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const s = lrs.data;
  const known = ['endpoint', 'key', 'secret', 'enabled'];
  return (
    <section className="card" aria-labelledby="lrs-heading">
      <h2 id="lrs-heading">Forward to a learning record store</h2>
      <p>Milewide can push every new statement to an external LRS (xAPI) with basic authentication. Failed deliveries are retried with a growing pause; nothing is lost while the LRS is down.</p>
      {lrs.isPending ? <Loading label="Loading the LRS settings…" /> : null}
      <ErrorAlert error={lrs.error} />
      {s ? (
        <>
          <h3 className="h-small">Status</h3>
          <dl className="facts">
            <dt>Forwarding</dt>
            <dd>{!s.configured ? 'Not set up' : s.enabled ? <span className="badge badge--completed">On</span> : <span className="badge badge--plain">Off</span>}</dd>
            <dt>Last delivered</dt>
            <dd>{s.lastForwardedAt ? formatDateTime(s.lastForwardedAt) : 'Never'}</dd>
            <dt>{s.configured ? 'Waiting to be sent' : 'Not forwarded'}</dt>
            <dd>
              {s.pending} {s.pending === 1 ? 'statement' : 'statements'}
            </dd>
            <dt>Last error</dt>
            <dd>
              {s.lastError ? (
                <span className="due--overdue">
                  {s.lastError}
                  {s.lastErrorAt ? ` (${formatDateTime(s.lastErrorAt)})` : ''}
                </span>
              ) : (
                'None'
              )}
            </dd>
          </dl>
          <form className="form" onSubmit={submit} noValidate>
            <TextField
              label="LRS endpoint"
              type="url"
              required
              placeholder="https://lrs.example.org/xapi"
              hint="The xAPI base URL; statements are sent to <endpoint>/statements."
              value={endpoint}
              onChange={(e) => setEndpoint(e.target.value)}
              error={fieldError(save.error, 'body.endpoint')}
            />
            <TextField label="Key (user name)" required autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} error={fieldError(save.error, 'body.key')} />
            <TextField
              label="Secret (password)"
              type="password"
              autoComplete="new-password"
              required={!s.configured}
              hint={s.secretHint ? `A secret is stored (${s.secretHint}). Leave this empty to keep it.` : 'Kept on the server and never shown again.'}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              error={fieldError(save.error, 'body.secret')}
            />
            <label className="checkbox">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              <span>Forward statements</span>
            </label>
            <ErrorAlert error={save.error && !known.some((f) => fieldError(save.error, `body.${f}`)) ? save.error : null} />
            {save.isSuccess ? <Notice kind="success">Saved.</Notice> : null}
            <div className="form__actions">
              <Button type="submit" busy={save.isPending} busyLabel="Saving…">
                Save LRS settings
              </Button>
              {s.configured ? (
                <Button variant="secondary" onClick={() => setConfirming(true)}>
                  Stop and forget credentials
                </Button>
              ) : null}
            </div>
          </form>
          <ConfirmDialog
            open={confirming}
            title="Stop forwarding to the LRS?"
            confirmLabel="Stop and forget"
            busy={remove.isPending}
            error={remove.error}
            onConfirm={() => remove.mutate()}
            onCancel={() => setConfirming(false)}
          >
            <p>Statements stay in Milewide and can still be exported. The endpoint, key and secret are removed.</p>
          </ConfirmDialog>
        </>
      ) : null}
    </section>
  );
}

function ReminderSettings() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const settings = useQuery(learningSettingsQuery);
  const [days, setDays] = useState('');
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.reminderDaysBefore));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => patch<LearningSettings>('/api/v1/learn/admin/settings', { reminderDaysBefore: Number(days) }),
    onSuccess: (next) => {
      queryClient.setQueryData(learningSettingsQuery.queryKey, next);
      announce('Reminder setting saved.');
    },
  });
  const invalid = days === '' || !/^\d+$/.test(days) || Number(days) > 30;
  return (
    <section className="card" aria-labelledby="reminders-settings-heading">
      <h2 id="reminders-settings-heading">Due-date reminders</h2>
      {settings.isPending ? <Loading label="Loading…" /> : null}
      <ErrorAlert error={settings.error} />
      {settings.data ? (
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!invalid) save.mutate();
          }}
        >
          <TextField
            label="Days before the due date"
            type="number"
            min={0}
            max={30}
            inputMode="numeric"
            hint="Learners get an e-mail and a reminder on their Learn page this many days before a path is due (0: on the day it is due), and again while it is overdue."
            value={days}
            onChange={(e) => setDays(e.target.value)}
            error={invalid ? 'Enter a whole number from 0 to 30.' : fieldError(save.error, 'body.reminderDaysBefore')}
          />
          <ErrorAlert error={save.error && !fieldError(save.error, 'body.reminderDaysBefore') ? save.error : null} />
          <div className="form__actions">
            <Button type="submit" busy={save.isPending} busyLabel="Saving…" disabled={invalid}>
              Save
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

export function AdminLearningRecordsPage() {
  useDocumentTitle('Learning records');
  const { data: me } = useMe();
  return (
    <>
      <PageHeader title="Learning records" description="Learning events as xAPI statements: export them, or forward them to a learning record store. And when learners are reminded of due dates." />
      <AdminNav />
      <RequirePermission permission="xapi.export">
        <XapiExport />
      </RequirePermission>
      {can(me, 'lrs.manage') ? <LrsSettings /> : null}
      {can(me, 'learning.manage') ? <ReminderSettings /> : null}
    </>
  );
}
