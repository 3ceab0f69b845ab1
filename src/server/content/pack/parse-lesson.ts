import { countWords, markdownToText } from '../markdown.js';
import { contentHash } from './content-hash.js';
import type { PackProblem } from './problems.js';
import { lessonFrontMatterSchema } from './schemas.js';
import type { ParsedLesson } from './types.js';
import { parseYaml, type YamlSource } from './yaml-source.js';
import { checkShape } from './zod-problems.js';

/** The body sections every lesson has, in this order (other headings may sit between them). */
export const REQUIRED_SECTIONS = ['The idea', 'Worked example', 'Reflection'] as const;

export interface LessonParse {
  lesson?: ParsedLesson;
  source?: YamlSource;
  problems: PackProblem[];
}

/** Splits `---` front matter from the body; lines are 1-based file lines. */
function splitFrontMatter(text: string): { yaml: string; yamlFirstLine: number; body: string; bodyFirstLine: number } | null {
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() !== '---') return null;
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
  if (close < 0) return null;
  return { yaml: lines.slice(1, close).join('\n'), yamlFirstLine: 2, body: lines.slice(close + 1).join('\n'), bodyFirstLine: close + 2 };
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

export function parseLessonFile(file: string, text: string): LessonParse {
  const split = splitFrontMatter(text);
  if (!split) {
    const message = text.split('\n')[0]?.trimEnd() === '---'
      ? 'the front matter is not closed: add a line with only --- after its last field'
      : 'a lesson starts with front matter: a line with only ---, the YAML fields, then another line with only ---';
    return { problems: [{ file, line: 1, message }] };
  }
  const source = parseYaml(file, split.yaml, split.yamlFirstLine);
  if (source.problems.length) return { source, problems: source.problems };
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    return { source, problems: [{ file, line: split.yamlFirstLine, message: 'the front matter must be YAML fields (key: value lines)' }] };
  }
  const shape = checkShape(source, lessonFrontMatterSchema);
  const body = split.body.replace(/^\s*\n/, '').trimEnd();
  const problems = [...shape.problems];
  if (!body.trim()) problems.push({ file, line: split.bodyFirstLine - 1, message: 'the lesson has no body after its front matter' });
  else problems.push(...checkSections(file, split.body, split.bodyFirstLine));
  if (!shape.data || problems.length) return { source, problems };

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
  return { source, problems, lesson: { file, ...fields, bodyText, wordCount: countWords(bodyText), contentHash: contentHash(fields) } };
}
