import { countWords, markdownToText } from '../markdown.js';
import { contentHash } from './content-hash.js';
import type { PackProblem } from './problems.js';
import { lessonFrontMatterSchema, SLUG_PATTERN } from './schemas.js';
import type { ParsedLesson } from './types.js';
import { parseYaml, type YamlSource } from './yaml-source.js';
import { checkShape } from './zod-problems.js';

/** The body sections every lesson has, in this order (other headings may sit between them). */
export const REQUIRED_SECTIONS = ['The idea', 'Worked example', 'Reflection'] as const;

export interface LessonParse {
  lesson?: ParsedLesson;
  /** The lesson's id when it could be read, even if other fields have problems (so references to it still resolve). */
  key?: string;
  source?: YamlSource;
  problems: PackProblem[];
}

/** Splits `---` front matter from the body; lines are 1-based file lines. */
function splitFrontMatter(text: string): { yaml: string; yamlFirstLine: number; body: string; bodyFirstLine: number } | null {
  const firstEnd = text.indexOf('\n');
  if ((firstEnd < 0 ? text : text.slice(0, firstEnd)).trimEnd() !== '---') return null;
  // The closing line: the first line after the opening one that is only "---".
  const close = /^---[ \t]*$/m;
  close.lastIndex = 0;
  const rest = text.slice(firstEnd + 1);
  const m = close.exec(rest);
  if (!m) return null;
  const yaml = rest.slice(0, Math.max(0, m.index - 1));
  const afterClose = rest.indexOf('\n', m.index);
  const yamlLines = m.index === 0 ? 0 : yaml.split('\n').length;
  return { yaml, yamlFirstLine: 2, body: afterClose < 0 ? '' : rest.slice(afterClose + 1), bodyFirstLine: 2 + yamlLines + 1 };
}

/** Question checks that look across options and questions, made on the raw YAML values. */
function checkQuestions(source: YamlSource, raw: unknown): PackProblem[] {
  if (!Array.isArray(raw)) return [];
  const problems: PackProblem[] = [];
  const seen = new Set<string>();
  raw.forEach((q: unknown, i) => {
    if (!q || typeof q !== 'object') return;
    const { id, kind, options } = q as { id?: unknown; kind?: unknown; options?: unknown };
    if (typeof id === 'string') {
      if (seen.has(id)) problems.push({ file: source.file, line: source.lineAt(['knowledgeCheck', i, 'id']), message: `knowledgeCheck[${i}].id: question id "${id}" is used twice in this lesson` });
      seen.add(id);
    }
    if (!Array.isArray(options) || options.length < 2) return;
    const correct = options.filter((o) => o && typeof o === 'object' && (o as { correct?: unknown }).correct === true).length;
    const at = { file: source.file, line: source.lineAt(['knowledgeCheck', i, 'options']) };
    if (kind === 'single' && correct !== 1) problems.push({ ...at, message: `knowledgeCheck[${i}].options: a single question needs exactly one correct option (this one has ${correct})` });
    if (kind === 'multiple' && correct < 1) problems.push({ ...at, message: `knowledgeCheck[${i}].options: a multiple question needs at least one correct option` });
  });
  return problems;
}

function checkSections(file: string, body: string, firstLine: number): PackProblem[] {
  const headings: { title: string; line: number }[] = [];
  let fenced = false;
  body.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) headings.push({ title: m[1], line: firstLine + i });
  });
  const problems: PackProblem[] = [];
  let previous: { title: string; line: number } | undefined;
  for (const title of REQUIRED_SECTIONS) {
    const found = headings.find((h) => h.title.toLowerCase() === title.toLowerCase());
    if (!found) {
      problems.push({ file, line: firstLine, message: `the body has no "## ${title}" section (every lesson has ${REQUIRED_SECTIONS.map((s) => `"## ${s}"`).join(', ')}, in that order)` });
      continue;
    }
    if (previous && found.line < previous.line) {
      problems.push({ file, line: found.line, message: `"## ${title}" must come after "## ${previous.title}" (line ${previous.line})` });
    }
    previous = found;
  }
  return problems;
}

/** The id line read straight from the text, for a lesson whose YAML cannot be parsed. */
function idFromText(text: string): string | undefined {
  const m = /^id:\s*["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?\s*$/m.exec(text.split(/\n---\s*\n/)[0] ?? '');
  return m?.[1];
}

export function parseLessonFile(file: string, text: string): LessonParse {
  const split = splitFrontMatter(text);
  if (!split) {
    const message = text.split('\n')[0]?.trimEnd() === '---'
      ? 'the front matter is not closed: add a line with only --- after its last field'
      : 'a lesson starts with front matter: a line with only ---, the YAML fields, then another line with only ---';
    return { key: idFromText(text), problems: [{ file, line: 1, message }] };
  }
  const source = parseYaml(file, split.yaml, split.yamlFirstLine);
  if (source.problems.length) return { source, key: idFromText(split.yaml), problems: source.problems };
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    return { source, problems: [{ file, line: split.yamlFirstLine, message: 'the front matter must be YAML fields (key: value lines)' }] };
  }
  const shape = checkShape(source, lessonFrontMatterSchema);
  const rawId = (source.value as { id?: unknown }).id;
  const key = typeof rawId === 'string' && SLUG_PATTERN.test(rawId) ? rawId : undefined;
  const body = split.body.replace(/^\s*\n/, '').trimEnd();
  const problems = [...shape.problems, ...checkQuestions(source, (source.value as { knowledgeCheck?: unknown }).knowledgeCheck)];
  if (!body.trim()) problems.push({ file, line: split.bodyFirstLine - 1, message: 'the lesson has no body after its front matter' });
  else problems.push(...checkSections(file, split.body, split.bodyFirstLine));
  if (!shape.data || problems.length) return { source, key, problems };

  const fm = shape.data;
  const bodyText = markdownToText(body);
  const fields = {
    key: fm.id,
    title: fm.title,
    summary: fm.summary,
    minutes: fm.minutes,
    stage: fm.stage,
    levels: fm.levels,
    competencies: fm.competencies,
    objectives: fm.objectives,
    knowledgeCheck: fm.knowledgeCheck,
    applyIt: fm.applyIt,
    bodyMarkdown: `${body}\n`,
  };
  return { source, key, problems, lesson: { file, ...fields, bodyText, wordCount: countWords(bodyText), contentHash: contentHash(fields) } };
}
