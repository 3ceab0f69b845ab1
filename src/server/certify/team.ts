import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { people } from '../identity/schema.js';
import { planOf, type ActionPlanRow } from './action-plan.js';
import { enrolments } from './program-schema.js';
import { listPrograms, loadProgram, type ProgramRow } from './programs.js';
import { requirementStatus, type Requirement } from './requirements.js';
import { credentials } from './schema.js';

type Reader = Db;

export interface PersonProgramStatus {
  programId: string;
  programName: string;
  enrolled: boolean;
  credentialId: string | null;
  requirements: Requirement[];
  /** The first requirement not met (where the person is), or null when all are met. */
  at: Requirement['key'] | null;
  plan: ActionPlanRow | null;
}

async function statusIn(db: Reader, program: ProgramRow, personId: string, enrolment: { id: string; credentialId: string | null } | null): Promise<PersonProgramStatus> {
  const requirements = await requirementStatus(db, program, personId, enrolment?.id ?? null);
  return {
    programId: program.id,
    programName: program.name,
    enrolled: !!enrolment,
    credentialId: enrolment?.credentialId ?? null,
    requirements,
    at: requirements.find((r) => !r.met)?.key ?? null,
    plan: enrolment ? await planOf(db, enrolment.id) : null,
  };
}

/** A manager's direct reports and where each stands in every program they are enrolled in. */
export async function reportsStatus(db: Reader, actor: Actor) {
  const reports = await db
    .select({ id: people.id, name: people.name, jobRole: people.jobRole })
    .from(people)
    .where(and(eq(people.orgId, actor.orgId), eq(people.managerId, actor.personId)))
    .orderBy(asc(people.name));
  if (!reports.length) return [];
  const programs = await listPrograms(db, actor.orgId);
  const rows = await db.select().from(enrolments).where(and(eq(enrolments.orgId, actor.orgId), inArray(enrolments.personId, reports.map((r) => r.id))));
  const out = [];
  for (const person of reports) {
    const statuses = [];
    for (const program of programs) {
      const enrolment = rows.find((e) => e.programId === program.id && e.personId === person.id) ?? null;
      if (enrolment) statuses.push(await statusIn(db, program, person.id, enrolment));
    }
    out.push({ person, programs: statuses });
  }
  return out;
}

/** The bench of one program: every enrolled person and the requirement they are at. */
export async function programBench(db: Reader, actor: Actor, programId: string) {
  const program = await loadProgram(db, actor, programId);
  const rows = await db
    .select({ enrolment: enrolments, name: people.name, jobRole: people.jobRole })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(eq(enrolments.programId, program.id))
    .orderBy(asc(people.name));
  const items = [];
  for (const r of rows) {
    const status = await statusIn(db, program, r.enrolment.personId, r.enrolment);
    items.push({ person: { id: r.enrolment.personId, name: r.name, jobRole: r.jobRole }, enrolledAt: r.enrolment.enrolledAt, credentialId: status.credentialId, at: status.credentialId ? null : status.at, requirements: status.requirements });
  }
  const counts: Record<string, number> = { learning_path: 0, exam: 0, practicum: 0, action_plan: 0, ready_to_claim: 0, certified: 0 };
  for (const i of items) counts[i.credentialId ? 'certified' : (i.at ?? 'ready_to_claim')]! += 1;
  return { program, items, counts };
}

/** Every credential of the organisation with its holder, newest first (administrators). */
export async function organisationCredentials(db: Reader, actor: Actor, filter: { programId?: string }) {
  const where = filter.programId ? and(eq(credentials.orgId, actor.orgId), eq(credentials.programId, filter.programId)) : eq(credentials.orgId, actor.orgId);
  return db.select({ credential: credentials, holderName: people.name }).from(credentials).innerJoin(people, eq(people.id, credentials.personId)).where(where).orderBy(desc(credentials.validFrom)).limit(500);
}
