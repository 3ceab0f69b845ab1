import { describe, expect, it } from 'vitest';
import type { Incident, IncidentTimer } from '../../api/escalations';
import { updateState } from './cadence';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const min = (m: number) => new Date(T0 + m * 60_000).toISOString();
const timer = (key: string, dueMinute: number, state: IncidentTimer['state'] = 'pending'): IncidentTimer => ({
  key,
  kind: key.split(':')[0],
  dueAt: min(dueMinute),
  state,
  firedAt: state === 'fired' ? min(dueMinute) : null,
});

function incident(timers: IncidentTimer[], extra: Partial<Incident> = {}): Incident {
  return { state: 'open', lastStatusUpdateAt: null, timers, ...extra } as Incident;
}

describe('status-update cadence shown on the incident page', () => {
  it('is upcoming before the first update falls due', () => {
    const i = incident([timer('status_due:0', 30), timer('status_late:0', 40)]);
    expect(updateState(i, T0 + 5 * 60_000)).toEqual({ kind: 'upcoming', dueAt: Date.parse(min(30)) });
  });

  it('is due once the reminder fired (or its time passed), with when it becomes late', () => {
    const fired = incident([timer('status_due:0', 30, 'fired'), timer('status_late:0', 40)]);
    expect(updateState(fired, T0 + 31 * 60_000)).toEqual({ kind: 'due', dueAt: Date.parse(min(30)), lateAt: Date.parse(min(40)) });
    const clockOnly = incident([timer('status_due:0', 30), timer('status_late:0', 40)]);
    expect(updateState(clockOnly, T0 + 30 * 60_000 + 1).kind).toBe('due');
  });

  it('stays late after the cadence scheduled the next update, until someone posts one', () => {
    const i = incident([timer('status_due:0', 30, 'fired'), timer('status_late:0', 40, 'fired'), timer('status_due:1', 60), timer('status_late:1', 70)]);
    expect(updateState(i, T0 + 45 * 60_000)).toEqual({ kind: 'late', lateAt: Date.parse(min(40)), nextDueAt: Date.parse(min(60)) });
  });

  it('an update posted after the reminders clears them; cancelled timers do not count', () => {
    const i = incident([timer('status_due:0', 30, 'fired'), timer('status_late:0', 40, 'cancelled'), timer('status_due:1', 65), timer('status_late:1', 75)], { lastStatusUpdateAt: min(35) });
    expect(updateState(i, T0 + 36 * 60_000)).toEqual({ kind: 'upcoming', dueAt: Date.parse(min(65)) });
  });

  it('says nothing once the incident is resolved', () => {
    expect(updateState(incident([timer('status_due:0', 30, 'fired')], { state: 'resolved' }), T0 + 60 * 60_000)).toEqual({ kind: 'none' });
  });
});
