import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../api/client';
import { setupQuery } from '../api/identity';
import type { Me } from '../api/types';
import { PublicLayout } from '../layout/PublicLayout';
import { ErrorAlert, Notice } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { useDocumentTitle } from '../ui/hooks';
import { Loading } from '../ui/Spinner';
import { PasswordFields } from './PasswordFields';

export function SetupPage() {
  useDocumentTitle('Set up Milewide');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const setup = useQuery(setupQuery);
  const [organisationName, setOrganisationName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const create = useMutation({
    mutationFn: () => post<Me>('/api/v1/setup', { organisationName, name, email, password }),
    onSuccess: async (me) => {
      queryClient.setQueryData(['me'], me);
      queryClient.setQueryData(['setup'], { needed: false });
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
    create.mutate();
  };

  if (setup.isPending) {
    return (
      <PublicLayout title="Set up Milewide">
        <Loading />
      </PublicLayout>
    );
  }

  if (setup.data && !setup.data.needed) {
    return (
      <PublicLayout title="Milewide is already set up">
        <Notice>This installation already has an organisation. Sign in, or ask your administrator for an invitation.</Notice>
        <p>
          <Link to="/sign-in">Go to sign in</Link>
        </p>
      </PublicLayout>
    );
  }

  return (
    <PublicLayout
      title="Set up Milewide"
      intro={
        <p>
          Welcome. Create your organisation and the first administrator account. You can invite everyone else, import people
          from a CSV file and build teams once you are signed in.
        </p>
      }
    >
      <ErrorAlert error={setup.error} title="Could not check whether set-up is needed." />
      <form onSubmit={submit} className="form" noValidate>
        <ErrorAlert error={create.error} />
        <fieldset className="fieldset">
          <legend className="fieldset__legend">Organisation</legend>
          <TextField
            label="Organisation name"
            required
            autoComplete="organization"
            value={organisationName}
            onChange={(e) => setOrganisationName(e.target.value)}
            error={fieldError(create.error, 'body.organisationName')}
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend className="fieldset__legend">First administrator</legend>
          <TextField
            label="Your name"
            required
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldError(create.error, 'body.name')}
          />
          <TextField
            label="E-mail"
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError(create.error, 'body.email')}
          />
          <PasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            passwordError={fieldError(create.error, 'body.password')}
            mismatch={mismatch}
          />
        </fieldset>
        <div className="form__actions">
          <Button type="submit" busy={create.isPending} busyLabel="Creating…">
            Create organisation
          </Button>
        </div>
      </form>
    </PublicLayout>
  );
}
