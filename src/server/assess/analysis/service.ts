import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { notFound } from '../../http/errors.js';
import { loadItemVersions } from '../items/contract.js';
import type { LoadScoredResponses } from './responses.js';
import { analyseItems, DEFAULT_THRESHOLDS, type AnalysisResult, type ItemFlag } from './statistics.js';

export interface ItemAnalysisRow {
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
  options: { id: string; text: string; correct: boolean; count: number; share: number; topCount: number; bottomCount: number }[];
  flags: ItemFlag[];
}

export interface ExamItemAnalysis extends Omit<AnalysisResult, 'items'> {
  exam: { id: string; title: string };
  thresholds: typeof DEFAULT_THRESHOLDS;
  flaggedCount: number;
  items: ItemAnalysisRow[];
}

/**
 * Item analysis of one exam from its submitted attempts. `loadScoredResponses` comes from the
 * exams module (passed in, so analysis depends only on the signature in ./responses.ts).
 */
export async function analyseExam(ctx: AppContext, actor: Actor, examId: string, loadScoredResponses: LoadScoredResponses): Promise<ExamItemAnalysis> {
  const data = await loadScoredResponses(ctx.db, actor.orgId, examId);
  if (!data) throw notFound('Exam');
  const versions = await loadItemVersions(ctx.db, actor.orgId, data.items.map((i) => i.itemVersionId));
  const result = analyseItems({
    items: data.items.map((i) => ({ id: i.itemVersionId, options: (versions.get(i.itemVersionId)?.options ?? []).map((o) => ({ id: o.id, correct: o.correct })) })),
    persons: data.attempts.map((a) => ({ id: a.attemptId, responses: a.responses })),
  });
  const rows: ItemAnalysisRow[] = result.items.map((stats) => {
    const v = versions.get(stats.id);
    const text = new Map(v?.options.map((o) => [o.id, o.text]) ?? []);
    return {
      itemVersionId: stats.id,
      itemId: v?.itemId ?? null,
      itemKey: v?.itemKey ?? '(item not found)',
      version: v?.version ?? null,
      competency: v?.competency ?? '',
      kind: v?.kind ?? null,
      stem: v?.stem ?? '',
      n: stats.n,
      p: stats.p,
      rpb: stats.rpb,
      upperLowerD: stats.upperLowerD,
      omitted: stats.omitted,
      options: stats.options.map((o) => ({ ...o, text: text.get(o.id) ?? '' })),
      flags: stats.flags,
    };
  });
  rows.sort((a, b) => a.competency.localeCompare(b.competency) || a.itemKey.localeCompare(b.itemKey) || (a.version ?? 0) - (b.version ?? 0));
  const { items: _items, ...summary } = result;
  return { ...summary, exam: { id: data.examId, title: data.examTitle }, thresholds: DEFAULT_THRESHOLDS, flaggedCount: rows.filter((r) => r.flags.length > 0).length, items: rows };
}

const CSV_COLUMNS = ['item_key', 'version', 'competency', 'kind', 'n', 'p', 'r_pb', 'upper_lower_d', 'omitted', 'option_counts', 'top_group_counts', 'bottom_group_counts', 'flags', 'stem'];

/** A spreadsheet must not run a cell as a formula, so text starting with = + - @ gets a leading quote. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(Math.round(value * 10000) / 10000);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per item version; option columns read like `A*=4 B=2 C=0` (* marks the key). */
export function analysisCsv(analysis: ExamItemAnalysis): string {
  const counts = (row: ItemAnalysisRow, pick: (o: ItemAnalysisRow['options'][number]) => number) => row.options.map((o) => `${o.id}${o.correct ? '*' : ''}=${pick(o)}`).join(' ');
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of analysis.items) {
    lines.push(
      [
        cell(r.itemKey),
        cell(r.version),
        cell(r.competency),
        cell(r.kind),
        cell(r.n),
        cell(r.p),
        cell(r.rpb),
        cell(r.upperLowerD),
        cell(r.omitted),
        cell(counts(r, (o) => o.count)),
        cell(counts(r, (o) => o.topCount)),
        cell(counts(r, (o) => o.bottomCount)),
        cell(r.flags.map((f) => (f.optionId ? `${f.code}:${f.optionId}` : f.code)).join(' ')),
        cell(r.stem),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
