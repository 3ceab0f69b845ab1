import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldError, post } from '../api/client';
import { AdminNav } from '../admin/AdminNav';
import { RequirePermission } from '../admin/RequirePermission';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Dialog } from '../ui/Dialog';
import { TextAreaField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { benchQuery, keysQuery, orgCredentialsQuery, programsQuery, REQUIREMENT_LABELS, type Credential, type Program } from './api';
import { ProgramSettings } from './AdminProgramSettings';
import { credentialState } from './CredentialsPage';
import './certify.css';

function BenchSummary({ program }: { program: Program }) {
  const bench = useQuery(benchQuery(program.id));
  if (bench.isPending) return <Loading label="Loading the bench…" />;
  if (bench.error) return <ErrorAlert error={bench.error} />;
  const c = bench.data.counts;
  return (
    <>
      <p>
        {bench.data.items.length} enrolled: {c.learning_path ?? 0} on the path, {c.exam ?? 0} at the exam, {c.practicum ?? 0} at the practicum, {c.action_plan ?? 0} at the action plan, {c.ready_to_claim ?? 0} ready to claim, {c.certified ?? 0} certified.
      </p>
      {bench.data.items.length ? (
        <TableWrap label={`Bench of ${program.name}`}>
          <table className="table">
            <caption className="visually-hidden">Who is at which requirement of {program.name}</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Enrolled</th>
                <th scope="col">At</th>
              </tr>
            </thead>
            <tbody>
              {bench.data.items.map((i) => (
                <tr key={i.person.id}>
                  <td>{i.person.name}</td>
                  <td>{formatDate(i.enrolledAt)}</td>
                  <td>{i.credentialId ? 'Certified' : i.at ? REQUIREMENT_LABELS[i.at] : 'Ready to claim'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}

function IssuerKeys() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const keys = useQuery(keysQuery);
  const [confirm, setConfirm] = useState(false);
  const rotate = useMutation({
    mutationFn: () => post('/api/v1/certify/keys/rotate'),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['certify', 'keys'] });
      setConfirm(false);
      announce('Signing key rotated. New credentials use the new key; older ones still verify.');
    },
  });
  return (
    <section className="card" aria-labelledby="issuer-keys">
      <h2 id="issuer-keys">Issuer and signing keys</h2>
      {keys.isPending ? (
        <Loading label="Loading keys…" />
      ) : keys.error ? (
        <ErrorAlert error={keys.error} />
      ) : (
        <>
          <dl className="facts">
            <dt>Issuer</dt>
            <dd className="mono-break">{keys.data.issuer}</dd>
            <dt>Public keys</dt>
            <dd>
              <a href={keys.data.jwksUrl}>JWKS</a> · <a href={keys.data.didDocumentUrl}>DID document</a>
            </dd>
          </dl>
          {keys.data.keys.length === 0 ? (
            <EmptyState>No key yet: the first credential creates one.</EmptyState>
          ) : (
            <TableWrap label="Signing keys">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col">Retired</th>
                  </tr>
                </thead>
                <tbody>
                  {keys.data.keys.map((k) => (
                    <tr key={k.kid}>
                      <td className="mono-break">{k.kid}</td>
                      <td>
                        <StatusBadge status={k.status === 'active' ? 'active' : 'expired'} label={k.status === 'active' ? 'Active' : 'Retired'} />
                      </td>
                      <td>{formatDate(k.createdAt)}</td>
                      <td>{k.retiredAt ? formatDate(k.retiredAt) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <Button variant="secondary" onClick={() => setConfirm(true)}>
            Rotate signing key
          </Button>
          <ConfirmDialog open={confirm} title="Rotate the signing key?" confirmLabel="Rotate key" busy={rotate.isPending} error={rotate.error} onConfirm={() => rotate.mutate()} onCancel={() => setConfirm(false)}>
            <p>New credentials are signed with a new key. The current key is retired but stays published, so credentials already issued still verify.</p>
          </ConfirmDialog>
        </>
      )}
    </section>
  );
}

function RevokeDialog({ credential, onClose }: { credential: Credential & { holderName: string }; onClose: () => void }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () => post(`/api/v1/credentials/${credential.id}/revoke`, { reason }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce(`${credential.holderName}'s credential revoked.`);
      onClose();
    },
  });
  return (
    <Dialog open title={`Revoke ${credential.holderName}'s credential?`} onClose={onClose}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          revoke.mutate();
        }}
      >
        <p>
          {credential.achievementName}, issued {formatDate(credential.validFrom)}. Revoking cannot be undone: the verification page and every verifier will say it is revoked.
        </p>
        <ErrorAlert error={revoke.error} />
        <TextAreaField label="Reason" required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} hint="Shown on the verification page." error={fieldError(revoke.error, 'body.reason')} />
        <div className="form__actions">
          <Button type="submit" variant="danger" busy={revoke.isPending} busyLabel="Revoking…">
            Revoke credential
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={revoke.isPending}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function IssuedCredentials() {
  const list = useQuery(orgCredentialsQuery);
  const [revoking, setRevoking] = useState<(Credential & { holderName: string }) | null>(null);
  return (
    <section className="card" aria-labelledby="issued">
      <h2 id="issued">Issued credentials</h2>
      {list.isPending ? (
        <Loading label="Loading credentials…" />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <EmptyState>No credentials issued yet.</EmptyState>
      ) : (
        <TableWrap label="Issued credentials">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Holder</th>
                <th scope="col">Credential</th>
                <th scope="col">Issued</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => {
                const state = credentialState(c);
                return (
                  <tr key={c.id}>
                    <td>{c.holderName}</td>
                    <td>{c.achievementName}</td>
                    <td>{formatDate(c.validFrom)}</td>
                    <td>{formatDate(c.validUntil)}</td>
                    <td>
                      <StatusBadge status={state.badge} label={state.label} />
                      {c.revokedReason ? <span className="field__hint"> {c.revokedReason}</span> : null}
                    </td>
                    <td className="row-actions">
                      <a href={c.verifyUrl} target="_blank" rel="noopener">
                        Verify<span className="visually-hidden"> {c.holderName}'s credential</span>
                      </a>
                      {!c.revokedAt ? (
                        <Button variant="danger" onClick={() => setRevoking(c)}>
                          Revoke<span className="visually-hidden"> {c.holderName}'s {c.achievementName}</span>
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {revoking ? <RevokeDialog credential={revoking} onClose={() => setRevoking(null)} /> : null}
    </section>
  );
}

/** Certification settings for administrators: programs, the bench, issuer keys and issued credentials. */
export function AdminCertificationPage() {
  useDocumentTitle('Certification settings');
  const programs = useQuery(programsQuery);
  return (
    <>
      <PageHeader title="Certification settings" description="Configure the programs, see who is where, manage the signing keys and revoke credentials." />
      <AdminNav />
      <RequirePermission permission="certify.manage">
        {programs.isPending ? (
          <Loading label="Loading programs…" />
        ) : programs.error ? (
          <ErrorAlert error={programs.error} />
        ) : (
          programs.data.items.map((p) => (
            <section key={p.id} className="card" aria-labelledby={`settings-${p.id}`}>
              <h2 id={`settings-${p.id}`}>{p.name}</h2>
              <h3>Bench</h3>
              <BenchSummary program={p} />
              <h3>Settings</h3>
              <ProgramSettings program={p} />
            </section>
          ))
        )}
        <IssuerKeys />
        <IssuedCredentials />
      </RequirePermission>
    </>
  );
}
