import { careerLevelLabel } from '../../shared/career';
import { ROLE_LABELS, type Role } from '../../shared/roles';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTime.format(d);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateOnly.format(d);
}

export function levelLabel(key: string | null | undefined): string {
  return key ? careerLevelLabel(key) : '—';
}

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

export function rolesLabel(roles: string[]): string {
  return roles.length ? roles.map(roleLabel).join(', ') : '—';
}

export const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  invited: 'Invited',
  deactivated: 'Deactivated',
  pending: 'Pending',
  accepted: 'Accepted',
  expired: 'Expired',
  revoked: 'Revoked',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}
