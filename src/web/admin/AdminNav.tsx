import { useMe } from '../api/identity';
import { SubNav } from '../layout/SubNav';

export const ADMIN_AREAS: { to: string; label: string; permission: string; description: string }[] = [
  { to: '/admin/people', label: 'People', permission: 'people.manage', description: 'Add people and change their team, manager, career level, job role, roles and status.' },
  { to: '/admin/teams', label: 'Teams', permission: 'teams.manage', description: 'Create, rename, nest and delete teams.' },
  { to: '/admin/invitations', label: 'Invitations', permission: 'invitations.manage', description: 'Invite people by e-mail, resend or revoke invitations.' },
  { to: '/admin/import', label: 'Import people', permission: 'people.import', description: 'Create and update many people at once from a CSV file, with a preview first.' },
  { to: '/admin/content-packs', label: 'Content packs', permission: 'content.manage', description: 'Install and upgrade packs of lessons, paths and tips; check a zipped pack for problems first.' },
  { to: '/admin/framework', label: 'Career framework', permission: 'framework.manage', description: 'Career levels, training stages, competencies with targets, job roles and their job-description paragraphs.' },
  { to: '/admin/learning-records', label: 'Learning records', permission: 'xapi.export', description: 'Export xAPI statements, forward them to a learning record store, and set due-date reminders.' },
  { to: '/admin/outbox', label: 'Outbox', permission: 'outbox.read', description: 'Every e-mail Milewide has sent or will send, with its full text.' },
  { to: '/admin/webhooks', label: 'Webhook deliveries', permission: 'outbox.read', description: 'Messages posted to chat webhooks, with their attempts and last error.' },
  { to: '/admin/inbound-webhook', label: 'Inbound webhook', permission: 'incidents.configure', description: 'Let a monitoring tool open incidents: the address, the secret and a signing example.' },
  { to: '/admin/certification', label: 'Certification', permission: 'certify.manage', description: 'Certification programs (path, exam, rubric, validity), who is where, signing keys, and revoking credentials.' },
  { to: '/admin/audit', label: 'Audit log', permission: 'audit.read', description: 'Who changed what, and when, with the values before and after.' },
];

export function AdminNav() {
  const { data: me } = useMe();
  const items = ADMIN_AREAS.filter((a) => me?.permissions.includes(a.permission));
  return <SubNav label="Administration" items={items} />;
}
