import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client.js';
import { publishLive } from '../../../notify/live.js';
import type { StreamEvent } from '../../../notify/event-stream.js';
import { incidentTimeline } from './schema.js';
import type { Tx } from './tx.js';

export const TIMELINE_KINDS = ['opened', 'step', 'acknowledged', 'status_update', 'status_due', 'status_late', 'resolved', 'review'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineDraft {
  incidentId: string;
  orgId: string;
  kind: TimelineKind;
  title: string;
  body?: string;
  actorPersonId?: string | null;
  actorName?: string | null;
  timerKey?: string | null;
  data?: Record<string, unknown>;
}

export const timelineItemSchema = z.object({
  id: z.number().int(),
  at: z.date(),
  kind: z.enum(TIMELINE_KINDS),
  title: z.string(),
  body: z.string(),
  actorName: z.string().nullable(),
  timerKey: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

const columns = {
  id: incidentTimeline.id,
  at: incidentTimeline.at,
  kind: incidentTimeline.kind,
  title: incidentTimeline.title,
  body: incidentTimeline.body,
  actorName: incidentTimeline.actorName,
  timerKey: incidentTimeline.timerKey,
  data: incidentTimeline.data,
};

/** Adds an event and announces it to live streams when the transaction commits. */
export async function addTimeline(tx: Tx, d: TimelineDraft): Promise<number> {
  const [row] = await tx
    .insert(incidentTimeline)
    .values({ ...d, body: d.body ?? '', data: d.data ?? {} })
    .returning({ id: incidentTimeline.id });
  await publishLive(tx, [`incident:${d.incidentId}`]);
  return row.id;
}

/** Adds many events in one statement (a batch of timers); returns their ids in the order given. */
export async function addTimelines(tx: Tx, drafts: (TimelineDraft & { timerKey: string })[]): Promise<number[]> {
  if (!drafts.length) return [];
  const rows = await tx
    .insert(incidentTimeline)
    .values(drafts.map((d) => ({ ...d, body: d.body ?? '', data: d.data ?? {} })))
    .returning({ id: incidentTimeline.id, incidentId: incidentTimeline.incidentId, timerKey: incidentTimeline.timerKey });
  const byKey = new Map(rows.map((r) => [`${r.incidentId}/${r.timerKey}`, r.id]));
  await publishLive(tx, drafts.map((d): `incident:${string}` => `incident:${d.incidentId}`));
  return drafts.map((d) => byKey.get(`${d.incidentId}/${d.timerKey}`)!);
}

export async function timelineAfter(db: Db, incidentId: string, afterId: number | null, limit = 500): Promise<TimelineItem[]> {
  const rows = await db
    .select(columns)
    .from(incidentTimeline)
    .where(and(eq(incidentTimeline.incidentId, incidentId), afterId !== null ? gt(incidentTimeline.id, afterId) : undefined))
    .orderBy(asc(incidentTimeline.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, kind: r.kind as TimelineKind }));
}

export async function timelineEventsAfter(db: Db, incidentId: string, last: number | null): Promise<StreamEvent[]> {
  return (await timelineAfter(db, incidentId, last)).map((item) => ({ id: item.id, event: 'timeline', data: item }));
}
