/**
 * Search snippets, made in JavaScript from the matching lesson's text and the query's stems (from
 * Postgres' querytree). ts_headline does this too, but costs milliseconds per lesson in PGlite;
 * this costs microseconds and marks the same words: a stem is the start of the words it came from
 * ("escal" for escalation, escalations, escalate).
 */
export interface SnippetPart {
  text: string;
  highlight: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;
const BEFORE = 8;
const LENGTH = 32;

/** The stems a tsquery looks for, from querytree() text such as `'escal' & !'email'`; negated ones are left out. */
export function queryStems(querytree: string | null | undefined): string[] {
  const stems = new Set<string>();
  for (const m of (querytree ?? '').matchAll(/(!?)\s*'((?:[^']|'')+)'/g)) if (!m[1]) stems.add(m[2].replace(/''/g, "'"));
  return [...stems];
}

function matches(word: string, stems: string[]): boolean {
  const w = word.toLowerCase();
  // Snowball turns a final y into i (company -> compani), so "compani" also starts "company".
  return stems.some((s) => w.startsWith(s) || (s.endsWith('i') && s.length > 2 && w.startsWith(`${s.slice(0, -1)}y`)));
}

function join(parts: SnippetPart[]): SnippetPart[] {
  return parts.reduce<SnippetPart[]>((out, p) => {
    const last = out.at(-1);
    if (last && last.highlight === p.highlight && !p.highlight) last.text += p.text;
    else if (p.text) out.push({ ...p });
    return out;
  }, []);
}

/** About 32 words around the first match, matching words marked; the summary's start when nothing matches the text. */
export function buildSnippet(summary: string, body: string, stems: string[]): SnippetPart[] {
  const text = `${summary}\n${body}`.replace(/\s+/g, ' ');
  const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, hit: matches(m[0], stems) }));
  const first = words.findIndex((w) => w.hit);
  const from = first < 0 ? 0 : Math.max(0, first - BEFORE);
  const window = words.slice(from, from + LENGTH);
  if (!window.length) return [{ text: summary, highlight: false }];
  const parts: SnippetPart[] = [];
  if (from > 0) parts.push({ text: '… ', highlight: false });
  let at = window[0].start;
  for (const w of window) {
    parts.push({ text: text.slice(at, w.start), highlight: false });
    parts.push({ text: text.slice(w.start, w.end), highlight: w.hit });
    at = w.end;
  }
  const last = window.at(-1)!;
  const closing = text.slice(last.end).match(/^[^\s\p{L}\p{N}]*/u)?.[0] ?? '';
  parts.push({ text: closing, highlight: false });
  if (from + LENGTH < words.length) parts.push({ text: ' …', highlight: false });
  return join(parts);
}
