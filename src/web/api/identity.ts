import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, get } from './client';
import type { ApiToken, InvitationLookup, Me, Page } from './types';

export const setupQuery = queryOptions({
  queryKey: ['setup'],
  queryFn: () => get<{ needed: boolean }>('/api/v1/setup'),
  staleTime: 60_000,
});

/** The signed-in person, or null when signed out (401). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      return await get<Me>('/api/v1/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

export const tokensQuery = queryOptions({
  queryKey: ['tokens'],
  queryFn: () => get<Page<ApiToken>>('/api/v1/tokens', { limit: 200 }),
});

export const invitationLookupQuery = (token: string) =>
  queryOptions({
    queryKey: ['invitation-lookup', token],
    queryFn: () => get<InvitationLookup>('/api/v1/invitations/lookup', { token }),
    enabled: token.length > 0,
    retry: false,
  });

/** Permission names that open the Admin area. */
export const ADMIN_PERMISSIONS = [
  'people.manage',
  'teams.manage',
  'invitations.manage',
  'people.import',
  'outbox.read',
  'audit.read',
  'content.manage',
  'framework.manage',
  'xapi.export',
] as const;

export type AdminPermission = (typeof ADMIN_PERMISSIONS)[number];

export function can(me: Me | null | undefined, permission: string): boolean {
  return !!me && me.permissions.includes(permission);
}

export function isAdmin(me: Me | null | undefined): boolean {
  return !!me && ADMIN_PERMISSIONS.some((p) => me.permissions.includes(p));
}
