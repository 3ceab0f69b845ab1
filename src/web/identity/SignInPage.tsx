import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { fieldError, post } from '../api/client';
import { setupQuery } from '../api/identity';
import type { Me } from '../api/types';
import { PublicLayout } from '../layout/PublicLayout';
import { ErrorAlert, Notice } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { useDocumentTitle } from '../ui/hooks';
import { safeRedirect } from './safeRedirect';

export function SignInPage({ redirect, signedOut, reset }: { redirect?: string; signedOut?: string; reset?: string }) {
  useDocumentTitle('Sign in');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const setup = useQuery(setupQuery);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  useEffect(() => {
    if (setup.data?.needed) void navigate({ to: '/setup', replace: true });
  }, [setup.data, navigate]);

  const login = useMutation({
    mutationFn: () => post<Me>('/api/v1/auth/login', { email, password }),
    onSuccess: async (me) => {
      queryClient.setQueryData(['me'], me);
      await navigate({ to: safeRedirect(redirect) });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };

  return (
    <PublicLayout title="Sign in to Milewide">
      {signedOut === 'everywhere' ? (
        <Notice kind="success" role="status">
          You are signed out on every device.
        </Notice>
      ) : signedOut ? (
        <Notice kind="success" role="status">
          You are signed out.
        </Notice>
      ) : null}
      {reset ? (
        <Notice kind="success" role="status">
          Your password has been changed. Sign in with the new password.
        </Notice>
      ) : null}
      <form onSubmit={submit} className="form" noValidate>
        <ErrorAlert error={login.error} />
        <TextField
          label="E-mail"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(login.error, 'body.email')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError(login.error, 'body.password')}
        />
        <div className="form__actions form__actions--split">
          <Button type="submit" busy={login.isPending} busyLabel="Signing in…">
            Sign in
          </Button>
          <Link to="/forgot-password">Forgot password?</Link>
        </div>
      </form>
    </PublicLayout>
  );
}
