import { queryOptions } from '@tanstack/react-query';
import { ApiError, get } from '../api/client';

export interface RubricCriterion {
  key: string;
  title: string;
  levels: string[];
  passLevel: number;
}

export interface Program {
  id: string;
  programKey: string;
  level: string;
  name: string;
  description: string;
  criteriaNarrative: string;
  pathKey: string | null;
  examId: string | null;
  rubric: RubricCriterion[];
  actionPlanDays: number;
  validityDays: number;
  renewalCeHours: number;
}

export type RequirementKey = 'learning_path' | 'exam' | 'practicum' | 'action_plan';

export interface Requirement {
  key: RequirementKey;
  title: string;
  met: boolean;
  detail: string;
  refId: string | null;
}

export interface ProgramStatus {
  program: Program;
  enrolled: boolean;
  credentialId: string | null;
  complete: boolean;
  requirements: Requirement[];
  remaining: string[];
}

export interface Evidence {
  kind: 'file' | 'link' | 'artefact';
  ref: string;
  title: string;
}

export interface Submission {
  id: string;
  personId: string;
  round: number;
  evidence: Evidence[];
  note: string;
  status: 'submitted' | 'accepted' | 'returned';
  scores: Record<string, number> | null;
  comments: string | null;
  submittedAt: string;
  reviewedAt: string | null;
}

export interface QueueItem extends Submission {
  programName: string;
  programId: string;
  rubric: RubricCriterion[];
  personName: string;
}

export interface PlanItem {
  title: string;
  dueDate: string;
  checkIns: { at: string; note: string; done: boolean }[];
}

export interface ActionPlan {
  id: string;
  personId: string;
  items: PlanItem[];
  submittedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface Credential {
  id: string;
  personId: string;
  programId: string | null;
  achievementName: string;
  jwt: string;
  validFrom: string;
  validUntil: string;
  revokedAt: string | null;
  revokedReason: string | null;
  supersededBy: string | null;
  verifyUrl: string;
  verifyApiUrl: string;
  pdfUrl: string;
  linkedInAddToProfileUrl: string;
  renewal?: { ceHoursEarned: number | null; ceHoursNeeded: number; eligible: boolean; reason: string } | null;
}

export interface EvidenceFile {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

export interface Artefact {
  ref: string;
  kind: string;
  title: string;
  detail: string;
}

export interface TeamMember {
  person: { id: string; name: string; jobRole: string | null };
  programs: { programId: string; programName: string; enrolled: boolean; credentialId: string | null; at: RequirementKey | null; requirements: Requirement[]; plan: ActionPlan | null }[];
}

export interface Bench {
  program: Program;
  counts: Record<string, number>;
  items: { person: { id: string; name: string; jobRole: string | null }; enrolledAt: string; credentialId: string | null; at: RequirementKey | null; requirements: Requirement[] }[];
}

export interface IssuerKeys {
  issuer: string;
  jwksUrl: string;
  didDocumentUrl: string;
  keys: { kid: string; status: 'active' | 'retired'; createdAt: string; retiredAt: string | null; publicJwk: Record<string, string> }[];
}

export const programsQuery = queryOptions({ queryKey: ['certify', 'programs'], queryFn: () => get<{ items: Program[] }>('/api/v1/certify/programs') });

export const programStatusQuery = (id: string) => queryOptions({ queryKey: ['certify', 'status', id], queryFn: () => get<ProgramStatus>(`/api/v1/certify/programs/${id}/status`) });

export const mySubmissionsQuery = (id: string) => queryOptions({ queryKey: ['certify', 'my-practicum', id], queryFn: () => get<{ items: Submission[] }>(`/api/v1/certify/programs/${id}/practicum`) });

/** The caller's action plan in a program, or null before they wrote one. */
export const myPlanQuery = (id: string) =>
  queryOptions({
    queryKey: ['certify', 'my-plan', id],
    queryFn: async () => {
      try {
        return await get<ActionPlan>(`/api/v1/certify/programs/${id}/action-plan`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });

export const artefactsQuery = queryOptions({ queryKey: ['certify', 'artefacts'], queryFn: () => get<{ items: Artefact[] }>('/api/v1/certify/artefacts') });

export const reviewQueueQuery = (status: 'submitted' | 'accepted' | 'returned') =>
  queryOptions({ queryKey: ['certify', 'queue', status], queryFn: () => get<{ items: QueueItem[] }>('/api/v1/certify/practicum', { status }) });

export const myCredentialsQuery = queryOptions({ queryKey: ['certify', 'my-credentials'], queryFn: () => get<{ items: Credential[] }>('/api/v1/credentials') });

export const teamQuery = queryOptions({ queryKey: ['certify', 'team'], queryFn: () => get<{ items: TeamMember[] }>('/api/v1/certify/team') });

export const benchQuery = (id: string) => queryOptions({ queryKey: ['certify', 'bench', id], queryFn: () => get<Bench>(`/api/v1/certify/programs/${id}/bench`) });

export const orgCredentialsQuery = queryOptions({ queryKey: ['certify', 'org-credentials'], queryFn: () => get<{ items: (Credential & { holderName: string })[] }>('/api/v1/certify/credentials') });

export const keysQuery = queryOptions({ queryKey: ['certify', 'keys'], queryFn: () => get<IssuerKeys>('/api/v1/certify/keys') });

export const evidenceFileUrl = (id: string) => `/api/v1/certify/evidence-files/${id}`;

/** Uploads one evidence file (multipart); errors come back as ApiError like every other call. */
export async function uploadEvidenceFile(file: File): Promise<EvidenceFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch('/api/v1/certify/evidence-files', { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } } | EvidenceFile | null;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `The upload failed (${response.status}).`, error?.fields ?? []);
  }
  return body as EvidenceFile;
}

export const REQUIREMENT_LABELS: Record<RequirementKey, string> = {
  learning_path: 'Learning path',
  exam: 'Exam',
  practicum: 'Practicum',
  action_plan: 'Action plan',
};
