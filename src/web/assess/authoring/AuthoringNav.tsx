import { useMe } from '../../api/identity';
import { SubNav } from '../../layout/SubNav';

/** The areas of the item bank and exam administration, each behind the permission its API needs. */
export const AUTHORING_AREAS: { to: string; label: string; permission: string }[] = [
  { to: '/authoring/items', label: 'Items', permission: 'items.manage' },
  { to: '/authoring/scenarios', label: 'Scenario sets', permission: 'items.manage' },
  { to: '/authoring/import', label: 'Import questions', permission: 'items.manage' },
  { to: '/authoring/exams', label: 'Exams', permission: 'exams.manage' },
];

/** Permissions that open the area; the main navigation shows its entry only to people who have one. */
export const AUTHORING_PERMISSIONS = ['items.manage', 'exams.manage', 'items.analyse'];

export function AuthoringNav() {
  const { data: me } = useMe();
  const items = AUTHORING_AREAS.filter((a) => me?.permissions.includes(a.permission));
  return <SubNav label="Item bank and exams" items={items} />;
}
