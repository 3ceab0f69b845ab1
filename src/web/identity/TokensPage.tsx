import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { del, fieldError, post } from '../api/client';
import { tokensQuery } from '../api/identity';
import type { ApiToken, CreatedApiToken } from '../api/types';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { SelectField, TextField } from '../ui/Field';
import { formatDate, formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { CopyButton } from '../ui/CopyButton';

const EXPIRY_OPTIONS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '', label: 'Never' },
];

function tokenState(t: ApiToken): { key: string; label: string } {
  if (t.revokedAt) return { key: 'revoked', label: 'Revoked' };
  if (t.expiresAt && new Date(t.expiresAt).getTime() < Date.now()) return { key: 'expired', label: 'Expired' };
  return { key: 'active', label: 'Active' };
}

function CreateTokenForm({ onCreated }: { onCreated: (t: CreatedApiToken) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('90');
  const create = useMutation({
    mutationFn: () =>
      post<CreatedApiToken>('/api/v1/tokens', expires ? { name, expiresInDays: Number(expires) } : { name }),
    onSuccess: (token) => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
      onCreated(token);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="new-token-heading">
      <h2 id="new-token-heading">Create a token</h2>
      <ErrorAlert error={create.error} />
      <div className="form__row">
        <TextField
          label="Name"
          required
          hint="What the token is for, e.g. “Reporting script”."
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(create.error, 'body.name')}
        />
        <SelectField
          label="Expires after"
          options={EXPIRY_OPTIONS}
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
          error={fieldError(create.error, 'body.expiresInDays')}
        />
      </div>
      <div className="form__actions">
        <Button type="submit" busy={create.isPending} busyLabel="Creating…">
          Create token
        </Button>
      </div>
    </form>
  );
}

export function TokensPage() {
  useDocumentTitle('API tokens');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const tokens = useQuery(tokensQuery);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/api/v1/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
      announce(`Token “${revoking?.name ?? ''}” was revoked.`);
      setRevoking(null);
    },
  });

  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens let scripts and other systems use the Milewide API as you, with your permissions. Send one in the header{' '}
            <code>Authorization: Bearer &lt;token&gt;</code>. The <a href="/api/docs">API documentation</a> lists every endpoint.
          </>
        }
      />
      {created ? (
        <section className="card card--highlight" aria-labelledby="created-token-heading">
          <h2 id="created-token-heading">Token “{created.name}” created</h2>
          <Notice kind="warning" role="alert">
            Copy this token now. It is shown only once; Milewide stores only a fingerprint of it. Anyone who has it can act as
            you until it expires or you revoke it.
          </Notice>
          <div className="token-reveal">
            <code className="token-reveal__value" aria-label="New API token">
              {created.token}
            </code>
            <CopyButton value={created.token} label="Copy token" />
          </div>
          <Button variant="secondary" onClick={() => setCreated(null)}>
            I have copied it, hide the token
          </Button>
        </section>
      ) : null}
      <section className="card">
        <CreateTokenForm onCreated={setCreated} />
      </section>
      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your tokens</h2>
        {tokens.isPending ? <Loading /> : null}
        <ErrorAlert error={tokens.error} />
        {tokens.data && tokens.data.items.length === 0 ? <EmptyState>You have no API tokens.</EmptyState> : null}
        {tokens.data && tokens.data.items.length > 0 ? (
          <TableWrap label="API tokens">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((t) => {
                  const state = tokenState(t);
                  return (
                    <tr key={t.id}>
                      <th scope="row">{t.name}</th>
                      <td>
                        <code>{t.prefix}…</code>
                      </td>
                      <td>
                        <StatusBadge status={state.key} label={state.label} />
                      </td>
                      <td>{formatDate(t.createdAt)}</td>
                      <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</td>
                      <td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</td>
                      <td>
                        {state.key === 'active' ? (
                          <Button variant="danger" onClick={() => setRevoking(t)} aria-label={`Revoke token ${t.name}`}>
                            Revoke
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke API token?"
        confirmLabel="Revoke token"
        busy={revoke.isPending}
        error={revoke.error}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      >
        <p>
          Scripts using “{revoking?.name}” will stop working at once. This cannot be undone; you can create a new token
          instead.
        </p>
      </ConfirmDialog>
    </>
  );
}
