import type { FieldError } from '../../../http/errors.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';
import type { PersonRef } from './people-refs.js';
import type { escalationProcedures } from './schema.js';

export type ProcedureRow = typeof escalationProcedures.$inferSelect;

/**
 * What a procedure still lacks before a manager can mark it reviewed or publish it. Drafts may be
 * incomplete; a published procedure must say who owns it, who is told at each step, and where.
 */
export function missingForPublish(p: ProcedureRow, people: Map<string, PersonRef>): FieldError[] {
  const missing: FieldError[] = [];
  const activePerson = (path: string, id: string | null, what: string) => {
    if (!id) missing.push({ path, message: `name the ${what}` });
    else if (!people.get(id)?.active) missing.push({ path, message: `the ${what} is no longer an active person here; choose someone else` });
  };
  if (!p.summary.trim()) missing.push({ path: 'summary', message: 'write a short summary of the situation' });
  activePerson('expertPersonId', p.expertPersonId, 'owning Expert');
  activePerson('itPointPersonId', p.itPointPersonId, 'IT point person');
  if (p.sitePointPersonId) activePerson('sitePointPersonId', p.sitePointPersonId, 'site point person');
  else if (!p.sitePointContactId) missing.push({ path: 'sitePointPersonId', message: 'name the site point person (a person, or one of the contacts)' });
  if (p.sites.length === 0 && p.services.length === 0) missing.push({ path: 'sites', message: 'list the affected sites or services' });
  if (p.contacts.length === 0) missing.push({ path: 'contacts', message: 'add the contacts who are told (people and vendors)' });
  if (p.steps.length === 0) missing.push({ path: 'steps', message: 'add at least one timed step' });
  p.steps.forEach((s, i) => {
    if (s.notify.length === 0) missing.push({ path: `steps.${i}.notify`, message: `step "${s.title}" tells nobody; choose who is told` });
    if (!s.expected.trim()) missing.push({ path: `steps.${i}.expected`, message: `step "${s.title}" does not say what is expected` });
  });
  return missing;
}

/** The content incidents follow, frozen into a version row when the procedure is published. */
export function snapshotOf(p: ProcedureRow, versionId: string, version: number): ProcedureSnapshot {
  return {
    procedureId: p.id,
    versionId,
    version,
    title: p.title,
    situation: p.situation,
    summary: p.summary,
    expertPersonId: p.expertPersonId,
    itPointPersonId: p.itPointPersonId,
    sitePointPersonId: p.sitePointPersonId,
    sitePointContactId: p.sitePointContactId,
    sites: [...p.sites],
    services: [...p.services],
    contacts: p.contacts.map((c) => ({ ...c })),
    steps: p.steps.map((s) => ({ ...s, notify: [...s.notify] })),
    repeatEveryMinutes: p.repeatEveryMinutes,
    statusUpdateEveryMinutes: p.statusUpdateEveryMinutes,
  };
}

/** True when the working copy says exactly what the given published snapshot says. */
export function sameContent(p: ProcedureRow, published: ProcedureSnapshot): boolean {
  const { versionId: _v, version: _n, ...a } = snapshotOf(p, '', 0);
  const { versionId: _w, version: _m, ...b } = published;
  return canonical(a) === canonical({ ...b, sitePointContactId: b.sitePointContactId ?? null });
}

/** JSON with object keys sorted: jsonb does not keep the order keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v,
  );
}
