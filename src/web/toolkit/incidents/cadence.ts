import type { Incident, IncidentTimer } from '../../api/escalations';

export type UpdateState =
  | { kind: 'none' }
  | { kind: 'upcoming'; dueAt: number }
  | { kind: 'due'; dueAt: number; lateAt: number | null }
  | { kind: 'late'; lateAt: number; nextDueAt: number | null };

/**
 * Where the status-update cadence stands: upcoming, due (the point person was reminded) or late
 * (the Expert and point people were reminded). A reminder counts until an update is posted after
 * it, even when the cadence has already scheduled the next one.
 */
export function updateState(incident: Incident, now: number): UpdateState {
  if (incident.state === 'resolved') return { kind: 'none' };
  const lastUpdate = incident.lastStatusUpdateAt ? new Date(incident.lastStatusUpdateAt).getTime() : 0;
  const at = (t: IncidentTimer) => new Date(t.dueAt).getTime();
  const live = incident.timers.filter((t) => t.state !== 'cancelled');
  const happened = (t: IncidentTimer) => t.state === 'fired' || at(t) <= now;
  const missed = (kind: string) =>
    live
      .filter((t) => t.kind === kind && happened(t) && at(t) > lastUpdate)
      .map(at)
      .sort((a, b) => a - b);
  const upcoming = live
    .filter((t) => t.kind === 'status_due' && t.state === 'pending' && at(t) > now)
    .map(at)
    .sort((a, b) => a - b);
  const late = missed('status_late');
  if (late.length) return { kind: 'late', lateAt: late[0], nextDueAt: upcoming[0] ?? null };
  const due = missed('status_due');
  if (due.length) {
    const lateAt = live.filter((t) => t.kind === 'status_late' && t.state === 'pending' && at(t) > now).map(at).sort((a, b) => a - b)[0] ?? null;
    return { kind: 'due', dueAt: due[0], lateAt };
  }
  if (upcoming.length) return { kind: 'upcoming', dueAt: upcoming[0] };
  return { kind: 'none' };
}
