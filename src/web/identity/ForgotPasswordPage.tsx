import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../api/client';
import { PublicLayout } from '../layout/PublicLayout';
import { ErrorAlert, Notice } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { useDocumentTitle } from '../ui/hooks';

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => post<unknown>('/api/v1/auth/password-reset/request', { email }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate();
  };
  return (
    <PublicLayout
      title="Forgot your password?"
      intro={<p>Enter the e-mail address you sign in with. If it belongs to an account, we send a link to choose a new password.</p>}
    >
      {request.isSuccess ? (
        <Notice kind="success" role="status">
          <p>
            Check your inbox for a message to <strong>{email}</strong>. The link in it works once and expires after a short
            time. If nothing arrives in a few minutes, check your spam folder or ask your administrator.
          </p>
        </Notice>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          <ErrorAlert error={request.error} />
          <TextField
            label="E-mail"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError(request.error, 'body.email')}
          />
          <div className="form__actions">
            <Button type="submit" busy={request.isPending} busyLabel="Sending…">
              Send reset link
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
