import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, patch, post } from '../api/client';
import { useMe } from '../api/identity';
import type { Me } from '../api/types';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { levelLabel, rolesLabel } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader } from '../ui/Misc';
import { TipsSubscription } from '../learn/TipsSubscription';
import { PasswordFields } from './PasswordFields';

function NameForm({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [name, setName] = useState(me.name);
  const save = useMutation({
    mutationFn: () => patch<Me>('/api/v1/me', { name }),
    onSuccess: (next) => {
      queryClient.setQueryData(['me'], next);
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      void queryClient.invalidateQueries({ queryKey: ['person', next.id] });
      announce('Your name was saved.');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="profile-name-heading">
      <h2 id="profile-name-heading">Your name</h2>
      <ErrorAlert error={save.error} />
      <TextField label="Name" required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={fieldError(save.error, 'body.name')} />
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Saving…" disabled={name.trim() === me.name}>
          Save name
        </Button>
        {save.isSuccess && name.trim() === save.data.name ? <span className="success-text">Saved.</span> : null}
      </div>
    </form>
  );
}

function PasswordForm() {
  const announce = useAnnounce();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => post<void>('/api/v1/me/password', { currentPassword, newPassword }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setConfirm('');
      announce('Your password was changed.');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (newPassword !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="profile-password-heading">
      <h2 id="profile-password-heading">Change password</h2>
      <ErrorAlert error={change.error} />
      {change.isSuccess ? <Notice kind="success">Your password was changed.</Notice> : null}
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => setCurrent(e.target.value)}
        error={fieldError(change.error, 'body.currentPassword')}
      />
      <PasswordFields
        label="New password"
        password={newPassword}
        confirm={confirm}
        onPassword={setNew}
        onConfirm={setConfirm}
        passwordError={fieldError(change.error, 'body.newPassword')}
        mismatch={mismatch}
      />
      <div className="form__actions">
        <Button type="submit" busy={change.isPending} busyLabel="Changing…">
          Change password
        </Button>
      </div>
    </form>
  );
}

export function ProfilePage() {
  useDocumentTitle('Your profile');
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <>
      <PageHeader title="Your profile" description="Your name and password. Your administrator manages your team, manager, role and career level." />
      <section className="card" aria-labelledby="profile-facts">
        <h2 id="profile-facts">Account</h2>
        <dl className="facts">
          <dt>E-mail</dt>
          <dd>{me.email}</dd>
          <dt>Organisation</dt>
          <dd>{me.organisationName}</dd>
          <dt>Team</dt>
          <dd>{me.teamName ?? '—'}</dd>
          <dt>Manager</dt>
          <dd>{me.managerName ?? '—'}</dd>
          <dt>Job role</dt>
          <dd>{me.jobRole || '—'}</dd>
          <dt>Career level</dt>
          <dd>{levelLabel(me.careerLevel)}</dd>
          <dt>Roles</dt>
          <dd>{rolesLabel(me.roles)}</dd>
        </dl>
      </section>
      <div className="grid-2">
        <section className="card">
          <NameForm me={me} />
        </section>
        <section className="card">
          <PasswordForm />
        </section>
      </div>
      <TipsSubscription />
    </>
  );
}
