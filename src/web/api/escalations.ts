/**
 * The escalation binder, live incidents, in-app notifications and webhook deliveries
 * (docs/users/escalation-binder.md, docs/users/live-incidents.md). Shapes follow /api/openapi.json.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get } from './client';
import type { Page } from './types';

export const ESC = '/api/v1/escalations';

// ---------- Binder ----------

export interface PersonRef {
  id: string;
  name: string;
  email: string;
  active: boolean;
}

export type Situation = string;

export interface ProcedureTemplate {
  key: string;
  situation: Situation;
  situationLabel: string;
  title: string;
  summary: string;
  supportArea: string;
  services: string[];
  contacts: { role: string; kind: 'person' | 'vendor'; why: string }[];
  steps: { offsetMinutes: number; title: string; notifyRoles: string[]; expected: string }[];
  repeatEveryMinutes: number;
  statusUpdateEveryMinutes: number;
}

export interface Templates {
  items: ProcedureTemplate[];
  situations: { key: Situation; label: string }[];
}

export interface SupportArea {
  id: string;
  name: string;
  description: string;
  expertPersonId: string | null;
  expert: PersonRef | null;
  proposalCount: number;
  procedureCount: number;
}

export type ProposalStatus = 'proposed' | 'accepted' | 'declined';

export interface Proposal {
  id: string;
  supportAreaId: string;
  supportAreaName: string;
  situation: Situation;
  situationLabel: string;
  title: string;
  rationale: string;
  status: ProposalStatus;
  proposedBy: PersonRef | null;
  decidedBy: PersonRef | null;
  decidedAt: string | null;
  decisionNote: string;
  procedureId: string | null;
  createdAt: string;
}

export interface Contact {
  id: string;
  kind: 'person' | 'vendor';
  name: string;
  personId: string | null;
  role: string;
  email: string | null;
  webhookUrl: string | null;
}

export interface Step {
  id: string;
  offsetMinutes: number;
  title: string;
  notify: string[];
  expected: string;
}

export type ProcedureStatus = 'draft' | 'reviewed' | 'published' | 'archived';
export type ProcedureAction = 'edit' | 'submit' | 'review' | 'return' | 'publish' | 'share' | 'archive' | 'restore';

export interface Procedure {
  id: string;
  supportAreaId: string | null;
  supportAreaName: string | null;
  proposalId: string | null;
  templateKey: string | null;
  situation: Situation;
  situationLabel: string;
  title: string;
  summary: string;
  expertPersonId: string | null;
  itPointPersonId: string | null;
  sitePointPersonId: string | null;
  sitePointContactId: string | null;
  expert: PersonRef | null;
  itPointPerson: PersonRef | null;
  sitePointPerson: PersonRef | null;
  sites: string[];
  services: string[];
  contacts: Contact[];
  steps: Step[];
  repeatEveryMinutes: number | null;
  statusUpdateEveryMinutes: number;
  status: ProcedureStatus;
  revision: number;
  submittedAt: string | null;
  reviewedBy: PersonRef | null;
  reviewedAt: string | null;
  reviewNote: string;
  currentVersion: number | null;
  hasUnpublishedChanges: boolean;
  missing: { path: string; message: string }[];
  allowedActions: ProcedureAction[];
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface ProcedureSnapshot {
  procedureId: string;
  versionId: string;
  version: number;
  title: string;
  situation: string;
  summary: string;
  expertPersonId: string | null;
  itPointPersonId: string | null;
  sitePointPersonId: string | null;
  sitePointContactId?: string | null;
  sites: string[];
  services: string[];
  contacts: Contact[];
  steps: Step[];
  repeatEveryMinutes: number | null;
  statusUpdateEveryMinutes: number;
}

export interface ProcedureVersion {
  id: string;
  version: number;
  publishedAt: string;
  publishedBy: PersonRef | null;
  reviewedBy: PersonRef | null;
  snapshot: ProcedureSnapshot;
  /** Who this version was shared with, in the order it was sent. */
  sharedWith?: (PersonRef & { sharedAt: string })[];
}

export interface ProgressParty {
  kind: 'expert' | 'manager';
  personId: string | null;
  name: string;
}

export interface BinderProgress {
  steps: { step: number; key: string; label: string; done: boolean; counts: Record<string, number> }[];
  currentStep: number;
  next: string;
  waiting: {
    step: number;
    on: ProgressParty;
    waiting: ProgressParty;
    action: string;
    item: { type: 'support-area' | 'proposal' | 'procedure'; id: string; title: string };
  }[];
}

export interface PublishedSummary {
  procedureId: string;
  versionId: string;
  version: number;
  publishedAt: string;
  title: string;
  situation: Situation;
  situationLabel: string;
  summary: string;
  supportAreaName: string | null;
  expert: PersonRef | null;
  sites: string[];
  services: string[];
  stepCount: number;
  newerDraftInProgress: boolean;
}

export interface PublishedDetail extends PublishedSummary {
  itPointPerson: PersonRef | null;
  sitePointPerson: PersonRef | null;
  sitePointContact: Contact | null;
  publishedBy: PersonRef | null;
  contacts: Contact[];
  steps: Step[];
  repeatEveryMinutes: number | null;
  statusUpdateEveryMinutes: number;
}

export const templatesQuery = queryOptions({
  queryKey: ['escalations', 'templates'],
  queryFn: () => get<Templates>(`${ESC}/templates`),
  staleTime: 10 * 60_000,
});

export const supportAreasQuery = queryOptions({
  queryKey: ['escalations', 'support-areas'],
  queryFn: () => get<{ items: SupportArea[] }>(`${ESC}/support-areas`),
});

export const proposalsQuery = (status?: ProposalStatus) =>
  queryOptions({
    queryKey: ['escalations', 'proposals', status ?? ''],
    queryFn: () => get<Page<Proposal>>(`${ESC}/proposals`, { status, limit: 200 }),
    placeholderData: keepPreviousData,
  });

export interface ProcedureFilter {
  status?: ProcedureStatus;
  q?: string;
  offset?: number;
}

export const PROCEDURE_PAGE = 25;

export const proceduresQuery = (filter: ProcedureFilter) =>
  queryOptions({
    queryKey: ['escalations', 'procedures', filter],
    queryFn: () => get<Page<Procedure>>(`${ESC}/procedures`, { ...filter, limit: PROCEDURE_PAGE }),
    placeholderData: keepPreviousData,
  });

export const procedureQuery = (id: string) =>
  queryOptions({
    queryKey: ['escalations', 'procedure', id],
    queryFn: () => get<Procedure>(`${ESC}/procedures/${encodeURIComponent(id)}`),
  });

export const versionsQuery = (id: string) =>
  queryOptions({
    queryKey: ['escalations', 'versions', id],
    queryFn: () => get<{ items: ProcedureVersion[] }>(`${ESC}/procedures/${encodeURIComponent(id)}/versions`),
  });

export const progressQuery = queryOptions({
  queryKey: ['escalations', 'progress'],
  queryFn: () => get<BinderProgress>(`${ESC}/binder/progress`),
});

export const publishedQuery = queryOptions({
  queryKey: ['escalations', 'binder'],
  queryFn: () => get<{ items: PublishedSummary[] }>(`${ESC}/binder`),
});

export const publishedDetailQuery = (id: string) =>
  queryOptions({
    queryKey: ['escalations', 'binder', id],
    queryFn: () => get<PublishedDetail>(`${ESC}/binder/${encodeURIComponent(id)}`),
  });

export const procedurePdfUrl = (procedureId: string) => `${ESC}/binder/${encodeURIComponent(procedureId)}/pdf`;

// ---------- Incidents ----------

export type IncidentState = 'open' | 'acknowledged' | 'resolved';

export interface IncidentSummary {
  id: string;
  title: string;
  state: IncidentState;
  source: string;
  procedureId: string | null;
  procedureTitle: string;
  situation: string;
  openedAt: string;
  openedByName: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export interface IncidentTimer {
  key: string;
  kind: string;
  dueAt: string;
  state: 'pending' | 'fired' | 'cancelled';
  firedAt: string | null;
}

export interface Incident extends IncidentSummary {
  details: string;
  externalRef: string | null;
  acknowledgedByName: string | null;
  resolvedByName: string | null;
  resolution: string;
  lastStatusUpdateAt: string | null;
  nextStatusUpdateDueAt: string | null;
  minuteMs: number;
  snapshot: ProcedureSnapshot;
  /** The Expert and point people by name (a person who left keeps only the id in the snapshot). */
  people: {
    expert: { id: string; name: string } | null;
    itPointPerson: { id: string; name: string } | null;
    sitePointPerson: { id: string; name: string } | null;
    sitePointContact: { id: string; name: string } | null;
  };
  /** Where the status-update cadence stands, as of the answer (see cadence.ts for the live view). */
  statusUpdate: { state: 'upcoming' | 'due' | 'late' | 'none'; dueAt: string | null; lateAt: string | null };
  timers: IncidentTimer[];
  can: { acknowledge: boolean; postUpdate: boolean; resolve: boolean; review: boolean };
}

export type TimelineKind = 'opened' | 'step' | 'acknowledged' | 'status_update' | 'status_due' | 'status_late' | 'resolved' | 'review';

export interface TimelineItem {
  id: number;
  at: string;
  kind: TimelineKind;
  title: string;
  body: string;
  actorName: string | null;
  timerKey: string | null;
  data: Record<string, unknown>;
}

export interface IncidentDelivery {
  id: string;
  timelineId: number;
  channel: 'email' | 'webhook' | 'in_app';
  recipientName: string;
  address: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface ReviewAction {
  title: string;
  ownerPersonId: string | null;
  ownerName: string;
  dueDate: string | null;
}

export interface IncidentReview {
  incidentId: string;
  exists: boolean;
  cause: string;
  wentWell: string;
  toImprove: string;
  actions: ReviewAction[];
  hoursDownMeasured: number;
  hoursDownOverride: number | null;
  hoursDown: number;
  peopleAffected: number;
  costPerHour: number;
  currency: string;
  downtimeCost: number;
  costFormula: string;
  updatedAt: string | null;
  timeline: TimelineItem[];
}

export type IncidentFilter = 'open' | 'resolved' | 'all';

export const incidentsQuery = (filter: IncidentFilter, offset: number, q?: string) =>
  queryOptions({
    queryKey: ['incidents', filter, offset, q ?? ''],
    queryFn: () =>
      get<Page<IncidentSummary>>('/api/v1/incidents', {
        active: filter === 'open' ? 'true' : undefined,
        state: filter === 'resolved' ? 'resolved' : undefined,
        q,
        limit: 25,
        offset,
      }),
    placeholderData: keepPreviousData,
  });

export interface OpenableProcedure {
  procedureId: string;
  title: string;
  situation: string;
  version: number;
  sites: string[];
  services: string[];
}

/** Procedures in force the caller may open an incident from (they are on them, or they manage). */
export const openableProceduresQuery = queryOptions({
  queryKey: ['incidents', 'openable-procedures'],
  queryFn: () => get<{ items: OpenableProcedure[] }>('/api/v1/incidents/openable-procedures'),
});

export const incidentQuery = (id: string) =>
  queryOptions({
    queryKey: ['incident', id],
    queryFn: () => get<Incident>(`/api/v1/incidents/${encodeURIComponent(id)}`),
  });

export const incidentTimelineQuery = (id: string) =>
  queryOptions({
    queryKey: ['incident', id, 'timeline'],
    queryFn: () => get<{ items: TimelineItem[] }>(`/api/v1/incidents/${encodeURIComponent(id)}/timeline`),
    // The live stream keeps it current; refetching would only race with it.
    staleTime: Infinity,
  });

export const incidentDeliveriesQuery = (id: string) =>
  queryOptions({
    queryKey: ['incident', id, 'deliveries'],
    queryFn: () => get<{ items: IncidentDelivery[] }>(`/api/v1/incidents/${encodeURIComponent(id)}/notifications`),
  });

export const incidentReviewQuery = (id: string) =>
  queryOptions({
    queryKey: ['incident', id, 'review'],
    queryFn: () => get<IncidentReview>(`/api/v1/incidents/${encodeURIComponent(id)}/review`),
  });

export const incidentStreamUrl = (id: string, after: number | null) =>
  `/api/v1/incidents/${encodeURIComponent(id)}/stream${after !== null ? `?after=${after}` : ''}`;

export interface AckLinkView {
  incidentId: string;
  title: string;
  procedureTitle: string;
  state: IncidentState;
  recipientName: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  resolvedAt: string | null;
}

export interface AckLink {
  incident: string;
  r: string;
  t: string;
}

export const ackLinkQuery = (link: AckLink) =>
  queryOptions({
    queryKey: ['ack-link', link],
    queryFn: () => get<AckLinkView>('/api/v1/incident-acknowledgements', { ...link }),
    enabled: !!(link.incident && link.r && link.t),
    retry: false,
  });

// ---------- Notifications ----------

export interface InAppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<InAppNotification> {
  unread: number;
}

export const notificationsQuery = queryOptions({
  queryKey: ['notifications'],
  queryFn: () => get<NotificationPage>('/api/v1/me/notifications', { limit: 20 }),
});

export const NOTIFICATION_STREAM = '/api/v1/me/notifications/stream';

// ---------- Admin: webhooks ----------

export type WebhookStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface WebhookDelivery {
  id: string;
  url: string;
  kind: string;
  status: WebhookStatus;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: string;
  deliveredAt: string | null;
  /** The incident a delivery tells about, when it comes from one. */
  incidentId: string | null;
}

export interface WebhookDeliveryDetail extends WebhookDelivery {
  payload: Record<string, unknown>;
}

export const webhookDeliveriesQuery = (status: WebhookStatus | undefined, offset: number) =>
  queryOptions({
    queryKey: ['webhook-deliveries', status ?? '', offset],
    queryFn: () => get<Page<WebhookDelivery>>('/api/v1/admin/webhook-deliveries', { status, limit: 25, offset }),
    placeholderData: keepPreviousData,
  });

export const webhookDeliveryQuery = (id: string) =>
  queryOptions({
    queryKey: ['webhook-delivery', id],
    queryFn: () => get<WebhookDeliveryDetail>(`/api/v1/admin/webhook-deliveries/${encodeURIComponent(id)}`),
  });

export interface IncidentSettings {
  inboundEnabled: boolean;
  inboundSecretSetAt: string | null;
  inboundUrl: string;
}

export const incidentSettingsQuery = queryOptions({
  queryKey: ['incident-settings'],
  queryFn: () => get<IncidentSettings>('/api/v1/incident-settings'),
});
