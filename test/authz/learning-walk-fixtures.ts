import type { Actor } from '../../src/server/access/policy.js';
import { people as peopleTable } from '../../src/server/identity/schema.js';
import { learningReminders, lessonNotes, pathEnrolments } from '../../src/server/learning/schema.js';
import { unsubscribeToken } from '../../src/server/learning/tips/unsubscribe-token.js';
import { findLesson, findPath } from '../../src/server/learning/lookups.js';
import type { TestServer } from '../support/server.js';
import type { TestOrg } from '../support/fixtures.js';
import { seedLearningContent, TEST_PATH } from '../support/learning-content.js';

export const WALK_LESSON = 'b16-downtime-and-escalation';
export const WALK_PATH = TEST_PATH.pathKey;

export interface LearningWalkFixtures {
  /** A note owned by each signed-in caller of organisation A, keyed by who. */
  noteIds: Record<string, string>;
  /** The manager's report's self-enrolment: visible to that manager and admins only. */
  subjectEnrolmentId: string;
  /** Another report's self-enrolment, for withdrawal (the manager withdraws it first, then the admin gets 409). */
  withdrawableEnrolmentId: string;
  /** A report of the manager with no enrolment yet: the manager may assign, the admin then gets 409. */
  assignablePersonId: string;
  /** A reminder belonging to the learner caller. */
  learnerReminderId: string;
  unsubscribeToken: string;
}

/**
 * Organisation A's learning content and records the authorisation walk needs: the learning test
 * pack (through the importer), notes per caller, enrolments of the manager's reports and a reminder.
 */
export async function createLearningWalkFixtures(
  server: TestServer,
  orgA: TestOrg,
  people: { managerId: string; subjectId: string; actors: Record<string, Actor | null> },
): Promise<LearningWalkFixtures> {
  const db = server.runtime.ctx.db;
  await seedLearningContent(db, orgA.orgId);
  const lesson = await findLesson(db, orgA.orgId, WALK_LESSON);
  const path = await findPath(db, orgA.orgId, WALK_PATH);

  const noteIds: Record<string, string> = {};
  for (const [who, actor] of Object.entries(people.actors)) {
    if (!actor || actor.orgId !== orgA.orgId) continue;
    const [note] = await db.insert(lessonNotes).values({ orgId: orgA.orgId, personId: actor.personId, lessonId: lesson.id, body: `Walk note of ${who}` }).returning();
    noteIds[who] = note.id;
  }
  noteIds.otherAdmin = noteIds.admin;
  noteIds.anonymous = noteIds.admin;

  // Reports who never sign in: no password to hash.
  const [second, third] = await db
    .insert(peopleTable)
    .values([
      { orgId: orgA.orgId, email: 'walk-report-two@walk-org-a.test', name: 'Walk Report Two', managerId: people.managerId },
      { orgId: orgA.orgId, email: 'walk-report-three@walk-org-a.test', name: 'Walk Report Three', managerId: people.managerId },
    ])
    .returning();
  const [subjectEnrolment] = await db.insert(pathEnrolments).values({ orgId: orgA.orgId, personId: people.subjectId, pathId: path.id, source: 'self' }).returning();
  const [withdrawable] = await db.insert(pathEnrolments).values({ orgId: orgA.orgId, personId: second.id, pathId: path.id, source: 'self' }).returning();

  const learner = people.actors.learner!;
  const [learnerEnrolment] = await db
    .insert(pathEnrolments)
    .values({ orgId: orgA.orgId, personId: learner.personId, pathId: path.id, source: 'admin', assignedBy: orgA.admin.id, dueDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) })
    .returning();
  const [reminder] = await db
    .insert(learningReminders)
    .values({ orgId: orgA.orgId, personId: learner.personId, enrolmentId: learnerEnrolment.id, kind: 'due_soon', forDate: learnerEnrolment.dueDate!, dueDate: learnerEnrolment.dueDate! })
    .returning();

  return {
    noteIds,
    subjectEnrolmentId: subjectEnrolment.id,
    withdrawableEnrolmentId: withdrawable.id,
    assignablePersonId: third.id,
    learnerReminderId: reminder.id,
    unsubscribeToken: await unsubscribeToken(db, orgA.orgId, people.subjectId),
  };
}
