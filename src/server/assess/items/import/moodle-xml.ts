import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { kindFromOptions, rationaleNotes, resolveCompetency, type ParseContext, type ParsedFile } from './candidate.js';
import { htmlToText, lineLocator, refOf, tidy } from './text.js';

/**
 * Moodle XML (`<quiz><question type="...">`). Imports multichoice (single and multiple answer)
 * and truefalse with per-answer feedback as rationales; `<category>` and `<tags>` map to a
 * competency when they name one. Every other question type is skipped with the reason.
 */

export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

type Node = Record<string, unknown>;
const META = XMLParser.getMetaDataSymbol() as unknown as string;

/** Entity declarations can expand without bound; no quiz format needs them. */
export function refuseDoctype(source: string): void {
  // Only the prolog can declare them; a question about HTML may mention <!DOCTYPE in its text.
  const firstElement = source.search(/<[A-Za-z]/);
  const prolog = firstElement < 0 ? source : source.slice(0, firstElement);
  if (/<!DOCTYPE|<!ENTITY/i.test(prolog)) throw new ImportFileError('The XML declares a DOCTYPE or entities, which quiz files never need; remove the <!DOCTYPE ...> part');
}

export function checkWellFormed(source: string): void {
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw new ImportFileError(`The XML is not well formed at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`, valid.err.line);
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function textOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  const node = v as Node;
  if ('text' in node) return textOf(node.text);
  if ('#text' in node) return textOf(node['#text']);
  return '';
}

/** Moodle text fields carry a format attribute; HTML (the default in exports) becomes plain text. */
function formatted(v: unknown): string {
  const raw = textOf(v);
  const format = ((v as Node | undefined)?.['@_format'] as string | undefined) ?? 'html';
  return format === 'plain_text' || format === 'markdown' ? tidy(raw) : htmlToText(raw);
}

const UNSUPPORTED: Record<string, string> = {
  essay: 'essay questions need a human to mark them',
  shortanswer: 'short-answer questions are not supported',
  numerical: 'numerical questions are not supported',
  matching: 'matching questions are not supported',
  cloze: 'embedded-answer (cloze) questions are not supported',
  multianswer: 'embedded-answer (cloze) questions are not supported',
  description: 'a description is text without a question; nothing to import',
  calculated: 'calculated questions are not supported',
  calculatedsimple: 'calculated questions are not supported',
  calculatedmulti: 'calculated questions are not supported',
  ddwtos: 'drag-and-drop questions are not supported',
  ddimageortext: 'drag-and-drop questions are not supported',
  ddmarker: 'drag-and-drop questions are not supported',
  gapselect: 'select-missing-words questions are not supported',
  randomsamatch: 'random short-answer matching questions are not supported',
  random: 'a "random question" slot is not a question',
};

export function parseMoodleXml(source: string, ctx: ParseContext): ParsedFile {
  refuseDoctype(source);
  checkWellFormed(source);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    captureMetaData: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => ['question', 'answer', 'tag'].includes(name),
  });
  const doc = parser.parse(source) as Node;
  const quiz = doc.quiz as Node | undefined;
  if (!quiz || typeof quiz !== 'object') throw new ImportFileError('This is not a Moodle XML question file: the root element must be <quiz>');
  const lineOf = lineLocator(source);
  const out: ParsedFile = { candidates: [], skipped: [] };
  let category: string | null = null;

  for (const q of asArray(quiz.question as Node[] | undefined)) {
    const meta = (q as Record<string, unknown>)[META] as { startIndex?: number } | undefined;
    const line = meta?.startIndex !== undefined ? lineOf(meta.startIndex) : undefined;
    const type = String(q['@_type'] ?? '');
    if (type === 'category') {
      category = textOf(q.category) || null;
      continue;
    }
    const name = textOf(q.name) || null;
    const stem = formatted(q.questiontext);
    const ref = refOf(name, stem);
    if (type !== 'multichoice' && type !== 'truefalse') {
      out.skipped.push({ line, ref, reason: `${UNSUPPORTED[type] ?? `"${type}" questions are not supported`}; only multichoice and truefalse are imported` });
      continue;
    }
    const notes: string[] = [];
    if (/<img\b/i.test(textOf(q.questiontext))) notes.push('the question text had an image, which was left out');
    const answers = asArray(q.answer as Node[] | undefined).map((a) => ({
      text: formatted(a),
      fraction: Number(a['@_fraction'] ?? 0),
      rationale: formatted(a.feedback),
    }));
    let options: { text: string; correct: boolean; rationale: string }[];
    if (type === 'truefalse') {
      options = answers.map((a) => ({ text: /^true$/i.test(a.text) ? 'True' : /^false$/i.test(a.text) ? 'False' : a.text, correct: a.fraction > 0, rationale: a.rationale }));
    } else {
      const single = textOf(q.single).trim().toLowerCase() !== 'false';
      const best = Math.max(...answers.map((a) => a.fraction));
      options = answers.map((a) => ({ text: a.text, correct: single ? a.fraction === best && best > 0 : a.fraction > 0, rationale: a.rationale }));
      if (single && answers.some((a) => a.fraction > 0 && a.fraction < best)) notes.push('partial credit for other answers was dropped; only the best answer counts as correct');
      if (!single && answers.some((a) => a.fraction !== 0 && Math.abs(a.fraction) !== 100)) {
        notes.push('fraction weights were turned into all-or-nothing scoring: the answers with a positive fraction are the correct ones');
      }
    }
    if (textOf(q.generalfeedback).trim()) notes.push('general feedback was not imported (Milewide keeps a rationale per option)');
    if (options.some((o) => !o.text)) {
      out.skipped.push({ line, ref, reason: 'an answer has no text' });
      continue;
    }
    const kind = kindFromOptions(options);
    if ('reason' in kind) {
      out.skipped.push({ line, ref, reason: kind.reason });
      continue;
    }
    const tags = asArray((q.tags as Node | undefined)?.tag as Node[] | undefined).map(textOf);
    const competency = resolveCompetency([...tags, category], ctx);
    if ('reason' in competency) {
      out.skipped.push({ line, ref, reason: competency.reason });
      continue;
    }
    const idnumber = textOf(q.idnumber) || null;
    out.candidates.push({ line, ref, sourceName: idnumber ?? name, kind: kind.kind, competency: competency.competency, stem, options, notes: [...notes, ...rationaleNotes(options)] });
  }
  return out;
}
