import type { Contact, Step } from '../../api/escalations';
import { minutesLabel, stepWhen } from './labels';

export interface ReadableProcedure {
  summary: string;
  expertName: string | null;
  itPointName: string | null;
  sitePointName: string | null;
  sites: string[];
  services: string[];
  contacts: Contact[];
  steps: Step[];
  repeatEveryMinutes: number | null;
  statusUpdateEveryMinutes: number;
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'webhook';
  }
}

/** A procedure as people read it in the binder: who, where, who is told when, and the cadence. */
export function ProcedureReadView({ p, headingLevel = 2 }: { p: ReadableProcedure; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const contactName = (id: string) => p.contacts.find((c) => c.id === id)?.name ?? 'a removed contact';
  return (
    <div className="procedure-read">
      <p className="procedure-read__summary">{p.summary || <span className="muted">No summary.</span>}</p>
      <div className="grid-2">
        <div>
          <H className="h-small">People</H>
          <dl className="facts">
            <dt>Owning Expert</dt>
            <dd>{p.expertName ?? '—'}</dd>
            <dt>IT point person</dt>
            <dd>{p.itPointName ?? '—'}</dd>
            <dt>Site point person</dt>
            <dd>{p.sitePointName ?? '—'}</dd>
          </dl>
        </div>
        <div>
          <H className="h-small">Where</H>
          <dl className="facts">
            <dt>Sites</dt>
            <dd>{p.sites.length ? p.sites.join(', ') : '—'}</dd>
            <dt>Services</dt>
            <dd>{p.services.length ? p.services.join(', ') : '—'}</dd>
          </dl>
        </div>
      </div>
      <H className="h-small">Timed steps</H>
      {p.steps.length === 0 ? (
        <p className="muted">No steps.</p>
      ) : (
        <ol className="timeline timeline--plan">
          {p.steps.map((s, i) => (
            <li key={s.id} className="timeline__item">
              <p className="timeline__when">{stepWhen(s.offsetMinutes)}</p>
              <p className="timeline__title">
                Step {i + 1}: {s.title}
              </p>
              <p>
                <span className="muted">Told:</span> {s.notify.length ? s.notify.map(contactName).join(', ') : 'nobody yet'}
              </p>
              {s.expected ? <p>{s.expected}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <p>
        {p.repeatEveryMinutes ? `The last step repeats every ${minutesLabel(p.repeatEveryMinutes)} until the incident is resolved. ` : 'The last step does not repeat. '}
        Status updates go out every {minutesLabel(p.statusUpdateEveryMinutes)}.
      </p>
      <H className="h-small">Contacts</H>
      {p.contacts.length === 0 ? (
        <p className="muted">No contacts.</p>
      ) : (
        <ul className="contact-list">
          {p.contacts.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong>
              {c.role ? ` (${c.role})` : ''} · {c.kind === 'vendor' ? 'Vendor' : 'Person'}
              <span className="muted small block">
                {[c.email, c.webhookUrl ? `chat webhook at ${host(c.webhookUrl)}` : null].filter(Boolean).join(' · ') || 'No channel'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
