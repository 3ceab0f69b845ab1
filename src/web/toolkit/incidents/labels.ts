import type { IncidentState, TimelineKind } from '../../api/escalations';

export const STATE_LABELS: Record<IncidentState, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
export const STATE_BADGES: Record<IncidentState, string> = { open: 'incident-open', acknowledged: 'pending', resolved: 'active' };

export const KIND_LABELS: Record<TimelineKind, string> = {
  opened: 'Opened',
  step: 'Step',
  acknowledged: 'Acknowledged',
  status_update: 'Status update',
  status_due: 'Update due',
  status_late: 'Update late',
  resolved: 'Resolved',
  review: 'Review',
};

const CHANNELS: Record<string, string> = { email: 'e-mail', webhook: 'chat webhook', in_app: 'in the app' };

export function channelLabel(channel: string): string {
  return CHANNELS[channel] ?? channel;
}

export const SOURCE_LABELS: Record<string, string> = { app: 'Opened in the app', api: 'Opened by API', webhook: 'Opened by a monitoring tool', ad_hoc: 'Ad-hoc incident' };
