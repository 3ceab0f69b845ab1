import { randomUUID } from 'node:crypto';
import type { Database } from '../src/server/db/client.js';
import { organisations, teams } from '../src/server/org/schema.js';
import { people } from '../src/server/identity/schema.js';
import { hashPassword } from '../src/server/identity/passwords.js';
import { createSession } from '../src/server/identity/sessions.js';
import type { CareerLevel } from '../src/shared/career.js';
import type { Role } from '../src/shared/roles.js';

const FIRST = ['Amara', 'Bjorn', 'Chloe', 'Diego', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jamal', 'Katya', 'Liam', 'Maya', 'Nikos', 'Olga', 'Pavel', 'Quinn', 'Rosa', 'Sanjay', 'Tara', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zofia', 'Aled', 'Bea', 'Cormac', 'Dalia', 'Emeka', 'Freya'];
const LAST = ['Abara', 'Berg', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Gupta', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quint', 'Rossi', 'Sato', 'Tanaka', 'Usman', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zhang', 'Lindgren', 'Mensah', 'Novak', 'Ortega', 'Price', 'Sousa'];

/** Divisions, each led by a director, with the teams their managers run. */
const DIVISIONS: { name: string; teams: string[] }[] = [
  { name: 'Infrastructure & Operations', teams: ['Network Engineering', 'Cloud Platform', 'Data Centre Operations', 'End-User Computing', 'Storage & Backup', 'Unified Communications'] },
  { name: 'Service Delivery', teams: ['Service Desk North', 'Service Desk South', 'Second-line Support', 'Field Services', 'Major Incident Management', 'Service Desk West'] },
  { name: 'Applications', teams: ['ERP', 'Warehouse Systems', 'Customer Portal', 'Integration', 'Mobile Apps', 'Quality Assurance', 'Transport Planning'] },
  { name: 'Security', teams: ['Security Operations Centre', 'Identity & Access', 'Governance, Risk & Compliance', 'Vulnerability Management', 'Security Engineering'] },
  { name: 'Data & Analytics', teams: ['Data Engineering', 'Business Intelligence', 'Data Governance', 'Machine Learning Platform', 'Reporting Services'] },
  { name: 'Architecture & PMO', teams: ['Enterprise Architecture', 'Project Management Office', 'Vendor Management', 'IT Finance'] },
];

const IC_ROLES: Record<string, string> = {
  'Infrastructure & Operations': 'Systems Engineer',
  'Service Delivery': 'Service Desk Analyst',
  Applications: 'Programmer Analyst',
  Security: 'Security Analyst',
  'Data & Analytics': 'Data Engineer',
  'Architecture & PMO': 'Project Coordinator',
};

type Row = typeof people.$inferInsert;

export interface SyntheticOrg {
  orgId: string;
  people: number;
  teams: number;
  /** Session cookie value of a people manager in the organisation. */
  sessionToken: string;
}

/**
 * A 1,000-person IT organisation: a CIO, six directors, a manager per team, two tech leads per team
 * and specialists reporting to the leads. Inserted directly through drizzle, in batches.
 */
export async function seedSyntheticOrg(database: Database, size = 1000): Promise<SyntheticOrg> {
  const db = database.db;
  const passwordHash = await hashPassword('synthetic-bench-password');
  const [org] = await db.insert(organisations).values({ name: 'Harbourline Logistics IT', slug: `harbourline-${randomUUID().slice(0, 8)}` }).returning();

  const teamRows: (typeof teams.$inferInsert)[] = [];
  const leadership = { id: randomUUID(), orgId: org.id, name: 'IT Leadership', description: 'The CIO and the division directors.' };
  teamRows.push(leadership);
  const divisionTeams = DIVISIONS.map((d) => {
    const division = { id: randomUUID(), orgId: org.id, name: d.name, parentTeamId: leadership.id, description: `The ${d.name} division.` };
    teamRows.push(division);
    const subTeams = d.teams.map((t) => ({ id: randomUUID(), orgId: org.id, name: t, parentTeamId: division.id, description: `${t}, part of ${d.name}.` }));
    teamRows.push(...subTeams);
    return { division: d, teamId: division.id, subTeams };
  });
  await db.insert(teams).values(teamRows);

  const rows: Row[] = [];
  const person = (teamId: string, managerId: string | null, careerLevel: CareerLevel, jobRole: string, roles: Role[]): string => {
    const n = rows.length;
    const first = FIRST[n % FIRST.length];
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length];
    const id = randomUUID();
    rows.push({ id, orgId: org.id, email: `${first}.${last}.${n}@harbourline.example`.toLowerCase(), name: `${first} ${last}`, teamId, managerId, careerLevel, jobRole, roles, passwordHash });
    return id;
  };

  const cio = person(leadership.id, null, 'c_level', 'Chief Information Officer', ['org_admin', 'mentor', 'learner']);
  const leads: { id: string; teamId: string; division: string }[] = [];
  let benchUser = '';
  for (const { division, subTeams } of divisionTeams) {
    const director = person(leadership.id, cio, 'it_director', `Director of ${division.name}`, ['mentor', 'learner']);
    for (const team of subTeams) {
      const manager = person(team.id!, director, 'it_manager', `${team.name} Manager`, ['mentor', 'learner']);
      benchUser ||= manager;
      for (let i = 0; i < 2; i++) leads.push({ id: person(team.id!, manager, 'tech_lead', `${team.name} Lead`, ['learner']), teamId: team.id!, division: division.name });
    }
  }
  for (let i = 0; rows.length < size; i++) {
    const lead = leads[i % leads.length];
    person(lead.teamId, lead.id, 'individual_contributor', IC_ROLES[lead.division], ['learner']);
  }
  // Managers come before their reports, so every batch refers only to rows already inserted.
  for (let i = 0; i < rows.length; i += 250) await db.insert(people).values(rows.slice(i, i + 250));

  const session = await createSession(db, benchUser, 14, 'milewide-bench');
  return { orgId: org.id, people: rows.length, teams: teamRows.length, sessionToken: session.token };
}
