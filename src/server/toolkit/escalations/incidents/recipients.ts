import { inArray } from 'drizzle-orm';
import { people } from '../../../identity/schema.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';
import type { Tx } from './tx.js';

/** Someone (or a chat channel) told about an incident, with every channel that reaches them. */
export interface Recipient {
  /** p:<personId> for people in the organisation, c:<contactId> for other contacts. */
  key: string;
  name: string;
  role: string;
  personId: string | null;
  email: string | null;
  webhookUrl: string | null;
}

export type Who = { contactIds?: string[]; personIds?: (string | null)[]; excludePersonId?: string | null };

/** The Expert and point people who are people in Milewide, in order of who leads (IT point person first). */
export function leadPersonIds(s: ProcedureSnapshot): string[] {
  return [s.itPointPersonId, s.sitePointPersonId, s.expertPersonId].filter((id): id is string => !!id);
}

/** The Expert and both point people, the site point person also when they are one of the contacts. */
export function leads(s: ProcedureSnapshot): Who {
  return { personIds: leadPersonIds(s), contactIds: s.sitePointContactId ? [s.sitePointContactId] : [] };
}

/** Who leads the incident and is reminded when an update is due: the IT point person, else the site point person, else the Expert. */
export function pointPerson(s: ProcedureSnapshot): Who {
  if (s.itPointPersonId) return { personIds: [s.itPointPersonId] };
  if (s.sitePointPersonId) return { personIds: [s.sitePointPersonId] };
  if (s.sitePointContactId) return { contactIds: [s.sitePointContactId] };
  return { personIds: s.expertPersonId ? [s.expertPersonId] : [] };
}

/** Everyone on the procedure: every contact plus the Expert and point people. */
export function stakeholders(s: ProcedureSnapshot, excludePersonId: string | null = null): Who {
  return { contactIds: s.contacts.map((c) => c.id), personIds: leadPersonIds(s), excludePersonId };
}

const roleOf = (s: ProcedureSnapshot, personId: string) =>
  personId === s.itPointPersonId ? 'IT point person' : personId === s.sitePointPersonId ? 'Site point person' : personId === s.expertPersonId ? 'Expert' : 'Contact';

export interface PersonRow {
  id: string;
  orgId: string;
  name: string;
  email: string;
  status: string;
}

/** The people an announcement may name, loaded once for many incidents. */
export async function loadPeople(tx: Tx, ids: string[]): Promise<Map<string, PersonRow>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await tx.select({ id: people.id, orgId: people.orgId, name: people.name, email: people.email, status: people.status }).from(people).where(inArray(people.id, unique));
  return new Map(rows.map((p) => [p.id, p]));
}

/** Person ids a selection may reach (to load them before recipientsOf). */
export function personIdsOf(s: ProcedureSnapshot, who: Who): string[] {
  const contacts = (who.contactIds ?? []).map((id) => s.contacts.find((c) => c.id === id)).filter((c) => !!c);
  return [...(who.personIds ?? []).filter((id): id is string => !!id), ...contacts.flatMap((c) => (c.personId ? [c.personId] : []))];
}

/**
 * Resolves who to tell from the incident's snapshot and the people table (for current names and
 * addresses of people in the organisation; deactivated people are only reached through a contact's
 * own address). One recipient per person or contact; two contacts sharing a webhook URL post once.
 */
export function recipientsOf(peopleById: Map<string, PersonRow>, orgId: string, s: ProcedureSnapshot, who: Who): Recipient[] {
  const contacts = (who.contactIds ?? []).map((id) => s.contacts.find((c) => c.id === id)).filter((c) => !!c);
  const activePerson = (id: string) => {
    const p = peopleById.get(id);
    return p && p.orgId === orgId && p.status === 'active' ? p : undefined;
  };
  const byKey = new Map<string, Recipient>();
  const add = (r: Recipient) => {
    const existing = byKey.get(r.key);
    if (!existing) byKey.set(r.key, r);
    else {
      existing.email ??= r.email;
      existing.webhookUrl ??= r.webhookUrl;
    }
  };
  for (const id of who.personIds ?? []) {
    if (!id) continue;
    const p = activePerson(id);
    if (p) add({ key: `p:${id}`, name: p.name, role: roleOf(s, id), personId: id, email: p.email, webhookUrl: null });
  }
  for (const c of contacts) {
    const p = c.personId ? activePerson(c.personId) : undefined;
    if (p) add({ key: `p:${p.id}`, name: p.name, role: c.role || roleOf(s, p.id), personId: p.id, email: c.email ?? p.email, webhookUrl: c.webhookUrl });
    else add({ key: `c:${c.id}`, name: c.name, role: c.id === s.sitePointContactId ? 'Site point person' : c.role, personId: null, email: c.email, webhookUrl: c.webhookUrl });
  }
  const seenHooks = new Set<string>();
  const result: Recipient[] = [];
  for (const r of byKey.values()) {
    if (who.excludePersonId && r.personId === who.excludePersonId) continue;
    if (r.webhookUrl) {
      if (seenHooks.has(r.webhookUrl)) r.webhookUrl = null;
      else seenHooks.add(r.webhookUrl);
    }
    result.push(r);
  }
  return result;
}

export async function resolveRecipients(tx: Tx, orgId: string, s: ProcedureSnapshot, who: Who): Promise<Recipient[]> {
  return recipientsOf(await loadPeople(tx, personIdsOf(s, who)), orgId, s, who);
}
