import { parse, type GIFTQuestion, type TextFormat } from 'gift-pegjs';
import { kindFromOptions, rationaleNotes, resolveCompetency, type ParseContext, type ParsedFile } from './candidate.js';
import { htmlToText, refOf, tidy } from './text.js';

/**
 * GIFT (Moodle's plain-text quiz format) through gift-pegjs. Questions are separated by blank
 * lines; each block is parsed on its own so a broken question is reported with its line and the
 * rest still import. Multiple choice (with = or with %weights), multiple answers and true/false
 * become items; essays, matching, numerical, short answer and descriptions are skipped with why.
 */

interface Block {
  text: string;
  line: number;
}

/** Splits on blank lines outside braces (answers may span lines); skips comment-only blocks. */
export function giftBlocks(source: string): Block[] {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const blocks: Block[] = [];
  let current: string[] = [];
  let start = 0;
  let depth = 0;
  const flush = () => {
    if (current.some((l) => l.trim() && !l.trim().startsWith('//'))) blocks.push({ text: current.join('\n'), line: start + 1 });
    current = [];
  };
  // A blank line ends a question; inside an unclosed brace it does so only when a new question or
  // category follows, so one missing } costs one question, not the rest of the file.
  const nextStartsQuestion = (i: number) => {
    const next = lines.slice(i + 1).find((l) => l.trim());
    return next !== undefined && /^\s*(::|\$CATEGORY:)/.test(next);
  };
  lines.forEach((line, i) => {
    if (!line.trim() && (depth === 0 || nextStartsQuestion(i))) {
      flush();
      depth = 0;
      return;
    }
    if (current.length === 0) start = i;
    current.push(line);
    if (line.trim().startsWith('//')) return;
    for (let j = 0; j < line.length; j++) {
      if (line[j] === '\\') j++;
      else if (line[j] === '{') depth++;
      else if (line[j] === '}') depth = Math.max(0, depth - 1);
    }
  });
  flush();
  return blocks;
}

function plain(t: TextFormat | null | undefined): string {
  if (!t) return '';
  return t.format === 'html' ? htmlToText(t.text) : tidy(t.text);
}

const SKIP_REASONS: Record<string, string> = {
  Essay: 'essay questions need a human to mark them; only multiple choice, multiple answer and true/false are imported',
  Matching: 'matching questions are not supported; only multiple choice, multiple answer and true/false are imported',
  Numerical: 'numerical questions are not supported; only multiple choice, multiple answer and true/false are imported',
  Short: 'short-answer questions are not supported; only multiple choice, multiple answer and true/false are imported',
  Description: 'a description is text without a question; nothing to import',
};

export function parseGift(source: string, ctx: ParseContext): ParsedFile {
  const out: ParsedFile = { candidates: [], skipped: [] };
  let category: string | null = null;
  for (const block of giftBlocks(source)) {
    let questions: GIFTQuestion[];
    try {
      questions = parse(block.text);
    } catch (err) {
      const e = err as { message?: string; location?: { start?: { line?: number } } };
      const line = block.line + (e.location?.start?.line ?? 1) - 1;
      const firstLine = block.text.split('\n').find((l) => l.trim() && !l.trim().startsWith('//')) ?? '';
      const title = /^\s*::(.*?)::/.exec(firstLine)?.[1] ?? null;
      const where = line === block.line ? '' : ` in the question starting at line ${block.line}`;
      out.skipped.push({ line, ref: refOf(title, firstLine), reason: `GIFT syntax error${where}: ${e.message ?? 'cannot be read'}` });
      continue;
    }
    for (const q of questions) {
      if (q.type === 'Category') {
        category = q.title;
        continue;
      }
      const stem = plain(q.stem);
      const ref = refOf(q.title, stem);
      const place = { line: block.line };
      if (q.type !== 'MC' && q.type !== 'TF') {
        out.skipped.push({ ...place, ref, reason: SKIP_REASONS[q.type] ?? `${q.type} questions are not supported` });
        continue;
      }
      const notes: string[] = [];
      let options: { text: string; correct: boolean; rationale: string }[];
      if (q.type === 'TF') {
        // Moodle's GIFT: the first #feedback is shown for the wrong answer, the second for the right one.
        const wrong = plain(q.trueFeedback);
        const right = plain(q.falseFeedback);
        options = [
          { text: 'True', correct: q.isTrue, rationale: q.isTrue ? right : wrong },
          { text: 'False', correct: !q.isTrue, rationale: q.isTrue ? wrong : right },
        ];
      } else {
        options = q.choices.map((c) => ({ text: plain(c.text), correct: c.weight !== null ? c.weight > 0 : c.isCorrect, rationale: plain(c.feedback) }));
        if (q.choices.some((c) => c.weight !== null && c.weight !== 100 && c.weight !== 0)) {
          notes.push('percentage weights were turned into all-or-nothing scoring: the answers with a positive weight are the correct ones');
        }
        if (q.hasEmbeddedAnswers) notes.push('the answer gap in the text is shown as _____');
      }
      if (q.globalFeedback) notes.push(`general feedback was not imported (Milewide keeps a rationale per option): "${refOf(null, plain(q.globalFeedback))}"`);
      const kind = kindFromOptions(options);
      if ('reason' in kind) {
        out.skipped.push({ ...place, ref, reason: kind.reason });
        continue;
      }
      const competency = resolveCompetency([...(q.tags ?? []), category], ctx);
      if ('reason' in competency) {
        out.skipped.push({ ...place, ref, reason: competency.reason });
        continue;
      }
      out.candidates.push({ ...place, ref, sourceName: q.id ?? q.title, kind: kind.kind, competency: competency.competency, stem, options, notes: [...notes, ...rationaleNotes(options)] });
    }
  }
  return out;
}
