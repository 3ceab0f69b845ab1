/** The Learn API (/api/v1/learn, /api/v1/framework, /api/v1/admin/content-packs): shapes and queries. */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, ApiError, get, type FieldError } from './client';
import type { Page } from './types';

export interface Labelled {
  id: string;
  label: string;
}

export interface SnippetPart {
  text: string;
  highlight: boolean;
}

export interface LibraryItem {
  id: string;
  key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  stageTitle: string | null;
  levels: string[];
  competencies: string[];
  revision: number;
  updatedAt: string;
  rank: number | null;
  snippet: SnippetPart[];
}

export interface KnowledgeCheckQuestion {
  id: string;
  prompt: string;
  kind: 'single' | 'multiple';
  options: { index: number; text: string }[];
}

export interface LessonDetail {
  id: string;
  key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: Labelled;
  levels: Labelled[];
  competencies: Labelled[];
  objectives: string[];
  html: string;
  wordCount: number;
  revision: number;
  updatedAt: string;
  retired: boolean;
  applyIt: { title: string; task: string; tool: { id: string; name: string; capability: string; available: boolean } };
  knowledgeCheck: KnowledgeCheckQuestion[];
  paths: { key: string; title: string }[];
}

export interface CheckResult {
  questionId: string;
  kind: 'single' | 'multiple';
  correct: boolean;
  options: { index: number; text: string; selected: boolean; correct: boolean; feedback: string }[];
}

export type LessonStatus = 'not_started' | 'in_progress' | 'completed';

export interface ReadingPosition {
  anchor: string | null;
  fraction: number;
}

export interface AnswerRecord {
  questionId: string;
  optionIndexes: number[];
  correct: boolean;
  answeredAt: string;
  lessonRevision: number;
}

export interface LessonProgress {
  lessonKey: string;
  title: string;
  minutes: number;
  revision: number;
  retired: boolean;
  status: LessonStatus;
  startedAt: string | null;
  lastOpenedAt: string | null;
  position: ReadingPosition | null;
  secondsSpent: number;
  completedAt: string | null;
  completedRevision: number | null;
  updatedSinceCompleted: boolean;
  creditedMinutes: number;
  bookmarked: boolean;
  answers: AnswerRecord[];
}

export interface MyLesson {
  lessonKey: string;
  title: string;
  stage: string;
  minutes: number;
  revision: number;
  retired: boolean;
  status: LessonStatus;
  startedAt: string;
  lastOpenedAt: string;
  position: ReadingPosition | null;
  secondsSpent: number;
  completedAt: string | null;
  completedRevision: number | null;
  updatedSinceCompleted: boolean;
}

export interface Note {
  id: string;
  lessonKey: string;
  lessonTitle: string;
  anchor: string | null;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface Bookmark {
  lessonKey: string;
  title: string;
  summary: string;
  stage: string;
  minutes: number;
  retired: boolean;
  bookmarkedAt: string;
}

export interface CeHours {
  personId: string;
  minutes: number;
  hours: number;
  lessons: number;
  years: { year: number; minutes: number; hours: number; lessons: number }[];
}

export interface PathLesson {
  id: string;
  key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  revision: number;
  retired: boolean;
}

export interface PathSummary {
  id: string;
  key: string;
  title: string;
  summary: string;
  fromLevel: Labelled;
  toLevel: Labelled;
  lessonCount: number;
  minutes: number;
}

export interface PathDetail extends PathSummary {
  retired: boolean;
  sections: { title: string; description: string; lessons: PathLesson[] }[];
}

export interface EnrolmentLesson {
  lessonKey: string;
  title: string;
  minutes: number;
  status: LessonStatus;
  completedAt: string | null;
  updatedSinceCompleted: boolean;
}

export type EnrolmentStatus = 'active' | 'completed' | 'withdrawn';

export interface Enrolment {
  id: string;
  person: { id: string; name: string; email: string; teamId: string | null; teamName: string | null };
  path: { pathKey: string; title: string; summary: string; retired: boolean };
  source: 'self' | 'manager' | 'admin';
  assignedBy: { id: string; name: string } | null;
  dueDate: string | null;
  enrolledAt: string;
  completedAt: string | null;
  withdrawnAt: string | null;
  status: EnrolmentStatus;
  overdue: boolean;
  progress: {
    completed: number;
    total: number;
    percent: number;
    sections: { title: string; description: string; completed: number; total: number; lessons: EnrolmentLesson[] }[];
    nextLesson: { lessonKey: string; title: string; sectionTitle: string } | null;
  };
}

export interface Reminder {
  id: string;
  kind: 'due_soon' | 'overdue';
  overdue: boolean;
  dueDate: string;
  createdAt: string;
  enrolmentId: string;
  pathKey: string;
  pathTitle: string;
}

export interface Tip {
  tipKey: string;
  stage: string;
  title: string;
  bodyMarkdown: string;
  weekOf: string;
  sentAt: string;
}

export interface TipSubscription {
  subscribed: boolean;
  stage: string;
  stageTitle: string;
}

export interface UnsubscribeLookup {
  email: string;
  organisationName: string;
  subscribed: boolean;
}

export interface Stage {
  id: string;
  title: string;
  description: string;
  levels: string[];
  lessonCount: number;
}

export interface CompetencyOption {
  id: string;
  name: string;
  stage: string;
  description: string;
  lessonCount: number;
}

// ---- Framework ----

export interface ScaleLevel {
  level: number;
  label: string;
  description: string;
  orgEdited: boolean;
}
export interface CareerLevel {
  id: string;
  label: string;
  description: string;
  position: number;
  orgEdited: boolean;
}
export interface FrameworkStage {
  id: string;
  title: string;
  description: string;
  levels: string[];
  position: number;
  orgEdited: boolean;
}
export interface Competency {
  id: string;
  name: string;
  description: string;
  stage: string;
  targets: Record<string, number>;
  position: number;
  orgEdited: boolean;
}
export type Requirement =
  | { kind: 'certificate'; ref: 'professional' | 'executive'; withinMonths?: number }
  | { kind: 'path'; ref: string; withinMonths?: number }
  | { kind: 'competency'; ref: string; proficiency: number };
export interface JobRole {
  id: string;
  title: string;
  level: string;
  summary: string;
  requirements: Requirement[];
  position: number;
  orgEdited: boolean;
}
export interface Framework {
  proficiencyScale: ScaleLevel[];
  levels: CareerLevel[];
  stages: FrameworkStage[];
  competencies: Competency[];
  jobRoles: JobRole[];
}
export interface JobDescription {
  roleId: string;
  title: string;
  level: Labelled;
  text: string;
  requirements: string[];
  competencies: { id: string; name: string; proficiency: number; label: string }[];
}

// ---- Content packs and learning records ----

export interface InstalledPack {
  id: string;
  key: string;
  name: string;
  version: string;
  description: string;
  importedAt: string;
  importedByName: string | null;
  lessonCount: number;
  retiredLessonCount: number;
  pathCount: number;
  tipCount: number;
}

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
  restored: number;
}

export interface ImportSummary {
  dryRun: boolean;
  pack: { id: string | null; key: string; name: string; version: string; previousVersion: string | null };
  lessons: Counts;
  paths: Counts;
  tips: Counts;
  framework: { added: number; updated: number; unchanged: number; keptOrgEdits: number } | null;
  updatedLessons: string[];
  retiredLessons: string[];
  notes: string[];
}

export interface PackProblem {
  file: string;
  line: number | null;
  message: string;
}

export interface ValidationReport {
  valid: boolean;
  problems: PackProblem[];
  notes: string[];
  preview: ImportSummary | null;
}

export interface LrsStatus {
  configured: boolean;
  enabled: boolean;
  endpoint: string | null;
  key: string | null;
  secretHint: string | null;
  lastForwardedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  pending: number;
}

export interface LearningSettings {
  reminderDaysBefore: number;
  updatedAt: string;
}

// ---- Queries ----

export const LIBRARY_PAGE_SIZE = 12;

export interface LibraryFilter {
  q?: string;
  stage?: string;
  level?: string;
  competency?: string;
  offset?: number;
}

const enc = encodeURIComponent;

export const put = <T = unknown>(path: string, body?: unknown) => api<T>('PUT', path, body);

export const libraryQuery = (filter: LibraryFilter) =>
  queryOptions({
    queryKey: ['learn', 'library', filter],
    queryFn: ({ signal }) => get<Page<LibraryItem>>('/api/v1/learn/lessons', { ...filter, limit: LIBRARY_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

export const lessonQuery = (key: string) =>
  queryOptions({ queryKey: ['learn', 'lesson', key], queryFn: () => get<LessonDetail>(`/api/v1/learn/lessons/${enc(key)}`), staleTime: 60_000 });

export const lessonNotesQuery = (key: string) =>
  queryOptions({ queryKey: ['learn', 'notes', 'lesson', key], queryFn: () => get<{ items: Note[] }>(`/api/v1/learn/lessons/${enc(key)}/notes`) });

export const stagesQuery = queryOptions({ queryKey: ['learn', 'stages'], queryFn: () => get<{ items: Stage[] }>('/api/v1/learn/stages'), staleTime: 5 * 60_000 });

export const competenciesQuery = queryOptions({
  queryKey: ['learn', 'competencies'],
  queryFn: () => get<{ items: CompetencyOption[] }>('/api/v1/learn/competencies'),
  staleTime: 5 * 60_000,
});

export const pathsQuery = queryOptions({ queryKey: ['learn', 'paths'], queryFn: () => get<{ items: PathSummary[] }>('/api/v1/learn/paths'), staleTime: 60_000 });

export const pathQuery = (key: string) =>
  queryOptions({ queryKey: ['learn', 'path', key], queryFn: () => get<PathDetail>(`/api/v1/learn/paths/${enc(key)}`), staleTime: 60_000 });

/** Every path the caller is or was enrolled in (a person has a handful, far under one page). */
export const myEnrolmentsQuery = queryOptions({
  queryKey: ['learn', 'my-enrolments'],
  queryFn: () => get<Page<Enrolment>>('/api/v1/learn/my/enrolments', { limit: 200 }),
});

export interface EnrolmentFilter {
  teamId?: string;
  pathKey?: string;
  status?: string;
  personId?: string;
  offset?: number;
}

export const TEAM_PAGE_SIZE = 25;

export const enrolmentsQuery = (filter: EnrolmentFilter) =>
  queryOptions({
    queryKey: ['learn', 'enrolments', filter],
    queryFn: ({ signal }) => get<Page<Enrolment>>('/api/v1/learn/enrolments', { ...filter, limit: TEAM_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

export const myLessonsQuery = (status: 'in_progress' | 'completed' | undefined, offset = 0, limit = 20) =>
  queryOptions({
    queryKey: ['learn', 'my-lessons', status ?? 'all', offset, limit],
    queryFn: () => get<Page<MyLesson>>('/api/v1/learn/my/lessons', { status, offset, limit }),
    placeholderData: keepPreviousData,
  });

/** The caller's status on every lesson they have opened, for badges in lists (pages through all of them). */
export const myLessonStatusQuery = queryOptions({
  queryKey: ['learn', 'my-lessons', 'status-map'],
  queryFn: async () => {
    const map = new Map<string, MyLesson>();
    for (let offset = 0; ; offset += 200) {
      const page = await get<Page<MyLesson>>('/api/v1/learn/my/lessons', { limit: 200, offset });
      for (const l of page.items) map.set(l.lessonKey, l);
      if (offset + page.items.length >= page.total || page.items.length === 0) break;
    }
    return map;
  },
});

export const bookmarksQuery = (offset = 0) =>
  queryOptions({
    queryKey: ['learn', 'bookmarks', offset],
    queryFn: () => get<Page<Bookmark>>('/api/v1/learn/bookmarks', { offset, limit: 20 }),
    placeholderData: keepPreviousData,
  });

export const allNotesQuery = (offset = 0) =>
  queryOptions({
    queryKey: ['learn', 'notes', 'all', offset],
    queryFn: () => get<Page<Note>>('/api/v1/learn/notes', { offset, limit: 20 }),
    placeholderData: keepPreviousData,
  });

export const ceHoursQuery = (personId?: string) =>
  queryOptions({ queryKey: ['learn', 'ce-hours', personId ?? 'me'], queryFn: () => get<CeHours>('/api/v1/learn/ce-hours', { personId }) });

export const remindersQuery = queryOptions({ queryKey: ['learn', 'reminders'], queryFn: () => get<{ items: Reminder[] }>('/api/v1/learn/reminders') });

export const currentTipQuery = queryOptions({
  queryKey: ['learn', 'tip'],
  queryFn: () => get<{ tip: Tip | null; delivered: boolean; subscribed: boolean }>('/api/v1/learn/tips/current'),
  staleTime: 5 * 60_000,
});

export const tipSubscriptionQuery = queryOptions({ queryKey: ['learn', 'tip-subscription'], queryFn: () => get<TipSubscription>('/api/v1/learn/tips/subscription') });

export const frameworkQuery = queryOptions({ queryKey: ['framework'], queryFn: () => get<Framework>('/api/v1/framework') });

export const jobDescriptionQuery = (roleId: string) =>
  queryOptions({ queryKey: ['framework', 'job-description', roleId], queryFn: () => get<JobDescription>(`/api/v1/framework/job-roles/${enc(roleId)}/job-description`) });

export const installedPacksQuery = queryOptions({ queryKey: ['content-packs'], queryFn: () => get<{ items: InstalledPack[] }>('/api/v1/admin/content-packs') });

export const lrsQuery = queryOptions({ queryKey: ['learn', 'lrs'], queryFn: () => get<LrsStatus>('/api/v1/learn/admin/lrs') });

export const learningSettingsQuery = queryOptions({ queryKey: ['learn', 'settings'], queryFn: () => get<LearningSettings>('/api/v1/learn/admin/settings') });

/** URLs of the PDF guides. */
export const pathGuideUrl = (pathKey: string) => `/api/v1/learn/guides/path/${enc(pathKey)}.pdf`;
export const stageGuideUrl = (stage: string) => `/api/v1/learn/guides/stage/${enc(stage)}.pdf`;

/** The stages a guide can be made for (the server's fixed list of default training stages). */
export const GUIDE_STAGES = ['foundations', 'new-manager', 'business-of-it', 'leading-leaders', 'executive'];

// ---- Uploads and downloads with progress ----

export interface TransferProgress {
  phase: 'uploading' | 'processing' | 'downloading';
  /** 0-100 when the size is known. */
  percent: number | null;
}

function apiErrorFromText(status: number, statusText: string, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; fields?: FieldError[] } };
    if (body?.error) return new ApiError(status, body.error.code ?? 'http_error', body.error.message ?? `The request failed (${status}).`, Array.isArray(body.error.fields) ? body.error.fields : []);
  } catch {
    // Not JSON: fall through to the generic message.
  }
  return new ApiError(status, 'http_error', `The request failed (${status} ${statusText}).`);
}

/** POSTs a file as multipart/form-data, reporting upload progress (fetch cannot report it). */
export function uploadFile<T>(url: string, file: File, onProgress: (p: TransferProgress) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress({ phase: 'uploading', percent: e.lengthComputable ? Math.round((e.loaded / e.total) * 100) : null });
    xhr.upload.onload = () => onProgress({ phase: 'processing', percent: null });
    xhr.onerror = () => reject(new TypeError('The server could not be reached.'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(new ApiError(xhr.status, 'bad_response', 'The server sent an answer that could not be read.'));
        }
      } else reject(apiErrorFromText(xhr.status, xhr.statusText, xhr.responseText));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** The file name from a Content-Disposition header, if any. */
function dispositionName(header: string | null): string | null {
  const m = header ? /filename="?([^";]+)"?/.exec(header) : null;
  return m ? m[1] : null;
}

/**
 * Downloads a generated file (a PDF guide) with progress: the server first builds it (processing),
 * then it streams in (downloading, with a percentage when the size is known). Then it is saved.
 */
export async function downloadFile(url: string, fallbackName: string, onProgress: (p: TransferProgress) => void): Promise<string> {
  onProgress({ phase: 'processing', percent: null });
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw apiErrorFromText(response.status, response.statusText, await response.text());
  const total = Number(response.headers.get('content-length') ?? 0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress({ phase: 'downloading', percent: total ? Math.min(100, Math.round((received / total) * 100)) : null });
    }
  } else {
    chunks.push(new Uint8Array(await response.arrayBuffer()));
  }
  const name = dispositionName(response.headers.get('content-disposition')) ?? fallbackName;
  const blob = new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? 'application/octet-stream' });
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 30_000);
  return name;
}
