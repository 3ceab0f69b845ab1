import type { z } from 'zod';
import { contentHash } from './content-hash.js';
import type { PackProblem } from './problems.js';
import { frameworkSchema, manifestSchema, pathSchema, tipsSchema, type Manifest } from './schemas.js';
import type { ParsedFramework, ParsedPath, ParsedTip } from './types.js';
import { parseYaml, type YamlSource } from './yaml-source.js';
import { checkShape } from './zod-problems.js';

export interface FileParse<T> {
  value?: T;
  source?: YamlSource;
  problems: PackProblem[];
}

function parseShaped<S extends z.ZodType>(file: string, text: string, schema: S, emptyMessage: string): FileParse<z.infer<S>> {
  const source = parseYaml(file, text);
  if (source.problems.length) return { source, problems: source.problems };
  if (source.value === null || source.value === undefined) return { source, problems: [{ file, line: 1, message: emptyMessage }] };
  const shape = checkShape(source, schema);
  return { source, problems: shape.problems, value: shape.problems.length ? undefined : shape.data };
}

export function parseManifestFile(file: string, text: string): FileParse<Manifest> {
  return parseShaped(file, text, manifestSchema, 'pack.yaml is empty: give id, name and version');
}

export function parseFrameworkFile(file: string, text: string): FileParse<ParsedFramework> {
  const parsed = parseShaped(file, text, frameworkSchema, 'framework.yaml is empty: give levels, stages and competencies, or remove the file');
  if (!parsed.value) return { source: parsed.source, problems: parsed.problems };
  const f = parsed.value;
  return {
    source: parsed.source,
    problems: [],
    value: {
      proficiencyScale: f.proficiencyScale ?? null,
      levels: f.levels.map((l) => ({ key: l.id, label: l.label, description: l.description })),
      stages: f.stages.map((s) => ({ key: s.id, title: s.title, description: s.description, levels: s.levels })),
      competencies: f.competencies.map((c) => ({ key: c.id, name: c.name, description: c.description, stage: c.stage, targets: c.targets })),
      jobRoles: f.jobRoles.map((r) => ({ key: r.id, title: r.title, level: r.level, summary: r.summary, requirements: r.requirements })),
    },
  };
}

export function parsePathFile(file: string, text: string): FileParse<ParsedPath> {
  const parsed = parseShaped(file, text, pathSchema, 'the path file is empty');
  if (!parsed.value) return { source: parsed.source, problems: parsed.problems };
  const p = parsed.value;
  const fields = {
    key: p.id,
    title: p.title,
    summary: p.summary,
    fromLevel: p.fromLevel,
    toLevel: p.toLevel,
    sections: p.sections.map((s) => ({ title: s.title, description: s.description, lessonKeys: s.lessons })),
  };
  return { source: parsed.source, problems: [], value: { file, ...fields, contentHash: contentHash(fields) } };
}

export function parseTipsFile(file: string, text: string): FileParse<ParsedTip[]> {
  const parsed = parseShaped(file, text, tipsSchema, 'the tips file is empty');
  if (!parsed.value) return { source: parsed.source, problems: parsed.problems };
  const tips = parsed.value.map((t, position) => {
    const fields = { key: t.id, stage: t.stage, title: t.title, bodyMarkdown: t.body };
    return { file, position, ...fields, contentHash: contentHash(fields) };
  });
  return { source: parsed.source, problems: [], value: tips };
}
