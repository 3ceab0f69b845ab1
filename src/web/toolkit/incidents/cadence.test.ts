import { describe, expect, it } from 'vitest';
import type { Incident } from '../../api/escalations';
import { updateState } from './cadence';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const min = (m: number) => new Date(T0 + m * 60_000).toISOString();
const at = (m: number) => T0 + m * 60_000;
const incident = (state: Incident['statusUpdate']['state'], due: number | null, late: number | null, incidentState: Incident['state'] = 'open') =>
  ({ state: incidentState, statusUpdate: { state, dueAt: due === null ? null : min(due), lateAt: late === null ? null : min(late) } }) as Pick<Incident, 'state' | 'statusUpdate'>;

describe('status-update cadence shown on the incident page', () => {
  it('is upcoming before the update falls due', () => {
    expect(updateState(incident('upcoming', 30, 40), at(5))).toEqual({ kind: 'upcoming', dueAt: at(30) });
  });

  it('reads as due once the server says so, or once the clock passes the due time', () => {
    expect(updateState(incident('due', 30, 40), at(31))).toEqual({ kind: 'due', dueAt: at(30), lateAt: at(40) });
    expect(updateState(incident('upcoming', 30, 40), at(30) + 1)).toEqual({ kind: 'due', dueAt: at(30), lateAt: at(40) });
  });

  it('reads as late once the server says so, or once the clock passes the late time', () => {
    expect(updateState(incident('late', 30, 40), at(45))).toEqual({ kind: 'late', lateAt: at(40) });
    expect(updateState(incident('due', 30, 40), at(41))).toEqual({ kind: 'late', lateAt: at(40) });
    expect(updateState(incident('upcoming', 30, 40), at(41))).toEqual({ kind: 'late', lateAt: at(40) });
  });

  it('says nothing once the incident is resolved', () => {
    expect(updateState(incident('none', null, null, 'resolved'), at(60))).toEqual({ kind: 'none' });
    expect(updateState(incident('late', 30, 40, 'resolved'), at(60))).toEqual({ kind: 'none' });
  });
});
