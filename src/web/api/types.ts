/** Shapes from docs/api-v1-contract.md. */

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  orgId: string;
  organisationName: string;
  roles: string[];
  teamId: string | null;
  teamName: string | null;
  managerId: string | null;
  managerName: string | null;
  careerLevel: string | null;
  jobRole: string | null;
  directReportCount: number;
  permissions: string[];
}

export type PersonStatus = 'active' | 'invited' | 'deactivated';

export interface Person {
  id: string;
  email: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
  managerId: string | null;
  managerName: string | null;
  careerLevel: string | null;
  jobRole: string | null;
  roles: string[];
  status: PersonStatus;
  directReportCount: number;
}

export interface PersonDetail extends Person {
  directReports: Person[];
  createdAt: string;
}

export interface OrgChartNode {
  id: string;
  name: string;
  jobRole: string | null;
  careerLevel: string | null;
  teamName: string | null;
  managerId: string | null;
}

export interface Team {
  id: string;
  name: string;
  description: string | null;
  parentTeamId: string | null;
  memberCount: number;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiToken extends ApiToken {
  token: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export interface Invitation {
  id: string;
  email: string;
  name: string;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
  invitedByName: string | null;
}

export interface InvitationLookup {
  email: string;
  name: string;
  organisationName: string;
  expiresAt: string;
}

export type ImportAction = 'create' | 'update' | 'unchanged' | 'error';

export interface ImportPreview {
  rows: { line: number; email: string; name: string; action: ImportAction; changes?: string[] }[];
  errors: { line: number; column: string; message: string }[];
  summary: { create: number; update: number; unchanged: number; error: number };
  /** Team names in the file that do not exist yet (server extra, beyond the contract). */
  teamsToCreate?: string[];
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  teamsCreated?: number;
}

export interface OutboxMessage {
  id: string;
  toAddress: string;
  subject: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface OutboxMessageDetail extends OutboxMessage {
  textBody: string;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface CareerLevelOption {
  key: string;
  label: string;
}
