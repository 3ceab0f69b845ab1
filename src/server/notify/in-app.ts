import { and, count, desc, eq, gt, isNull, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { notFound } from '../http/errors.js';
import { inAppNotifications } from './in-app-schema.js';
import { publishLive, type LiveTopic } from './live.js';
import type { StreamEvent } from './event-stream.js';

type Tx = Pick<Db, 'insert' | 'execute'>;

export interface InAppDraft {
  orgId: string;
  personId: string;
  kind: string;
  title: string;
  body: string;
  link: string;
}

export const inAppSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});

const columns = {
  id: inAppNotifications.id,
  kind: inAppNotifications.kind,
  title: inAppNotifications.title,
  body: inAppNotifications.body,
  link: inAppNotifications.link,
  createdAt: inAppNotifications.createdAt,
  readAt: inAppNotifications.readAt,
};

/** Writes notifications inside the caller's transaction and announces them to live streams on commit. */
export async function writeInApp(tx: Tx, drafts: (InAppDraft & { id: string })[]): Promise<void> {
  if (!drafts.length) return;
  await tx.insert(inAppNotifications).values(drafts);
  await publishLive(tx, drafts.map((d): LiveTopic => `person:${d.personId}`));
}

export async function unreadCount(db: Db, personId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(inAppNotifications).where(and(eq(inAppNotifications.personId, personId), isNull(inAppNotifications.readAt)));
  return Number(row.n);
}

export async function listInApp(db: Db, personId: string, q: { unread?: boolean; limit: number; offset: number }) {
  const where = and(eq(inAppNotifications.personId, personId), q.unread ? isNull(inAppNotifications.readAt) : undefined);
  const [items, [total], unread] = await Promise.all([
    db.select(columns).from(inAppNotifications).where(where).orderBy(desc(inAppNotifications.seq)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(inAppNotifications).where(where),
    unreadCount(db, personId),
  ]);
  return { items, total: Number(total.n), unread, limit: q.limit, offset: q.offset };
}

/** Marks one of the person's own notifications read (again is fine); another person's is "not found". */
export async function markRead(db: Db, personId: string, id: string) {
  const [row] = await db
    .update(inAppNotifications)
    .set({ readAt: sql`coalesce(${inAppNotifications.readAt}, now())` })
    .where(and(eq(inAppNotifications.id, id), eq(inAppNotifications.personId, personId)))
    .returning(columns);
  if (!row) throw notFound('Notification');
  return row;
}

export async function markAllRead(db: Db, personId: string): Promise<number> {
  const rows = await db
    .update(inAppNotifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(inAppNotifications.personId, personId), isNull(inAppNotifications.readAt)))
    .returning({ id: inAppNotifications.id });
  return rows.length;
}

/**
 * The person's live stream: on first connect, the unread count (with the newest position as its
 * id); after that, each new notification with the unread count at that moment.
 */
export async function notificationEventsAfter(db: Db, personId: string, last: number | null): Promise<StreamEvent[]> {
  if (last === null) {
    const [[top], unread] = await Promise.all([db.select({ seq: max(inAppNotifications.seq) }).from(inAppNotifications).where(eq(inAppNotifications.personId, personId)), unreadCount(db, personId)]);
    return [{ id: Number(top?.seq ?? 0), event: 'unread', data: { unread } }];
  }
  const rows = await db
    .select({ ...columns, seq: inAppNotifications.seq })
    .from(inAppNotifications)
    .where(and(eq(inAppNotifications.personId, personId), gt(inAppNotifications.seq, last)))
    .orderBy(inAppNotifications.seq)
    .limit(200);
  if (!rows.length) return [];
  const unread = await unreadCount(db, personId);
  return rows.map(({ seq, ...item }) => ({ id: Number(seq), event: 'notification', data: { ...item, unread } }));
}
