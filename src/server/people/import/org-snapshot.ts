import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { people } from '../../identity/schema.js';
import { teams } from '../../org/schema.js';

export type Reader = Pick<Db, 'select'>;

export interface StoredPerson {
  id: string;
  email: string;
  name: string;
  teamId: string | null;
  managerId: string | null;
  careerLevel: string;
  jobRole: string;
  roles: string[];
}

/** What an import compares the file with: the organisation's people and teams as stored now. */
export interface OrgSnapshot {
  peopleByEmail: Map<string, StoredPerson>;
  emailById: Map<string, string>;
  /** Keyed by lower-cased name: "Service Desk" and "service desk" are the same team. */
  teamsByKey: Map<string, { id: string; name: string }>;
  teamsByName: Map<string, { id: string; name: string }>;
}

export const teamKey = (name: string) => name.trim().toLowerCase();

export async function loadSnapshot(db: Reader, orgId: string): Promise<OrgSnapshot> {
  const [storedPeople, storedTeams] = await Promise.all([
    db
      .select({
        id: people.id,
        email: people.email,
        name: people.name,
        teamId: people.teamId,
        managerId: people.managerId,
        careerLevel: people.careerLevel,
        jobRole: people.jobRole,
        roles: people.roles,
      })
      .from(people)
      .where(eq(people.orgId, orgId)),
    db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.orgId, orgId)),
  ]);
  const teamsByKey = new Map<string, { id: string; name: string }>();
  for (const t of storedTeams) if (!teamsByKey.has(teamKey(t.name))) teamsByKey.set(teamKey(t.name), t);
  return {
    peopleByEmail: new Map(storedPeople.map((p) => [p.email, p])),
    emailById: new Map(storedPeople.map((p) => [p.id, p.email])),
    teamsByKey,
    teamsByName: new Map(storedTeams.map((t) => [t.name, t])),
  };
}

/** The stored team a file's team name means: the exact spelling first, then ignoring case. */
export function findTeam(snapshot: OrgSnapshot, name: string) {
  return snapshot.teamsByName.get(name) ?? snapshot.teamsByKey.get(teamKey(name));
}

/** Which of these e-mail addresses belong to people of other organisations (e-mails are unique installation-wide). */
export async function emailsInOtherOrgs(db: Reader, orgId: string, emails: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < emails.length; i += 1000) {
    const chunk = emails.slice(i, i + 1000);
    const rows = await db.select({ email: people.email }).from(people).where(and(inArray(people.email, chunk), ne(people.orgId, orgId)));
    for (const r of rows) found.add(r.email);
  }
  return found;
}
