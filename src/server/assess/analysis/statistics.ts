/**
 * Classical item analysis (A5) over a scored response matrix: persons x items, each cell either
 * null (the item was not on that person's form) or a 0/1 score with the options chosen.
 * Pure functions; no database. Definitions (also in docs/authors/item-bank.md):
 *
 * - Difficulty p: share of the persons given the item who answered it correctly.
 * - Discrimination r_pb: the CORRECTED item-total point-biserial, i.e. the Pearson correlation
 *   between the item score (0/1) and the person's score on the OTHER items they were given,
 *   expressed as a proportion of those items (with one form for everyone this is the same
 *   correlation as with the raw rest score). Excluding the item itself keeps it from
 *   correlating with its own contribution. Null when it cannot be computed (fewer than two
 *   persons, or no variation in the item or in the rest scores).
 * - KR-20: k/(k-1) * (1 - sum(p*q) / variance of total scores), with population variances (divide
 *   by n), computed per form (persons given exactly the same items). `kr20` is that value when
 *   there is one form, otherwise the mean over forms weighted by their number of persons.
 * - Upper-lower index D: p in the top group minus p in the bottom group. The groups are the 27%
 *   (at least one person) with the highest and lowest proportion correct over their whole form;
 *   ties are broken by the order of the persons in the input.
 * - Distractor counts: how many persons given the item chose each option (in total, in the top
 *   group and in the bottom group), and how many left it unanswered.
 */

export interface CellResponse {
  score: 0 | 1;
  /** Option ids chosen; empty when the item was left unanswered. */
  chosen: string[];
}

export interface ResponseMatrix {
  items: { id: string; options: { id: string; correct: boolean }[] }[];
  persons: { id: string; responses: (CellResponse | null)[] }[];
}

export interface FlagThresholds {
  /** Items with p below this are flagged too hard (default 0.2). */
  minP: number;
  /** Items with p above this are flagged too easy (default 0.95). */
  maxP: number;
  /** Items with r_pb below this are flagged as discriminating poorly (default 0.15). */
  minRpb: number;
  /** Fewer persons than this make the whole analysis "small sample" (default 30). */
  minPersons: number;
  /** Share of persons in each of the top and bottom groups (default 0.27). */
  groupShare: number;
}

export const DEFAULT_THRESHOLDS: FlagThresholds = { minP: 0.2, maxP: 0.95, minRpb: 0.15, minPersons: 30, groupShare: 0.27 };

export type FlagCode = 'too_hard' | 'too_easy' | 'low_discrimination' | 'unused_distractor' | 'distractor_beats_key_in_top_group';

export interface ItemFlag {
  code: FlagCode;
  message: string;
  optionId?: string;
}

export interface OptionStats {
  id: string;
  correct: boolean;
  count: number;
  /** count / n (0 when n is 0). */
  share: number;
  topCount: number;
  bottomCount: number;
}

export interface ItemStats {
  id: string;
  /** Persons who were given the item. */
  n: number;
  correct: number;
  p: number | null;
  rpb: number | null;
  upperLowerD: number | null;
  omitted: number;
  options: OptionStats[];
  flags: ItemFlag[];
}

export interface FormStats {
  itemIds: string[];
  persons: number;
  meanScore: number;
  variance: number;
  kr20: number | null;
}

export interface AnalysisResult {
  personCount: number;
  itemCount: number;
  /** Mean proportion correct over persons (each over their own form). */
  meanProportion: number | null;
  kr20: number | null;
  forms: FormStats[];
  smallSample: boolean;
  topGroupSize: number;
  items: ItemStats[];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const popVariance = (xs: number[]) => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

/** Pearson correlation with population moments; null when either side does not vary. */
export function pearson(xs: number[], ys: number[]): number | null {
  if (xs.length < 2) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** KR-20 for one complete matrix of 0/1 scores (rows = persons); null when undefined. */
export function kr20(scores: number[][]): number | null {
  const n = scores.length;
  const k = scores[0]?.length ?? 0;
  if (n < 2 || k < 2) return null;
  let sumPq = 0;
  for (let j = 0; j < k; j++) {
    const p = mean(scores.map((row) => row[j]));
    sumPq += p * (1 - p);
  }
  const variance = popVariance(scores.map((row) => row.reduce((a, b) => a + b, 0)));
  if (variance < 1e-12) return null;
  return (k / (k - 1)) * (1 - sumPq / variance);
}

function checkShape(m: ResponseMatrix): void {
  for (const person of m.persons) {
    if (person.responses.length !== m.items.length) throw new Error(`person ${person.id} has ${person.responses.length} responses for ${m.items.length} items`);
  }
}

export function analyseItems(m: ResponseMatrix, thresholds: Partial<FlagThresholds> = {}): AnalysisResult {
  checkShape(m);
  const t = { ...DEFAULT_THRESHOLDS, ...thresholds };
  const persons = m.persons.map((p) => {
    const given = p.responses.filter((r): r is CellResponse => r !== null);
    const total = given.reduce((a, r) => a + r.score, 0);
    return { ...p, given: given.length, total, proportion: given.length ? total / given.length : 0 };
  });
  const scored = persons.filter((p) => p.given > 0);
  const groupSize = scored.length ? Math.max(1, Math.round(t.groupShare * scored.length)) : 0;
  const ranked = scored.map((p, i) => ({ p, i })).sort((a, b) => b.p.proportion - a.p.proportion || a.i - b.i).map((x) => x.p.id);
  const top = new Set(ranked.slice(0, groupSize));
  const bottom = new Set(ranked.slice(ranked.length - groupSize));

  const itemStats: ItemStats[] = m.items.map((item, j) => {
    const takers = persons.filter((p) => p.responses[j] !== null);
    const xs = takers.map((p) => p.responses[j]!.score as number);
    const rest = takers.map((p) => (p.given > 1 ? (p.total - p.responses[j]!.score) / (p.given - 1) : 0));
    const n = takers.length;
    const correct = xs.reduce((a, b) => a + b, 0);
    const p = n ? correct / n : null;
    const rpb = pearson(xs, rest);
    const inTop = takers.filter((x) => top.has(x.id));
    const inBottom = takers.filter((x) => bottom.has(x.id));
    const pOf = (group: typeof takers) => (group.length ? group.reduce((a, x) => a + x.responses[j]!.score, 0) / group.length : null);
    const pTop = pOf(inTop);
    const pBottom = pOf(inBottom);
    const countIn = (group: typeof takers, optionId: string) => group.filter((x) => x.responses[j]!.chosen.includes(optionId)).length;
    const options: OptionStats[] = item.options.map((o) => {
      const count = countIn(takers, o.id);
      return { id: o.id, correct: o.correct, count, share: n ? count / n : 0, topCount: countIn(inTop, o.id), bottomCount: countIn(inBottom, o.id) };
    });
    const omitted = takers.filter((x) => x.responses[j]!.chosen.length === 0).length;

    const flags: ItemFlag[] = [];
    if (p !== null && p < t.minP) flags.push({ code: 'too_hard', message: `Only ${pct(p)} answered correctly (below ${pct(t.minP)}): check the key and the wording, or whether the topic was taught.` });
    if (p !== null && p > t.maxP) flags.push({ code: 'too_easy', message: `${pct(p)} answered correctly (above ${pct(t.maxP)}): the item tells strong and weak candidates apart hardly at all.` });
    if (rpb !== null && rpb < t.minRpb) {
      flags.push({
        code: 'low_discrimination',
        message:
          rpb < 0
            ? `Discrimination is negative (r_pb ${rpb.toFixed(2)}): candidates who did well elsewhere did worse here. Check the key first.`
            : `Discrimination is weak (r_pb ${rpb.toFixed(2)}, below ${t.minRpb}): the item barely separates stronger from weaker candidates.`,
      });
    }
    if (n > 0) {
      const keyTop = options.filter((o) => o.correct).map((o) => o.topCount);
      const weakestKey = keyTop.length ? Math.min(...keyTop) : 0;
      for (const o of options) {
        if (o.correct) continue;
        if (o.count === 0) flags.push({ code: 'unused_distractor', optionId: o.id, message: `Nobody chose option ${o.id}: it is not a plausible distractor; rewrite or replace it.` });
        if (inTop.length > 0 && o.topCount > weakestKey) {
          flags.push({
            code: 'distractor_beats_key_in_top_group',
            optionId: o.id,
            message: `In the top group, option ${o.id} was chosen more often (${o.topCount}) than the key (${weakestKey}): it may be a second right answer or the key may be wrong.`,
          });
        }
      }
    }
    return { id: item.id, n, correct, p, rpb, upperLowerD: pTop !== null && pBottom !== null ? pTop - pBottom : null, omitted, options, flags };
  });

  const forms = formStats(m, persons);
  const weighted = forms.filter((f) => f.kr20 !== null);
  const weight = weighted.reduce((a, f) => a + f.persons, 0);
  return {
    personCount: m.persons.length,
    itemCount: m.items.length,
    meanProportion: scored.length ? mean(scored.map((p) => p.proportion)) : null,
    kr20: weight ? weighted.reduce((a, f) => a + f.kr20! * f.persons, 0) / weight : null,
    forms,
    smallSample: m.persons.length < t.minPersons,
    topGroupSize: groupSize,
    items: itemStats,
  };
}

function formStats(m: ResponseMatrix, persons: { responses: (CellResponse | null)[] }[]): FormStats[] {
  const groups = new Map<string, number[][]>();
  const itemsOf = new Map<string, number[]>();
  for (const person of persons) {
    const cols = person.responses.flatMap((r, j) => (r ? [j] : []));
    if (cols.length === 0) continue;
    const key = cols.join(',');
    itemsOf.set(key, cols);
    const rows = groups.get(key) ?? [];
    rows.push(cols.map((j) => person.responses[j]!.score));
    groups.set(key, rows);
  }
  return [...groups.entries()].map(([key, rows]) => {
    const totals = rows.map((r) => r.reduce((a, b) => a + b, 0));
    return { itemIds: itemsOf.get(key)!.map((j) => m.items[j].id), persons: rows.length, meanScore: mean(totals), variance: popVariance(totals), kr20: kr20(rows) };
  });
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
