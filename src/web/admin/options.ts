import { CAREER_LEVELS } from '../../shared/career';
import { ROLES, ROLE_LABELS } from '../../shared/roles';
import type { Option } from '../ui/Field';

export const careerLevelOptions: Option[] = CAREER_LEVELS.map((l) => ({ value: l.key, label: l.label }));
export const roleOptions: Option[] = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
export const statusOptions: Option[] = [
  { value: 'active', label: 'Active' },
  { value: 'invited', label: 'Invited' },
  { value: 'deactivated', label: 'Deactivated' },
];
