import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { PackProblem } from './problems.js';

export type YamlPath = readonly (string | number)[];

/**
 * A YAML text parsed with its line positions kept, so that every later check can name the line a
 * value came from. `firstLine` is the line of the file the YAML starts on (2 for front matter).
 */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Parse errors (bad syntax, duplicate keys, ...) with their lines. */
  problems: PackProblem[];
  /** The line of the value at `path`: a map entry's key line, a list item's own line; the nearest existing parent when missing. */
  lineAt(path: YamlPath): number;
}

function shortMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

export function parseYaml(file: string, text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const toFileLine = (offset: number) => {
    const { line } = lineCounter.linePos(offset);
    return firstLine - 1 + Math.max(1, line);
  };
  const problems: PackProblem[] = doc.errors.map((err) => ({
    file,
    line: err.linePos ? firstLine - 1 + err.linePos[0].line : toFileLine(err.pos[0]),
    message: `YAML: ${shortMessage(err.message)}`,
  }));
  const lineAt = (path: YamlPath): number => {
    let node: unknown = doc.contents;
    let line = node && (node as Node).range ? toFileLine((node as Node).range![0]) : firstLine;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
        if (!pair) return line;
        const key = pair.key as Node | null;
        if (key?.range) line = toFileLine(key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) return line;
        if (item.range) line = toFileLine(item.range[0]);
        node = item;
      } else {
        return line;
      }
    }
    return line;
  };
  return { file, value: problems.length ? undefined : doc.toJS({ maxAliasCount: 50 }), problems, lineAt };
}
