import type { Contact, Procedure, Step } from '../../api/escalations';

/** The editor's copy of a procedure: numbers as typed text so a field can be empty while editing. */
export interface ContactDraft extends Contact {
  /** Kept on the client only: a new contact that the server has not seen yet. */
  isNew?: boolean;
}

export interface StepDraft extends Omit<Step, 'offsetMinutes'> {
  offsetMinutes: string;
}

export interface ProcedureDraft {
  title: string;
  situation: string;
  summary: string;
  supportAreaId: string;
  expertPersonId: string;
  itPointPersonId: string;
  siteMode: 'person' | 'contact';
  sitePointPersonId: string;
  sitePointContactId: string;
  sites: string;
  services: string;
  contacts: ContactDraft[];
  steps: StepDraft[];
  repeat: boolean;
  repeatEveryMinutes: string;
  statusUpdateEveryMinutes: string;
}

export function draftOf(p: Procedure): ProcedureDraft {
  return {
    title: p.title,
    situation: p.situation,
    summary: p.summary,
    supportAreaId: p.supportAreaId ?? '',
    expertPersonId: p.expertPersonId ?? '',
    itPointPersonId: p.itPointPersonId ?? '',
    siteMode: p.sitePointContactId ? 'contact' : 'person',
    sitePointPersonId: p.sitePointPersonId ?? '',
    sitePointContactId: p.sitePointContactId ?? '',
    sites: p.sites.join('\n'),
    services: p.services.join('\n'),
    contacts: p.contacts.map((c) => ({ ...c })),
    steps: p.steps.map((s) => ({ ...s, offsetMinutes: String(s.offsetMinutes), notify: [...s.notify] })),
    repeat: p.repeatEveryMinutes !== null,
    repeatEveryMinutes: String(p.repeatEveryMinutes ?? 60),
    statusUpdateEveryMinutes: String(p.statusUpdateEveryMinutes),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** Problems the browser can see before sending (empty number fields); the server checks the rest. */
export function localErrors(d: ProcedureDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  d.steps.forEach((s, i) => {
    if (!Number.isInteger(num(s.offsetMinutes))) errors[`body.steps.${i}.offsetMinutes`] = 'enter whole minutes after the incident opens, for example 30';
  });
  if (d.repeat && !Number.isInteger(num(d.repeatEveryMinutes))) errors['body.repeatEveryMinutes'] = 'enter whole minutes, for example 60';
  if (!Number.isInteger(num(d.statusUpdateEveryMinutes))) errors['body.statusUpdateEveryMinutes'] = 'enter whole minutes, for example 30';
  return errors;
}

/** The PATCH body. Managers may also move the procedure to another area or Expert. */
export function bodyOf(d: ProcedureDraft, revision: number, manager: boolean) {
  return {
    revision,
    title: d.title,
    situation: d.situation,
    summary: d.summary,
    ...(manager ? { supportAreaId: d.supportAreaId || null, expertPersonId: d.expertPersonId || null } : {}),
    itPointPersonId: d.itPointPersonId || null,
    sitePointPersonId: d.siteMode === 'person' ? d.sitePointPersonId || null : null,
    sitePointContactId: d.siteMode === 'contact' ? d.sitePointContactId || null : null,
    sites: lines(d.sites),
    services: lines(d.services),
    contacts: d.contacts.map((c) => ({
      id: c.id,
      kind: c.kind,
      name: c.name,
      personId: c.kind === 'person' ? c.personId || null : null,
      role: c.role,
      email: c.email?.trim() ? c.email.trim() : null,
      webhookUrl: c.webhookUrl?.trim() ? c.webhookUrl.trim() : null,
    })),
    steps: d.steps.map((s) => ({ id: s.id, offsetMinutes: num(s.offsetMinutes), title: s.title, notify: s.notify, expected: s.expected })),
    repeatEveryMinutes: d.repeat ? num(d.repeatEveryMinutes) : null,
    statusUpdateEveryMinutes: num(d.statusUpdateEveryMinutes),
  };
}

export function newLocalId(prefix: string): string {
  const bytes = new Uint8Array(4);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The next step's default time: 30 min, 1 h, 2 h, then every hour (DOMAIN.md). */
export function nextOffset(steps: StepDraft[]): number {
  const last = steps.length ? Number(steps[steps.length - 1].offsetMinutes) || 0 : null;
  if (last === null) return 30;
  if (last < 30) return 30;
  if (last < 60) return 60;
  if (last < 120) return 120;
  return last + 60;
}
