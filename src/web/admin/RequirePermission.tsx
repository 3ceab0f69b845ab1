import type { ReactNode } from 'react';
import { useMe } from '../api/identity';
import { Notice } from '../ui/Alert';

/** Shows the page only to people with the permission; the server enforces it regardless. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { data: me } = useMe();
  if (!me?.permissions.includes(permission)) {
    return <Notice kind="warning">You do not have permission to use this page. Ask an organisation administrator if you need it.</Notice>;
  }
  return <>{children}</>;
}
