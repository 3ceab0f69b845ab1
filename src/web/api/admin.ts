import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get } from './client';
import type { AuditEntry, Invitation, OutboxMessage, OutboxMessageDetail, Page } from './types';

export const PAGE_SIZE = 25;

export const invitationsQuery = (offset: number) =>
  queryOptions({
    queryKey: ['invitations', offset],
    queryFn: () => get<Page<Invitation>>('/api/v1/invitations', { limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });

export const outboxQuery = (offset: number) =>
  queryOptions({
    queryKey: ['outbox', offset],
    queryFn: () => get<Page<OutboxMessage>>('/api/v1/admin/outbox', { limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });

export const outboxMessageQuery = (id: string) =>
  queryOptions({
    queryKey: ['outbox-message', id],
    queryFn: () => get<OutboxMessageDetail>(`/api/v1/admin/outbox/${encodeURIComponent(id)}`),
  });

export interface AuditFilter {
  action?: string;
  entityType?: string;
  actorId?: string;
  from?: string;
  to?: string;
  offset?: number;
}

export const auditQuery = (filter: AuditFilter) =>
  queryOptions({
    queryKey: ['audit', filter],
    queryFn: () => get<Page<AuditEntry>>('/api/v1/admin/audit', { ...filter, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
