import type { ProcedureStatus, ProposalStatus } from '../../api/escalations';

export const PROCEDURE_STATUS_LABELS: Record<ProcedureStatus, string> = {
  draft: 'Draft',
  reviewed: 'Reviewed',
  published: 'Published',
  archived: 'Archived',
};

export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  proposed: 'Waiting for a decision',
  accepted: 'Accepted',
  declined: 'Declined',
};

/** "30 min", "1 h", "2 h 30 min": how the binder writes step times. */
export function minutesLabel(minutes: number): string {
  if (minutes === 0) return 'at once';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "after 30 min", or "at once" for a step at 0 minutes. */
export function stepWhen(minutes: number): string {
  return minutes === 0 ? 'As soon as the incident opens' : `After ${minutesLabel(minutes)}`;
}

/** mm:ss or h:mm:ss for a countdown; negative values count up ("overdue"). */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A spoken form of a duration for screen readers ("4 minutes 5 seconds"). */
export function durationWords(ms: number): string {
  const total = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const part = (n: number, one: string) => (n ? `${n} ${one}${n === 1 ? '' : 's'}` : '');
  return [part(h, 'hour'), part(m, 'minute'), h ? '' : part(s, 'second')].filter(Boolean).join(' ') || '0 seconds';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
