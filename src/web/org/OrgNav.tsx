import { SubNav } from '../layout/SubNav';

export function OrgNav() {
  return (
    <SubNav
      label="Organisation"
      items={[
        { to: '/people', label: 'People' },
        { to: '/org-chart', label: 'Org chart' },
        { to: '/teams', label: 'Teams' },
      ]}
    />
  );
}
