import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { organisations, teams } from '../org/schema.js';
import { people } from '../identity/schema.js';
import { hashPassword } from '../identity/passwords.js';
import { recordAudit } from '../audit/service.js';
import type { Role } from '../../shared/roles.js';
import type { CareerLevel } from '../../shared/career.js';
import { installDefaultPack } from '../content/default-pack.js';
import { seedDemoBinder, type DemoPeople } from '../toolkit/escalations/binder/demo-binder.js';
import { loadDefaultItemBanks } from '../assess/items/demo-banks.js';
import { seedDemoExams } from '../assess/exams/demo-exams.js';
import { seedCertifyDemo } from '../certify/demo.js';

export const DEMO_SLUG = 'northwind-it';
export const DEMO_PASSWORD = 'milewide-demo';

interface DemoPerson {
  key: string;
  name: string;
  email: string;
  team: string | null;
  manager: string | null;
  level: CareerLevel;
  jobRole: string;
  roles: Role[];
  signIn?: string;
}

/** A small, realistic IT department: a CIO, two directors, managers, leads and specialists. */
const TEAMS = [
  { name: 'IT Leadership', description: 'The CIO and the directors of infrastructure and applications.' },
  { name: 'Infrastructure & Operations', description: 'Servers, network, end-user computing and the service desk.' },
  { name: 'Service Desk', description: 'First- and second-line support for every office.' },
  { name: 'Applications', description: 'Business applications, integrations and the programming change backlog.' },
  { name: 'Learning & Development', description: 'Career framework, curriculum and certification for IT.' },
];

const PEOPLE: DemoPerson[] = [
  { key: 'cio', name: 'Dana Whitfield', email: 'dana.whitfield@northwind.example', team: 'IT Leadership', manager: null, level: 'c_level', jobRole: 'Chief Information Officer', roles: ['org_admin', 'mentor', 'learner'], signIn: 'Org admin' },
  { key: 'infra-dir', name: 'Marcus Oyelaran', email: 'marcus.oyelaran@northwind.example', team: 'IT Leadership', manager: 'cio', level: 'it_director', jobRole: 'Director of Infrastructure', roles: ['mentor', 'learner'], signIn: 'Mentor (director)' },
  { key: 'apps-dir', name: 'Priya Raman', email: 'priya.raman@northwind.example', team: 'IT Leadership', manager: 'cio', level: 'it_director', jobRole: 'Director of Applications', roles: ['learner'] },
  { key: 'ld', name: 'Helen Brandt', email: 'helen.brandt@northwind.example', team: 'Learning & Development', manager: 'cio', level: 'it_manager', jobRole: 'IT Learning Lead', roles: ['author', 'learner'], signIn: 'Author / instructor' },
  { key: 'desk-mgr', name: 'Tomás Ferreira', email: 'tomas.ferreira@northwind.example', team: 'Service Desk', manager: 'infra-dir', level: 'it_manager', jobRole: 'Service Desk Manager', roles: ['learner'], signIn: 'People manager' },
  { key: 'net-lead', name: 'Aisha Karim', email: 'aisha.karim@northwind.example', team: 'Infrastructure & Operations', manager: 'infra-dir', level: 'tech_lead', jobRole: 'Network Team Lead', roles: ['learner'] },
  { key: 'sys1', name: 'Jonas Lindqvist', email: 'jonas.lindqvist@northwind.example', team: 'Infrastructure & Operations', manager: 'net-lead', level: 'individual_contributor', jobRole: 'Network Engineer', roles: ['learner'] },
  { key: 'sys2', name: 'Mei Chen', email: 'mei.chen@northwind.example', team: 'Infrastructure & Operations', manager: 'net-lead', level: 'individual_contributor', jobRole: 'Systems Administrator', roles: ['learner'] },
  { key: 'desk1', name: 'Samuel Osei', email: 'samuel.osei@northwind.example', team: 'Service Desk', manager: 'desk-mgr', level: 'individual_contributor', jobRole: 'Service Desk Analyst', roles: ['learner'], signIn: 'Learner' },
  { key: 'desk2', name: 'Laura Bianchi', email: 'laura.bianchi@northwind.example', team: 'Service Desk', manager: 'desk-mgr', level: 'individual_contributor', jobRole: 'Service Desk Analyst', roles: ['learner'] },
  { key: 'desk3', name: 'Ravi Patel', email: 'ravi.patel@northwind.example', team: 'Service Desk', manager: 'desk-mgr', level: 'tech_lead', jobRole: 'Second-line Support Lead', roles: ['learner'] },
  { key: 'apps-mgr', name: 'Grace Mbeki', email: 'grace.mbeki@northwind.example', team: 'Applications', manager: 'apps-dir', level: 'it_manager', jobRole: 'Applications Manager', roles: ['learner'] },
  { key: 'dev1', name: 'Oliver Novak', email: 'oliver.novak@northwind.example', team: 'Applications', manager: 'apps-mgr', level: 'tech_lead', jobRole: 'Lead Developer', roles: ['learner'] },
  { key: 'dev2', name: 'Fatima Zahra', email: 'fatima.zahra@northwind.example', team: 'Applications', manager: 'apps-mgr', level: 'individual_contributor', jobRole: 'Programmer Analyst', roles: ['learner'] },
  { key: 'dev3', name: 'Ben Hollis', email: 'ben.hollis@northwind.example', team: 'Applications', manager: 'apps-mgr', level: 'individual_contributor', jobRole: 'Programmer Analyst', roles: ['learner'] },
  { key: 'dba', name: 'Yuki Tanaka', email: 'yuki.tanaka@northwind.example', team: 'Applications', manager: 'apps-mgr', level: 'individual_contributor', jobRole: 'Database Administrator', roles: ['learner'] },
];

export interface DemoSignIn {
  role: string;
  email: string;
  password: string;
}

export async function demoExists(ctx: AppContext): Promise<boolean> {
  const [org] = await ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, DEMO_SLUG));
  return !!org;
}

export function demoSignIns(): DemoSignIn[] {
  return PEOPLE.filter((p) => p.signIn).map((p) => ({ role: p.signIn!, email: p.email, password: DEMO_PASSWORD }));
}

/** Creates the demo organisation once, with the default curriculum; returns false when it already exists. */
export async function seedDemo(ctx: AppContext, onProgress?: (done: number, total: number) => void): Promise<boolean> {
  const [existing] = await ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, DEMO_SLUG));
  if (existing) {
    // A demo made before the default item banks were installed gets them on the next start.
    await loadDefaultItemBanks(ctx, existing.id, { onlyIfEmpty: true });
    await seedDemoExams(ctx, existing.id);
    return false;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const orgId = await ctx.db.transaction(async (tx) => {
    const [org] = await tx.insert(organisations).values({ name: 'Northwind Health IT (demo)', slug: DEMO_SLUG }).returning();
    const teamIds = new Map<string, string>();
    for (const t of TEAMS) {
      const [row] = await tx.insert(teams).values({ orgId: org.id, ...t }).returning();
      teamIds.set(t.name, row.id);
    }
    const ids = new Map<string, string>();
    const byKey: DemoPeople = new Map();
    let done = 0;
    for (const p of PEOPLE) {
      const [row] = await tx
        .insert(people)
        .values({
          orgId: org.id,
          email: p.email,
          name: p.name,
          teamId: p.team ? teamIds.get(p.team)! : null,
          managerId: p.manager ? ids.get(p.manager)! : null,
          careerLevel: p.level,
          jobRole: p.jobRole,
          roles: p.roles,
          passwordHash,
        })
        .returning();
      ids.set(p.key, row.id);
      byKey.set(p.key, { id: row.id, email: row.email, name: row.name });
      onProgress?.(++done, PEOPLE.length);
    }
    await seedDemoBinder(tx, org.id, byKey);
    await recordAudit(tx, null, { orgId: org.id, action: 'organisation.create', entityType: 'organisation', entityId: org.id, after: { name: org.name, demo: true } });
    return org.id;
  });
  await installDefaultPack(ctx.db, ctx.log, orgId, null);
  await loadDefaultItemBanks(ctx, orgId);
  await seedDemoExams(ctx, orgId);
  // Last: certification links its programs to the exams made above and seeds a candidate.
  await seedCertifyDemo(ctx, orgId);
  return true;
}
