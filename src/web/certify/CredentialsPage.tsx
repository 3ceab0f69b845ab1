import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { post } from '../api/client';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { formatDate } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader, StatusBadge } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { myCredentialsQuery, type Credential } from './api';
import { CertifyNav } from './parts';
import './certify.css';

export function credentialState(c: Credential): { badge: string; label: string } {
  if (c.revokedAt) return { badge: 'revoked', label: 'Revoked' };
  if (new Date(c.validUntil) <= new Date()) return { badge: 'expired', label: 'Expired' };
  if (c.supersededBy) return { badge: 'pending', label: 'Renewed (valid until expiry)' };
  return { badge: 'accepted', label: 'Valid' };
}

function CredentialCard({ credential }: { credential: Credential }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const renew = useMutation({
    mutationFn: () => post<Credential>(`/api/v1/credentials/${credential.id}/renew`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce(`${credential.achievementName} renewed.`);
    },
  });
  const state = credentialState(credential);
  const headingId = `credential-${credential.id}`;
  const renewal = credential.renewal;
  return (
    <li>
      <article className="card" aria-labelledby={headingId}>
        <h2 id={headingId} className="tile__title">
          {credential.achievementName} <StatusBadge status={state.badge} label={state.label} />
        </h2>
        <dl className="facts">
          <dt>Issued</dt>
          <dd>{formatDate(credential.validFrom)}</dd>
          <dt>Expires</dt>
          <dd>{formatDate(credential.validUntil)}</dd>
          {credential.revokedAt ? (
            <>
              <dt>Revoked</dt>
              <dd>
                {formatDate(credential.revokedAt)}: {credential.revokedReason}
              </dd>
            </>
          ) : null}
          {renewal ? (
            <>
              <dt>Continuing education</dt>
              <dd>
                {renewal.ceHoursEarned === null ? 'Not available' : `${renewal.ceHoursEarned} of ${renewal.ceHoursNeeded} hours since issue`}
              </dd>
              <dt>Renewal</dt>
              <dd>{renewal.reason}</dd>
            </>
          ) : null}
        </dl>
        <div className="link-row">
          <a className="button button--secondary" href={credential.pdfUrl} download>
            Download PDF certificate
          </a>
          <a href={credential.verifyUrl} target="_blank" rel="noopener">
            Open the verification page
          </a>
          {!credential.revokedAt ? (
            <a href={credential.linkedInAddToProfileUrl} target="_blank" rel="noopener noreferrer">
              Add to LinkedIn profile
            </a>
          ) : null}
        </div>
        {renewal?.eligible ? (
          <>
            <ErrorAlert error={renew.error} />
            <Button onClick={() => renew.mutate()} busy={renew.isPending} busyLabel="Renewing…">
              Renew {credential.achievementName}
            </Button>
          </>
        ) : null}
      </article>
    </li>
  );
}

/** The learner's credentials: PDF, verification page, LinkedIn, expiry and renewal. */
export function CredentialsPage() {
  useDocumentTitle('My credentials');
  const credentials = useQuery(myCredentialsQuery);
  return (
    <>
      <PageHeader title="My credentials" description="Your certifications as PDF certificates and Open Badges 3.0 credentials that anyone can verify." />
      <CertifyNav />
      {credentials.isPending ? (
        <Loading label="Loading your credentials…" />
      ) : credentials.error ? (
        <ErrorAlert error={credentials.error} />
      ) : credentials.data.items.length === 0 ? (
        <EmptyState>
          You have no credentials yet. <Link to="/certification">See the certification programs</Link> and what each needs.
        </EmptyState>
      ) : (
        <ul className="certify-list">
          {credentials.data.items.map((c) => (
            <CredentialCard key={c.id} credential={c} />
          ))}
        </ul>
      )}
    </>
  );
}
