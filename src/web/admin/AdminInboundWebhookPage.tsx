import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, post } from '../api/client';
import { incidentSettingsQuery, type IncidentSettings } from '../api/escalations';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { CopyButton } from '../ui/CopyButton';
import { formatDateTime } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { RequirePermission } from './RequirePermission';

/** A shell recipe that signs one alert the way the inbound webhook checks it. */
export function curlExample(url: string, secret: string): string {
  return [
    `SECRET='${secret}'`,
    `BODY='{"situation":"email-outage","title":"Mail server not answering","externalRef":"ALERT-1042","requestId":"alert-1042-1"}'`,
    'TS=$(date +%s)',
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')`,
    `curl -X POST '${url}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "X-Milewide-Timestamp: $TS" \\`,
    `  -H "X-Milewide-Signature: sha256=$SIG" \\`,
    `  --data "$BODY"`,
  ].join('\n');
}

/** The inbound webhook that lets a monitoring tool open incidents: its address and secret (shown once). */
export function AdminInboundWebhookPage() {
  useDocumentTitle('Inbound webhook');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const settings = useQuery(incidentSettingsQuery);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'rotate' | 'off' | null>(null);
  const rotate = useMutation({
    mutationFn: () => post<IncidentSettings & { secret: string }>('/api/v1/incident-settings/inbound-secret'),
    onSuccess: (r) => {
      const { secret: made, ...rest } = r;
      queryClient.setQueryData(['incident-settings'], rest);
      setSecret(made);
      setConfirm(null);
      announce('A new secret was made. It is shown once: copy it now.');
    },
  });
  const turnOff = useMutation({
    mutationFn: () => del<IncidentSettings>('/api/v1/incident-settings/inbound-secret'),
    onSuccess: (r) => {
      queryClient.setQueryData(['incident-settings'], r);
      setSecret(null);
      setConfirm(null);
      announce('The inbound webhook is off.');
    },
  });
  const s = settings.data;
  return (
    <>
      <PageHeader
        title="Inbound webhook"
        description="Let a monitoring tool open incidents: it sends a signed request naming a published procedure (or its situation), and the incident starts as if someone opened it in the app."
      />
      <AdminNav />
      <RequirePermission permission="incidents.configure">
        {settings.isPending ? <Loading label="Loading the webhook settings…" /> : null}
        <ErrorAlert error={settings.error} />
        {s ? (
          <>
            <section className="card" aria-labelledby="inbound-state">
              <h2 id="inbound-state">{s.inboundEnabled ? 'The inbound webhook is on' : 'The inbound webhook is off'}</h2>
              <dl className="facts">
                <dt>Address</dt>
                <dd>
                  <code>{s.inboundUrl}</code>
                </dd>
                <dt>Secret</dt>
                <dd>{s.inboundEnabled ? `Made ${formatDateTime(s.inboundSecretSetAt)}. It is not shown again; make a new one if it is lost.` : 'None: requests are refused.'}</dd>
              </dl>
              <p>
                <CopyButton value={s.inboundUrl} label="Copy the address" />
              </p>
              {secret ? (
                <div className="alert alert--success" role="status">
                  <p className="alert__title">The new secret. It is shown only once.</p>
                  <div className="token-reveal">
                    <code className="token-reveal__value" aria-label="Inbound webhook secret">
                      {secret}
                    </code>
                    <CopyButton value={secret} label="Copy the secret" />
                  </div>
                  <Button variant="secondary" onClick={() => setSecret(null)}>
                    I have copied it, hide the secret
                  </Button>
                </div>
              ) : null}
              <ErrorAlert error={rotate.error ?? turnOff.error} />
              <div className="form__actions">
                <Button busy={rotate.isPending} busyLabel="Making a secret…" onClick={() => (s.inboundEnabled ? setConfirm('rotate') : rotate.mutate())}>
                  {s.inboundEnabled ? 'Rotate the secret' : 'Turn on: make a secret'}
                </Button>
                {s.inboundEnabled ? (
                  <Button variant="danger" onClick={() => setConfirm('off')}>
                    Turn off
                  </Button>
                ) : null}
              </div>
            </section>
            <section className="card" aria-labelledby="inbound-how">
              <h2 id="inbound-how">Signing a request</h2>
              <p>
                Sign each request with the secret: <code>X-Milewide-Timestamp</code> is the Unix time in seconds (within 5 minutes of the server's clock), and{' '}
                <code>X-Milewide-Signature</code> is <code>sha256=</code> followed by the hex HMAC-SHA256 of the timestamp, a dot and the exact body. The body names a{' '}
                <code>procedureId</code> or a <code>situation</code> (for example <code>email-outage</code>); <code>title</code>, <code>details</code>,{' '}
                <code>externalRef</code> and <code>requestId</code> are optional. A request sent twice (same <code>requestId</code>, or the same signature) opens nothing the
                second time.
              </p>
              <pre className="message-text" tabIndex={0} aria-label="Example: sign and send an alert with curl">
                {curlExample(s.inboundUrl, secret ?? 'paste-your-secret-here')}
              </pre>
              <p>
                <CopyButton value={curlExample(s.inboundUrl, secret ?? 'paste-your-secret-here')} label="Copy the example" />
              </p>
            </section>
          </>
        ) : null}
      </RequirePermission>
      <ConfirmDialog
        open={confirm === 'rotate'}
        title="Rotate the secret?"
        confirmLabel="Make a new secret"
        busy={rotate.isPending}
        error={rotate.error}
        onCancel={() => {
          rotate.reset();
          setConfirm(null);
        }}
        onConfirm={() => rotate.mutate()}
      >
        <p>The old secret stops working at once: update every monitoring tool that uses it.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'off'}
        title="Turn the inbound webhook off?"
        confirmLabel="Turn off"
        busy={turnOff.isPending}
        error={turnOff.error}
        onCancel={() => {
          turnOff.reset();
          setConfirm(null);
        }}
        onConfirm={() => turnOff.mutate()}
      >
        <p>Monitoring tools can no longer open incidents until you make a new secret.</p>
      </ConfirmDialog>
    </>
  );
}
