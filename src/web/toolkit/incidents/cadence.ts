import type { Incident } from '../../api/escalations';

export type UpdateState =
  | { kind: 'none' }
  | { kind: 'upcoming'; dueAt: number }
  | { kind: 'due'; dueAt: number; lateAt: number | null }
  | { kind: 'late'; lateAt: number };

const time = (iso: string | null) => (iso ? new Date(iso).getTime() : null);

/**
 * Where the status-update cadence stands now. The server says where it stood when the incident was
 * loaded (a reminder counts until an update is posted after it); between loads the clock moves it
 * on: past the due time it reads as due, past the late time as late, even before the reminder's
 * timer has fired and the timeline has told us.
 */
export function updateState(incident: Pick<Incident, 'state' | 'statusUpdate'>, now: number): UpdateState {
  const s = incident.statusUpdate;
  if (incident.state === 'resolved' || s.state === 'none') return { kind: 'none' };
  const dueAt = time(s.dueAt);
  const lateAt = time(s.lateAt);
  if (s.state === 'late' || (lateAt !== null && lateAt <= now && s.state === 'due')) return lateAt !== null ? { kind: 'late', lateAt } : { kind: 'none' };
  if (s.state === 'due' || (dueAt !== null && dueAt <= now)) {
    if (lateAt !== null && lateAt <= now) return { kind: 'late', lateAt };
    return dueAt !== null ? { kind: 'due', dueAt, lateAt } : { kind: 'none' };
  }
  return dueAt !== null ? { kind: 'upcoming', dueAt } : { kind: 'none' };
}
