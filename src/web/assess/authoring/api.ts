/** The item bank and exam-definition API (/api/v1/items, /item-banks, /item-scenarios, /exams) for authors. */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { ApiError, get, type FieldError } from '../../api/client';
import type { Page } from '../../api/types';

export const ITEMS_PAGE_SIZE = 25;

export type ItemKind = 'single' | 'multiple';
export type ItemStatus = 'draft' | 'published' | 'retired';

export interface ItemOption {
  id: string;
  text: string;
  correct: boolean;
  rationale: string;
}

export interface ItemVersion {
  itemVersionId: string;
  version: number;
  kind: ItemKind;
  competency: string;
  stem: string;
  options: ItemOption[];
  scenario: { id: string | null; key: string; title: string; caseText: string } | null;
  createdAt: string;
  createdByName: string | null;
}

export interface ItemSummary {
  id: string;
  itemKey: string;
  bankKey: string;
  status: ItemStatus;
  source: string;
  kind: ItemKind;
  competency: string;
  stem: string;
  currentVersion: number;
  scenario: { id: string; key: string; title: string } | null;
  scenarioPosition: number;
  updatedAt: string;
  retiredAt: string | null;
}

export interface ItemDetail extends ItemSummary {
  current: ItemVersion;
  versions: { version: number; itemVersionId: string; createdAt: string; createdByName: string | null }[];
}

export interface Bank {
  id: string;
  bankKey: string;
  title: string;
  description: string;
  counts: { draft: number; published: number; retired: number };
  scenarioCount: number;
}

export interface ScenarioSummary {
  id: string;
  scenarioKey: string;
  bankKey: string;
  title: string;
  caseText: string;
  updatedAt: string;
  itemCount: number;
}

export interface ScenarioDetail extends Omit<ScenarioSummary, 'itemCount'> {
  items: { id: string; itemKey: string; status: ItemStatus; scenarioPosition: number; stem: string }[];
}

export interface ItemFilter {
  bankKey?: string;
  competency?: string;
  kind?: string;
  status?: string;
  q?: string;
  offset?: number;
}

export const banksQuery = queryOptions({ queryKey: ['item-banks'], queryFn: () => get<{ items: Bank[] }>('/api/v1/item-banks') });

/** A competency of the organisation's career framework; `published` only when asked for one bank. */
export interface CompetencyRef {
  id: string;
  name: string;
  stage: string | null;
  published: number | null;
}

export const itemCompetenciesQuery = queryOptions({
  queryKey: ['item-competencies'],
  queryFn: () => get<{ items: CompetencyRef[] }>('/api/v1/item-competencies'),
  staleTime: 5 * 60_000,
});

/** Options for a competency select: the framework's names, in its order; the id where there is no name. */
export const competencyOptions = (items: CompetencyRef[] | undefined, suffix: (c: CompetencyRef) => string = () => '') =>
  (items ?? []).map((c) => ({ value: c.id, label: `${c.name === c.id ? c.id : `${c.name} (${c.id})`}${suffix(c)}` }));

export const itemsQuery = (filter: ItemFilter) =>
  queryOptions({
    queryKey: ['items', filter],
    queryFn: ({ signal }) => get<Page<ItemSummary>>('/api/v1/items', { ...filter, limit: ITEMS_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

export const itemQuery = (id: string) => queryOptions({ queryKey: ['item', id], queryFn: () => get<ItemDetail>(`/api/v1/items/${encodeURIComponent(id)}`) });

export const itemVersionQuery = (id: string, version: number) =>
  queryOptions({
    queryKey: ['item', id, 'version', version],
    queryFn: () => get<ItemVersion>(`/api/v1/items/${encodeURIComponent(id)}/versions/${version}`),
    staleTime: Infinity,
  });

export const scenariosQuery = (bankKey?: string) =>
  queryOptions({
    queryKey: ['item-scenarios', bankKey ?? ''],
    queryFn: () => get<Page<ScenarioSummary>>('/api/v1/item-scenarios', { bankKey, limit: 100 }),
  });

export const scenarioQuery = (id: string) =>
  queryOptions({ queryKey: ['item-scenario', id], queryFn: () => get<ScenarioDetail>(`/api/v1/item-scenarios/${encodeURIComponent(id)}`) });

// ---- Exams ----

export type FeedbackRelease = 'on_submit' | 'after_close';
export type ExamStatus = 'draft' | 'published' | 'archived';

export interface Exam {
  id: string;
  examKey: string;
  title: string;
  description: string;
  bankKey: string;
  blueprint: { competency: string; count: number }[];
  itemCount: number;
  timeLimitMinutes: number;
  attemptLimit: number | null;
  cooldownMinutes: number;
  cutScorePercent: number;
  shuffleOptions: boolean;
  feedbackRelease: FeedbackRelease;
  requiredPathKey: string | null;
  opensAt: string | null;
  closesAt: string | null;
  status: ExamStatus;
  createdAt: string;
  updatedAt: string;
  attempts?: { inProgress: number; submitted: number; passed: number };
}

export interface Accommodation {
  examId: string;
  personId: string;
  personName: string;
  extraMinutes: number;
  note: string;
  updatedAt: string;
}

export const examsAdminQuery = (offset: number) =>
  queryOptions({
    queryKey: ['exams', 'admin', offset],
    queryFn: () => get<Page<Exam>>('/api/v1/exams', { limit: ITEMS_PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });

export const examQuery = (id: string) => queryOptions({ queryKey: ['exam', id], queryFn: () => get<Exam>(`/api/v1/exams/${encodeURIComponent(id)}`) });

export const accommodationsQuery = (examId: string) =>
  queryOptions({
    queryKey: ['exam', examId, 'accommodations'],
    queryFn: () => get<{ items: Accommodation[] }>(`/api/v1/exams/${encodeURIComponent(examId)}/accommodations`),
  });

/** Published items per competency of a bank, counted from the item list (what a blueprint can draw on). */
export const publishedCountsQuery = (bankKey: string) =>
  queryOptions({
    queryKey: ['items', 'published-counts', bankKey],
    enabled: bankKey !== '',
    queryFn: () => get<{ items: CompetencyRef[] }>('/api/v1/item-competencies', { bankKey }),
  });

// ---- Import ----

export interface ImportReport {
  format: 'gift' | 'moodle' | 'qti';
  bankKey: string;
  dryRun: boolean;
  imported: {
    file?: string;
    line?: number;
    ref: string;
    itemKey: string;
    itemId: string | null;
    kind: ItemKind;
    competency: string;
    action: 'create' | 'new_version' | 'update_draft' | 'unchanged';
    status: ItemStatus;
    notes: string[];
  }[];
  skipped: { file?: string; line?: number; ref: string; reason: string }[];
  summary: { imported: number; create: number; newVersion: number; updateDraft: number; unchanged: number; skipped: number };
}

/**
 * Uploads a question file as multipart form data. XMLHttpRequest rather than fetch because only it
 * reports upload progress.
 */
export function uploadItems(mode: 'preview' | 'commit', file: File, fields: Record<string, string>, onProgress: (fraction: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== '') form.append(k, v);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/items/import/${mode}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: handled below.
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        resolve(body as ImportReport);
        return;
      }
      const err = (body as { error?: { code?: string; message?: string; fields?: FieldError[] } } | null)?.error;
      reject(new ApiError(xhr.status, err?.code ?? 'http_error', err?.message ?? `The upload failed (${xhr.status}).`, err?.fields ?? []));
    };
    xhr.send(form);
  });
}

export const KIND_LABELS: Record<ItemKind, string> = { single: 'Single response', multiple: 'Multiple response' };
export const STATUS_LABELS: Record<ItemStatus, string> = { draft: 'Draft', published: 'Published', retired: 'Retired' };
export const EXAM_STATUS_LABELS: Record<ExamStatus, string> = { draft: 'Draft', published: 'Published', archived: 'Archived' };
