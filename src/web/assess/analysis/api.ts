/** Item analysis of an exam (/api/v1/exams/:id/item-analysis). */
import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api/client';

export interface AnalysisOption {
  id: string;
  text: string;
  correct: boolean;
  count: number;
  share: number;
  topCount: number;
  bottomCount: number;
}

export interface AnalysisItem {
  itemVersionId: string;
  itemId: string | null;
  itemKey: string;
  version: number | null;
  competency: string;
  kind: 'single' | 'multiple' | null;
  stem: string;
  n: number;
  p: number | null;
  rpb: number | null;
  upperLowerD: number | null;
  omitted: number;
  options: AnalysisOption[];
  flags: { code: string; message: string; optionId?: string }[];
}

export interface ItemAnalysis {
  exam: { id: string; title: string };
  personCount: number;
  itemCount: number;
  meanProportion: number | null;
  kr20: number | null;
  forms: { itemIds: string[]; persons: number; meanScore: number; variance: number; kr20: number | null }[];
  smallSample: boolean;
  topGroupSize: number;
  thresholds: { minP: number; maxP: number; minRpb: number; minPersons: number; groupShare: number };
  flaggedCount: number;
  items: AnalysisItem[];
}

export const itemAnalysisQuery = (examId: string) =>
  queryOptions({ queryKey: ['exam', examId, 'item-analysis'], queryFn: () => get<ItemAnalysis>(`/api/v1/exams/${encodeURIComponent(examId)}/item-analysis`) });

export const analysisCsvUrl = (examId: string) => `/api/v1/exams/${encodeURIComponent(examId)}/item-analysis.csv`;

/** Two decimals, or a dash when the figure cannot be computed (e.g. nobody answered). */
export const fixed2 = (v: number | null): string => (v === null ? '—' : v.toFixed(2));
export const percent = (v: number): string => `${Math.round(v * 100)}%`;
