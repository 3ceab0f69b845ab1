import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Actor, Relation } from '../access/policy.js';
import { notFound } from '../http/errors.js';
import { people } from '../identity/schema.js';

type Tx = Pick<Db, 'select'>;

export interface Subject {
  id: string;
  orgId: string;
  email: string;
  name: string;
  managerId: string | null;
  teamId: string | null;
  status: string;
  careerLevel: string;
}

/** Loads a person of the actor's organisation (404 otherwise) and how the actor stands to them. */
export async function loadSubject(tx: Tx, actor: Actor, personId: string): Promise<{ subject: Subject; relation: Relation }> {
  const [subject] = await tx
    .select({ id: people.id, orgId: people.orgId, email: people.email, name: people.name, managerId: people.managerId, teamId: people.teamId, status: people.status, careerLevel: people.careerLevel })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.orgId, actor.orgId)));
  if (!subject) throw notFound('Person');
  return { subject, relation: relationTo(actor, subject) };
}

export function relationTo(actor: Actor, subject: { id: string; managerId: string | null; status?: string }): Relation {
  return {
    isSelf: subject.id === actor.personId,
    // Same rule as the people module's direct-report count: people who left report to nobody.
    managesSubject: subject.managerId === actor.personId && subject.status !== 'deactivated',
  };
}
