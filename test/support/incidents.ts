import type { ProcedureContact, ProcedureSnapshot } from '../../src/server/toolkit/escalations/procedure-snapshot.js';

export interface SnapshotPeople {
  expert?: string | null;
  itPoint?: string | null;
  sitePoint?: string | null;
}

/**
 * A published-procedure snapshot as the binder produces it, for opening incidents in tests without
 * building a binder first. Each step tells the contacts named in `notify`.
 */
export function testSnapshot(opts: {
  title?: string;
  people?: SnapshotPeople;
  contacts: ProcedureContact[];
  steps: { offsetMinutes: number; notify: string[]; title?: string }[];
  repeatEveryMinutes?: number | null;
  statusUpdateEveryMinutes?: number;
}): ProcedureSnapshot {
  return {
    procedureId: '',
    versionId: '',
    version: 1,
    title: opts.title ?? 'E-mail outage',
    situation: 'email-outage',
    summary: 'Mail does not flow in or out.',
    expertPersonId: opts.people?.expert ?? null,
    itPointPersonId: opts.people?.itPoint ?? null,
    sitePointPersonId: opts.people?.sitePoint ?? null,
    sites: ['Head office'],
    services: ['E-mail'],
    contacts: opts.contacts,
    steps: opts.steps.map((s, i) => ({ id: `step-${i + 1}`, offsetMinutes: s.offsetMinutes, title: s.title ?? `Escalation step ${i + 1}`, notify: s.notify, expected: `Do what step ${i + 1} asks.` })),
    repeatEveryMinutes: opts.repeatEveryMinutes === undefined ? 60 : opts.repeatEveryMinutes,
    statusUpdateEveryMinutes: opts.statusUpdateEveryMinutes ?? 30,
  };
}

export function personContact(id: string, person: { id: string; email: string }, name: string, extra: Partial<ProcedureContact> = {}): ProcedureContact {
  return { id, kind: 'person', name, personId: person.id, role: 'Contact', email: null, webhookUrl: null, ...extra };
}

export function vendorContact(id: string, name: string, extra: Partial<ProcedureContact> = {}): ProcedureContact {
  return { id, kind: 'vendor', name, personId: null, role: 'Vendor', email: null, webhookUrl: null, ...extra };
}
