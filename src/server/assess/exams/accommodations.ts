import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../access/policy.js';
import { notFound } from '../../http/errors.js';
import { recordAudit } from '../../audit/service.js';
import { people } from '../../identity/schema.js';
import { findExam } from './blueprints.js';
import { examAccommodations } from './schema.js';

type Reader = Pick<Db, 'select'>;

const columns = {
  examId: examAccommodations.examId,
  personId: examAccommodations.personId,
  personName: people.name,
  extraMinutes: examAccommodations.extraMinutes,
  note: examAccommodations.note,
  updatedAt: examAccommodations.updatedAt,
};

export async function listAccommodations(db: Reader, orgId: string, examId: string) {
  if (!(await findExam(db, orgId, examId))) throw notFound('Exam');
  return db
    .select(columns)
    .from(examAccommodations)
    .innerJoin(people, eq(people.id, examAccommodations.personId))
    .where(and(eq(examAccommodations.examId, examId), eq(examAccommodations.orgId, orgId)))
    .orderBy(asc(people.name));
}

/**
 * Extra time for one person on one exam. It applies to attempts started afterwards: an attempt's
 * deadline is fixed when it starts, so nobody's running clock moves under them.
 */
export async function setAccommodation(ctx: AppContext, actor: Actor, examId: string, personId: string, input: { extraMinutes: number; note: string }) {
  return ctx.db.transaction(async (tx) => {
    if (!(await findExam(tx, actor.orgId, examId))) throw notFound('Exam');
    const [person] = await tx.select({ id: people.id, name: people.name }).from(people).where(and(eq(people.id, personId), eq(people.orgId, actor.orgId)));
    if (!person) throw notFound('Person');
    const [before] = await tx.select().from(examAccommodations).where(and(eq(examAccommodations.examId, examId), eq(examAccommodations.personId, personId)));
    const [after] = await tx
      .insert(examAccommodations)
      .values({ examId, personId, orgId: actor.orgId, extraMinutes: input.extraMinutes, note: input.note, setBy: actor.personId })
      .onConflictDoUpdate({
        target: [examAccommodations.examId, examAccommodations.personId],
        set: { extraMinutes: input.extraMinutes, note: input.note, setBy: actor.personId, updatedAt: sql`now()` },
      })
      .returning();
    await recordAudit(tx, actor, { action: 'exam.accommodation.set', entityType: 'exam_accommodation', entityId: `${examId}:${personId}`, before: before ?? null, after });
    return { examId, personId, personName: person.name, extraMinutes: after.extraMinutes, note: after.note, updatedAt: after.updatedAt };
  });
}

export async function removeAccommodation(ctx: AppContext, actor: Actor, examId: string, personId: string) {
  await ctx.db.transaction(async (tx) => {
    if (!(await findExam(tx, actor.orgId, examId))) throw notFound('Exam');
    const [before] = await tx
      .delete(examAccommodations)
      .where(and(eq(examAccommodations.examId, examId), eq(examAccommodations.personId, personId), eq(examAccommodations.orgId, actor.orgId)))
      .returning();
    if (!before) throw notFound('Extra time for this person on this exam');
    await recordAudit(tx, actor, { action: 'exam.accommodation.remove', entityType: 'exam_accommodation', entityId: `${examId}:${personId}`, before });
  });
}
