import type { IncidentState } from '../../api/escalations';
import { StatusBadge } from '../../ui/Misc';
import { STATE_BADGES, STATE_LABELS } from './labels';

export function IncidentStateBadge({ state }: { state: IncidentState }) {
  return <StatusBadge status={STATE_BADGES[state]} label={STATE_LABELS[state]} />;
}
