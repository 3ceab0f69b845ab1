import type { z } from 'zod';
import type { PackProblem } from './problems.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

const KIND: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
};

function describe(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return String(value);
}

type RawIssue = Parameters<Extract<z.core.$ZodErrorMap, (...args: never[]) => unknown>>[0];

/** Plain-language messages for the checks schemas do not phrase themselves. */
export const packErrorMap = (issue: RawIssue): string | undefined => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${KIND[issue.expected] ?? issue.expected}, not ${describe(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `has too many entries (at most ${issue.maximum})`;
      if (issue.origin === 'string') return `is too long (at most ${issue.maximum} characters)`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.join(', ')}`;
    default:
      return undefined;
  }
};

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `${out ? '.' : ''}${String(seg)}`;
  return out;
}

/** Runs `schema` over the parsed YAML and turns every issue into a problem at the line it is about. */
export function checkShape<T extends z.ZodType>(source: YamlSource, schema: T, value: unknown = source.value, basePath: YamlPath = []): { data?: z.infer<T>; problems: PackProblem[] } {
  const result = schema.safeParse(value, { error: packErrorMap });
  if (result.success) return { data: result.data, problems: [] };
  const problems: PackProblem[] = [];
  for (const issue of result.error.issues) {
    const path = [...basePath, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ file: source.file, line: source.lineAt([...path, key]), message: `${pathText([...path, key])}: unknown key (check its spelling)` });
      }
      continue;
    }
    const where = pathText(path);
    problems.push({ file: source.file, line: source.lineAt(path), message: where ? `${where}: ${issue.message}` : issue.message });
  }
  return { problems };
}
