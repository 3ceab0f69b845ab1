import type { ItemKind } from '../schema.js';
import { slugify, shortHash } from './text.js';

export const IMPORT_FORMATS = ['gift', 'moodle', 'qti'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Where a question sits in the uploaded file(s). `file` is set for files inside a zip. */
export interface Place {
  file?: string;
  line?: number;
}

/** A question a parser could turn into an item; the import service still checks it. */
export interface Candidate extends Place {
  ref: string;
  /** The question's own name or id in the source, used for its item key. */
  sourceName: string | null;
  kind: ItemKind;
  competency: string;
  stem: string;
  options: { text: string; correct: boolean; rationale: string }[];
  /** Things the author should know: dropped weights, missing rationales, images... */
  notes: string[];
}

export interface Skipped extends Place {
  ref: string;
  reason: string;
}

export interface ParsedFile {
  candidates: Candidate[];
  skipped: Skipped[];
}

export interface ParseContext {
  known: ReadonlySet<string>;
  /** Competency for questions whose category or tags name none. */
  defaultCompetency?: string;
}

/**
 * The competency a question belongs to: the first tag or category segment (last first) that names
 * a known competency, in slug form ("Capacity planning" -> capacity-planning), else the default.
 * `$course$`-style markers and Moodle's root category "top" are not counted.
 */
export function resolveCompetency(hints: (string | null | undefined)[], ctx: ParseContext): { competency: string } | { reason: string } {
  const tried: string[] = [];
  for (const hint of hints) {
    if (!hint) continue;
    const segments = hint.split('/').map((s) => s.trim()).filter((s) => s && !/^\$\w+\$$/.test(s) && s !== 'top').reverse();
    for (const seg of segments) {
      const slug = slugify(seg, 100);
      if (ctx.known.has(slug)) return { competency: slug };
      tried.push(seg);
    }
  }
  if (ctx.defaultCompetency) return { competency: ctx.defaultCompetency };
  const named = tried.length ? `its category or tags (${tried.slice(0, 3).map((t) => `"${t}"`).join(', ')}) name no known competency` : 'it has no category or tag naming a competency';
  return { reason: `${named}; choose a default competency for the upload or put the question in a category named after a competency (e.g. "capacity-planning")` };
}

/**
 * Kind from the options: one correct option is a single-response item, two or more a
 * multiple-response item. Null with a reason when no option or every option is correct.
 */
export function kindFromOptions(options: { correct: boolean }[]): { kind: ItemKind } | { reason: string } {
  const correct = options.filter((o) => o.correct).length;
  if (options.length < 2) return { reason: `it has ${options.length} answer option(s); an item needs at least two` };
  if (correct === 0) return { reason: 'no answer is marked correct' };
  if (correct === options.length && options.length > 1) return { reason: 'every answer is marked correct, so it cannot be scored' };
  return { kind: correct === 1 ? 'single' : 'multiple' };
}

/** Notes for options that have no rationale (the item is then imported as a draft). */
export function rationaleNotes(options: { rationale: string }[]): string[] {
  const missing = options.map((o, i) => (o.rationale.trim() ? null : String.fromCharCode(65 + i))).filter((x): x is string => x !== null);
  if (!missing.length) return [];
  return [`option${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ha${missing.length > 1 ? 've' : 's'} no feedback to use as rationale; write ${missing.length > 1 ? 'them' : 'it'} before publishing`];
}

/** Item key for an imported question: prefix plus its name, or plus a hash of its text when it has none. */
export function importKey(prefix: string, c: Pick<Candidate, 'sourceName' | 'stem'>): string {
  const name = c.sourceName ? slugify(c.sourceName, 60) : '';
  const tail = name || `q-${shortHash(c.stem)}`;
  return `${prefix}-${tail}`.slice(0, 100).replace(/-+$/g, '');
}
