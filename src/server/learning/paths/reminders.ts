import { and, desc, eq, isNull, isNotNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { notFound } from '../../http/errors.js';
import { writeEmail } from '../../notify/outbox.js';
import { people } from '../../identity/schema.js';
import { learningPaths } from '../../content/schema.js';
import { learningReminders, learningSettings, pathEnrolments } from '../schema.js';
import { pathProgress } from './progress.js';
import { todayUtc } from './views.js';

export const DEFAULT_REMINDER_DAYS = 3;
/** After the due date: a reminder the day after, then one a week. */
const OVERDUE_EVERY_DAYS = 7;

export type ReminderKind = 'due_soon' | 'overdue';

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Which reminder, if any, is due today for an enrolment. Each has a date that is part of its unique
 * key, so however often the sweep runs (several instances, retries, restarts) it is written once.
 * A sweep that missed days sends only the latest overdue reminder, not a backlog.
 */
export function reminderDue(dueDate: string, today: string, daysBefore: number): { kind: ReminderKind; forDate: string } | null {
  const daysLeft = daysBetween(today, dueDate);
  if (daysLeft >= 0) return daysLeft <= daysBefore ? { kind: 'due_soon', forDate: dueDate } : null;
  const late = -daysLeft;
  return { kind: 'overdue', forDate: addDays(dueDate, 1 + Math.floor((late - 1) / OVERDUE_EVERY_DAYS) * OVERDUE_EVERY_DAYS) };
}

function reminderText(kind: ReminderKind, p: { name: string; title: string; dueDate: string; today: string; completed: number; total: number; next: string | null; link: string }) {
  const left = daysBetween(p.today, p.dueDate);
  const when = kind === 'overdue' ? `was due on ${p.dueDate}` : left === 0 ? 'is due today' : `is due on ${p.dueDate}, in ${left} day${left === 1 ? '' : 's'}`;
  const subject = kind === 'overdue' ? `Overdue: ${p.title} (due ${p.dueDate})` : left === 0 ? `Due today: ${p.title}` : `Due in ${left} day${left === 1 ? '' : 's'}: ${p.title}`;
  const text = [
    `Hello ${p.name},`,
    '',
    `Your learning path "${p.title}" ${when}. You have completed ${p.completed} of ${p.total} lessons.`,
    ...(p.next ? ['', `Next lesson: ${p.next}`] : []),
    '',
    `Continue here: ${p.link}`,
  ].join('\n');
  return { subject, text };
}

/**
 * Writes the due-date reminders that are due (in-app record and e-mail in one transaction), for
 * open enrolments with a due date. Completed, withdrawn and deactivated people's enrolments are skipped.
 */
export async function sweepReminders(ctx: AppContext, now = new Date()): Promise<number> {
  const today = todayUtc(now);
  const days = sql<number>`coalesce(${learningSettings.reminderDaysBefore}, ${DEFAULT_REMINDER_DAYS})`;
  const candidates = await ctx.db
    .select({
      enrolmentId: pathEnrolments.id,
      orgId: pathEnrolments.orgId,
      personId: pathEnrolments.personId,
      dueDate: pathEnrolments.dueDate,
      daysBefore: days,
      name: people.name,
      email: people.email,
      path: learningPaths,
    })
    .from(pathEnrolments)
    .innerJoin(people, eq(people.id, pathEnrolments.personId))
    .innerJoin(learningPaths, eq(learningPaths.id, pathEnrolments.pathId))
    .leftJoin(learningSettings, eq(learningSettings.orgId, pathEnrolments.orgId))
    .where(and(isNull(pathEnrolments.withdrawnAt), isNull(pathEnrolments.completedAt), isNotNull(pathEnrolments.dueDate), eq(people.status, 'active'), sql`${pathEnrolments.dueDate} <= ${today}::date + ${days}`));
  let written = 0;
  for (const c of candidates) {
    const due = reminderDue(c.dueDate!, today, Number(c.daysBefore));
    if (!due) continue;
    const emailId = await ctx.db.transaction(async (tx) => {
      const [reminder] = await tx
        .insert(learningReminders)
        .values({ orgId: c.orgId, personId: c.personId, enrolmentId: c.enrolmentId, kind: due.kind, forDate: due.forDate, dueDate: c.dueDate! })
        .onConflictDoNothing()
        .returning({ id: learningReminders.id });
      if (!reminder) return null;
      const progress = await pathProgress(tx, c.orgId, c.personId, c.path);
      const { subject, text } = reminderText(due.kind, {
        name: c.name,
        title: c.path.title,
        dueDate: c.dueDate!,
        today,
        completed: progress.completed,
        total: progress.total,
        next: progress.nextLesson?.title ?? null,
        link: `${ctx.config.publicUrl}/learn/paths/${encodeURIComponent(c.path.pathKey)}`,
      });
      const id = await writeEmail(tx, { orgId: c.orgId, to: c.email, kind: `learning_reminder_${due.kind}`, subject, text });
      await tx.update(learningReminders).set({ outboxId: id }).where(eq(learningReminders.id, reminder.id));
      return id;
    });
    if (emailId) {
      written++;
      await ctx.email.deliver([emailId]);
    }
  }
  return written;
}

/** The caller's reminders for paths still open, newest first: what the dashboard shows. */
export async function myReminders(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db
    .select({
      id: learningReminders.id,
      kind: learningReminders.kind,
      dueDate: learningReminders.dueDate,
      createdAt: learningReminders.createdAt,
      enrolmentId: learningReminders.enrolmentId,
      pathKey: learningPaths.pathKey,
      pathTitle: learningPaths.title,
    })
    .from(learningReminders)
    .innerJoin(pathEnrolments, eq(pathEnrolments.id, learningReminders.enrolmentId))
    .innerJoin(learningPaths, eq(learningPaths.id, pathEnrolments.pathId))
    .where(and(eq(learningReminders.personId, actor.personId), isNull(learningReminders.dismissedAt), isNull(pathEnrolments.withdrawnAt), isNull(pathEnrolments.completedAt)))
    .orderBy(desc(learningReminders.createdAt))
    .limit(50);
  // Several reminders for the same enrolment: only the newest still matters.
  const seen = new Set<string>();
  const items = rows.filter((r) => (seen.has(r.enrolmentId) ? false : (seen.add(r.enrolmentId), true)));
  return { items: items.map((r) => ({ ...r, kind: r.kind as ReminderKind, overdue: r.kind === 'overdue' })) };
}

/** Hides a reminder from the dashboard; dismissing it again changes nothing. */
export async function dismissReminder(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const [row] = await ctx.db.select().from(learningReminders).where(and(eq(learningReminders.id, id), eq(learningReminders.personId, actor.personId)));
  if (!row) throw notFound('Reminder');
  if (row.dismissedAt) return; // dismissing twice changes nothing
  await ctx.db.update(learningReminders).set({ dismissedAt: new Date() }).where(eq(learningReminders.id, id));
}
