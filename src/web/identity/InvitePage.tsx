import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError, fieldError, post } from '../api/client';
import { invitationLookupQuery } from '../api/identity';
import type { Me } from '../api/types';
import { PublicLayout } from '../layout/PublicLayout';
import { ErrorAlert, Notice } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { Loading } from '../ui/Spinner';
import { PasswordFields } from './PasswordFields';

export function InvitePage({ token }: { token: string }) {
  useDocumentTitle('Accept invitation');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const lookup = useQuery(invitationLookupQuery(token));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const accept = useMutation({
    mutationFn: () => post<Me>('/api/v1/invitations/accept', { token, password }),
    onSuccess: async (me) => {
      queryClient.setQueryData(['me'], me);
      await navigate({ to: '/' });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    accept.mutate();
  };

  if (!token) {
    return (
      <PublicLayout title="Accept invitation">
        <Notice kind="warning">This page needs the link from your invitation e-mail. Open the link in the message you received.</Notice>
      </PublicLayout>
    );
  }
  if (lookup.isPending) {
    return (
      <PublicLayout title="Accept invitation">
        <Loading label="Checking your invitation…" />
      </PublicLayout>
    );
  }
  if (lookup.isError) {
    const gone = lookup.error instanceof ApiError && (lookup.error.status === 410 || lookup.error.status === 404);
    return (
      <PublicLayout title="Accept invitation">
        {gone ? (
          <Notice kind="warning" role="alert">
            <p>This invitation has expired, was revoked or has already been used.</p>
            <p>Ask your administrator to send a new one. If you already set a password, sign in instead.</p>
          </Notice>
        ) : (
          <ErrorAlert error={lookup.error} />
        )}
        <p>
          <Link to="/sign-in">Go to sign in</Link>
        </p>
      </PublicLayout>
    );
  }
  const invitation = lookup.data;
  return (
    <PublicLayout
      title={`Join ${invitation.organisationName}`}
      intro={
        <p>
          Welcome, {invitation.name}. You have been invited to {invitation.organisationName} on Milewide. Choose a password to
          finish setting up your account. The invitation is valid until {formatDateTime(invitation.expiresAt)}.
        </p>
      }
    >
      <form onSubmit={submit} className="form" noValidate>
        <ErrorAlert error={accept.error} />
        <TextField label="E-mail" type="email" value={invitation.email} readOnly autoComplete="username" hint="You will sign in with this address." />
        <PasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          passwordError={fieldError(accept.error, 'body.password')}
          mismatch={mismatch}
        />
        <div className="form__actions">
          <Button type="submit" busy={accept.isPending} busyLabel="Joining…">
            Accept invitation
          </Button>
        </div>
      </form>
    </PublicLayout>
  );
}
