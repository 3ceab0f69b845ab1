/** The exam taker's side of the API (/api/v1/exams, /api/v1/exam-attempts): shapes and queries. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { competenciesQuery } from '../../api/learn';
import type { Page } from '../../api/types';

export interface CandidateStatus {
  canStart: boolean;
  reason: string | null;
  attemptsUsed: number;
  attemptsLeft: number | null;
  nextStartAt: string | null;
  openAttemptId: string | null;
  passed: boolean;
  extraMinutes: number;
}

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
  feedbackRelease: 'on_submit' | 'after_close';
  requiredPathKey: string | null;
  opensAt: string | null;
  closesAt: string | null;
  status: 'draft' | 'published' | 'archived';
  candidate?: CandidateStatus;
}

export interface AttemptSummary {
  id: string;
  examId: string;
  examTitle: string;
  attemptNo: number;
  status: 'in_progress' | 'submitted';
  startedAt: string;
  deadlineAt: string;
  submittedAt: string | null;
  scorePercent: number | null;
  passed: boolean | null;
}

export interface AttemptItem {
  position: number;
  itemId: string;
  kind: 'single' | 'multiple';
  stem: string;
  scenario: { id: string; title: string; caseText: string } | null;
  options: { id: string; text: string }[];
  answer: { optionIds: string[]; seq: number; savedAt: string | null } | null;
  flagged: boolean;
}

export interface Attempt {
  id: string;
  examId: string;
  examTitle: string;
  attemptNo: number;
  status: 'in_progress' | 'submitted';
  startedAt: string;
  deadlineAt: string;
  serverTime: string;
  remainingSeconds: number;
  timeLimitSeconds: number;
  extraSeconds: number;
  submittedAt: string | null;
  submitReason: 'candidate' | 'time_up' | null;
  itemCount: number;
  answeredCount: number;
  flaggedCount: number;
  lastSeq: number;
  navigator: { position: number; itemId: string; answered: boolean; flagged: boolean }[];
  items: AttemptItem[];
}

export interface SavedAnswer {
  itemId: string;
  optionIds: string[];
  seq: number;
  savedAt: string | null;
  status: 'saved' | 'stale';
  remainingSeconds: number;
}

export interface ExamResult {
  attemptId: string;
  examId: string;
  examTitle: string;
  attemptNo: number;
  startedAt: string;
  submittedAt: string;
  submitReason: 'candidate' | 'time_up';
  correct: number;
  total: number;
  scorePercent: number;
  cutScorePercent: number;
  passed: boolean;
  competencies: { competency: string; correct: number; total: number; percent: number; weak: boolean }[];
  lessonsToRevisit: {
    available: boolean;
    note: string | null;
    items: { competency: string; lessons: { lessonId: string; lessonKey: string; title: string; minutes: number }[] }[];
  };
  feedback: {
    released: boolean;
    note: string;
    availableAt: string | null;
    items:
      | {
          position: number;
          itemId: string;
          competency: string;
          stem: string;
          scenario: { title: string; caseText: string } | null;
          correct: boolean;
          chosenOptionIds: string[];
          options: { id: string; text: string; correct: boolean; chosen: boolean; rationale: string }[];
        }[]
      | null;
  };
}

const enc = encodeURIComponent;

/** Published exams only: this is the candidate's list, also for authors (who see drafts elsewhere). */
export const publishedExamsQuery = queryOptions({
  queryKey: ['exams', 'published'],
  queryFn: () => get<Page<Exam>>('/api/v1/exams', { status: 'published', limit: 200 }),
});

export const examQuery = (id: string) => queryOptions({ queryKey: ['exams', 'detail', id], queryFn: () => get<Exam>(`/api/v1/exams/${enc(id)}`) });

export const myAttemptsQuery = queryOptions({ queryKey: ['exams', 'my-attempts'], queryFn: () => get<{ items: AttemptSummary[] }>('/api/v1/exam-attempts') });

export const resultQuery = (attemptId: string) =>
  queryOptions({ queryKey: ['exams', 'result', attemptId], queryFn: () => get<ExamResult>(`/api/v1/exam-attempts/${enc(attemptId)}/result`), staleTime: 60_000 });

/**
 * Why the candidate cannot start, in words: the server's reason, except that a cool-down is told
 * with a local date and time instead of the server's UTC timestamp.
 */
export function whyNot(exam: Exam, formatWhen: (iso: string) => string): string {
  const c = exam.candidate;
  if (!c) return '';
  if (c.nextStartAt && c.attemptsLeft !== 0 && c.reason && /next attempt/.test(c.reason)) {
    return `You can start your next attempt on ${formatWhen(c.nextStartAt)} (this exam asks for ${minutesLabel(exam.cooldownMinutes)} between attempts).`;
  }
  return c.reason ?? '';
}

/** "Vendor management" for "vendor-management": the framework's name when it is known. */
export function useCompetencyName(): (id: string) => string {
  const { data } = useQuery(competenciesQuery);
  const names = new Map(data?.items.map((c) => [c.id, c.name]));
  return (id) => names.get(id) ?? humanise(id);
}

export function humanise(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The best submitted attempt (highest score, earliest on a tie) of a list. */
export function bestAttempt(attempts: AttemptSummary[]): AttemptSummary | null {
  let best: AttemptSummary | null = null;
  for (const a of attempts) {
    if (a.status !== 'submitted' || a.scorePercent === null) continue;
    if (!best || a.scorePercent > best.scorePercent! || (a.scorePercent === best.scorePercent && (a.submittedAt ?? '') < (best.submittedAt ?? ''))) best = a;
  }
  return best;
}

export function minutesLabel(minutes: number): string {
  if (minutes % (24 * 60) === 0 && minutes >= 24 * 60) {
    const days = minutes / (24 * 60);
    return `${days} ${days === 1 ? 'day' : 'days'}`;
  }
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} ${h === 1 ? 'hour' : 'hours'}${m ? ` ${m} min` : ''}`;
}
