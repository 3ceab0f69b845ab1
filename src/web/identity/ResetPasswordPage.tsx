import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError, fieldError, post } from '../api/client';
import { PublicLayout } from '../layout/PublicLayout';
import { ErrorAlert, Notice } from '../ui/Alert';
import { Button } from '../ui/Button';
import { useDocumentTitle } from '../ui/hooks';
import { PasswordFields } from './PasswordFields';

export function ResetPasswordPage({ token }: { token: string }) {
  useDocumentTitle('Choose a new password');
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const complete = useMutation({
    mutationFn: () => post<void>('/api/v1/auth/password-reset/complete', { token, password }),
    onSuccess: () => navigate({ to: '/sign-in', search: { reset: '1' } }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    complete.mutate();
  };
  const expired = complete.error instanceof ApiError && complete.error.status === 410;

  if (!token) {
    return (
      <PublicLayout title="Choose a new password">
        <Notice kind="warning">
          This page needs the link from your password reset e-mail. <Link to="/forgot-password">Request a new link</Link>.
        </Notice>
      </PublicLayout>
    );
  }

  return (
    <PublicLayout title="Choose a new password">
      {expired ? (
        <Notice kind="warning" role="alert">
          <p>This reset link has expired or has already been used.</p>
          <p>
            <Link to="/forgot-password">Request a new link</Link>
          </p>
        </Notice>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          <ErrorAlert error={complete.error} />
          {fieldError(complete.error, 'body.token') ? (
            <Notice kind="warning">The link is not valid: {fieldError(complete.error, 'body.token')}</Notice>
          ) : null}
          <PasswordFields
            label="New password"
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            passwordError={fieldError(complete.error, 'body.password')}
            mismatch={mismatch}
          />
          <div className="form__actions">
            <Button type="submit" busy={complete.isPending} busyLabel="Saving…">
              Set new password
            </Button>
          </div>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </PublicLayout>
  );
}
