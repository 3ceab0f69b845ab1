import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { unknownCompetencyMessage } from './competencies.js';
import { KEY_PATTERN, statedChoiceCount } from './item-content.js';
import type { ItemKind } from './schema.js';

/**
 * Reads and checks `items/<bank>/*.yaml` of a content pack (docs/content-packs.md, "Item banks").
 * Pure apart from reading files: every problem comes back with its file and line, and the caller
 * imports nothing when there is any.
 */

export interface PackProblem {
  file: string;
  line: number;
  message: string;
}

export interface PackItem {
  key: string;
  kind: ItemKind;
  competency: string;
  stem: string;
  options: { text: string; correct: boolean; rationale: string }[];
  file: string;
  line: number;
}

export interface PackScenario {
  key: string;
  title: string;
  caseText: string;
  items: PackItem[];
  file: string;
  line: number;
}

export interface PackBank {
  bankKey: string;
  items: PackItem[];
  scenarios: PackScenario[];
}

export interface PackItemsRead {
  banks: PackBank[];
  problems: PackProblem[];
  files: number;
}

const MAX_FILE_BYTES = 1024 * 1024;
const ITEM_FIELDS = new Set(['id', 'kind', 'competency', 'stem', 'options']);
const OPTION_FIELDS = new Set(['text', 'correct', 'rationale']);
const SCENARIO_FIELDS = new Set(['id', 'title', 'case', 'items']);
const FILE_FIELDS = new Set(['bank', 'items', 'scenarios']);

type Path = (string | number)[];

class FileChecker {
  readonly problems: PackProblem[] = [];
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: Path): number {
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? this.doc.contents : this.doc.getIn(p, true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
      if (p.length === 0) return 1;
    }
  }

  /** Line of the key itself (for "unknown field" problems), falling back to the value. */
  keyLine(path: Path): number {
    const parent = path.length === 1 ? this.doc.contents : this.doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path.at(-1));
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return this.lines.linePos(range[0]).line;
    }
    return this.lineOf(path);
  }

  problem(path: Path, message: string) {
    this.problems.push({ file: this.file, line: this.lineOf(path), message });
  }

  unknownFields(value: Record<string, unknown>, allowed: Set<string>, path: Path, what: string) {
    for (const key of Object.keys(value)) {
      if (!allowed.has(key)) {
        this.problems.push({ file: this.file, line: this.keyLine([...path, key]), message: `${what} has an unknown field "${key}"; allowed: ${[...allowed].join(', ')}` });
      }
    }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

function readItem(c: FileChecker, raw: unknown, path: Path, known: ReadonlySet<string>): PackItem | null {
  const line = c.lineOf(path);
  if (!isRecord(raw)) {
    c.problem(path, 'an item must be a mapping with id, kind, competency, stem and options');
    return null;
  }
  c.unknownFields(raw, ITEM_FIELDS, path, 'The item');
  const before = c.problems.length;
  const key = text(raw.id);
  if (!key) c.problem(path, 'the item has no id');
  else if (!KEY_PATTERN.test(key)) c.problem([...path, 'id'], `id "${key}": use lowercase letters, digits and hyphens`);
  const where = key ? `item ${key}: ` : '';
  const kind = raw.kind;
  if (kind !== 'single' && kind !== 'multiple') c.problem([...path, 'kind'], `${where}kind must be "single" or "multiple", not ${JSON.stringify(kind ?? null)}`);
  const competency = text(raw.competency);
  if (!competency) c.problem(path, `${where}competency is missing`);
  else if (!known.has(competency)) c.problem([...path, 'competency'], `${where}${unknownCompetencyMessage(competency, known)}`);
  const stem = text(raw.stem);
  if (!stem) c.problem([...path, 'stem'], `${where}stem is missing or empty`);
  const options: PackItem['options'] = [];
  if (!Array.isArray(raw.options)) c.problem([...path, 'options'], `${where}options must be a list of 3 to 5 options`);
  else {
    if (raw.options.length < 3 || raw.options.length > 5) c.problem([...path, 'options'], `${where}has ${raw.options.length} options; give 3 to 5`);
    raw.options.forEach((o, i) => {
      const op = [...path, 'options', i];
      if (!isRecord(o)) {
        c.problem(op, `${where}option ${i + 1} must be a mapping with text, correct and rationale`);
        return;
      }
      c.unknownFields(o, OPTION_FIELDS, op, `${where}option ${i + 1}`);
      const t = text(o.text);
      const r = text(o.rationale);
      if (!t) c.problem([...op, 'text'], `${where}option ${i + 1} has no text`);
      if (typeof o.correct !== 'boolean') c.problem([...op, 'correct'], `${where}option ${i + 1}: correct must be true or false`);
      if (!r) c.problem([...op, 'rationale'], `${where}option ${i + 1} has no rationale; every option needs one`);
      if (options.some((x) => x.text.toLowerCase() === t.toLowerCase()) && t) c.problem([...op, 'text'], `${where}option ${i + 1} repeats an earlier option`);
      options.push({ text: t, correct: o.correct === true, rationale: r });
    });
    const correct = options.filter((o) => o.correct).length;
    if (kind === 'single' && correct !== 1) c.problem([...path, 'options'], `${where}a single item needs exactly one correct option; it has ${correct}`);
    if (kind === 'multiple') {
      if (correct < 2 || correct === options.length) c.problem([...path, 'options'], `${where}a multiple item needs at least two correct options and one wrong one; it has ${correct} of ${options.length} correct`);
      const stated = statedChoiceCount(stem);
      if (stated === null) c.problem([...path, 'stem'], `${where}a multiple item must say in its stem how many to choose ("Choose ${correct === 2 ? 'two' : correct}.")`);
      else if (stated !== correct) c.problem([...path, 'stem'], `${where}the stem says to choose ${stated} but ${correct} options are correct`);
    }
  }
  if (c.problems.length > before) return null;
  return { key, kind: kind as ItemKind, competency, stem, options, file: c.file, line };
}

/** Checks one bank file's text. `bankKey` is the folder name the file sits in. */
export function readBankFile(file: string, source: string, bankKey: string, known: ReadonlySet<string>): { bank: PackBank; problems: PackProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const bank: PackBank = { bankKey, items: [], scenarios: [] };
  const c = new FileChecker(file, doc, lines);
  if (doc.errors.length) {
    for (const e of doc.errors) c.problems.push({ file, line: lines.linePos(e.pos[0]).line, message: `YAML: ${e.message.split('\n')[0]}` });
    return { bank, problems: c.problems };
  }
  const root = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!isRecord(root)) {
    c.problem([], 'the file must be a mapping with "bank" and "items" and/or "scenarios"');
    return { bank, problems: c.problems };
  }
  c.unknownFields(root, FILE_FIELDS, [], 'The file');
  if (text(root.bank) !== bankKey) c.problem(['bank'], `bank is ${JSON.stringify(root.bank ?? null)} but the file is in folder items/${bankKey}/; they must match`);
  if (root.items !== undefined && !Array.isArray(root.items)) c.problem(['items'], 'items must be a list');
  if (root.scenarios !== undefined && !Array.isArray(root.scenarios)) c.problem(['scenarios'], 'scenarios must be a list');
  if (root.items === undefined && root.scenarios === undefined) c.problem([], 'the file has neither items nor scenarios');
  if (Array.isArray(root.items)) {
    root.items.forEach((raw, i) => {
      const item = readItem(c, raw, ['items', i], known);
      if (item) bank.items.push(item);
    });
  }
  if (Array.isArray(root.scenarios)) {
    root.scenarios.forEach((raw, i) => {
      const path = ['scenarios', i];
      if (!isRecord(raw)) {
        c.problem(path, 'a scenario must be a mapping with id, title, case and items');
        return;
      }
      c.unknownFields(raw, SCENARIO_FIELDS, path, 'The scenario');
      const key = text(raw.id);
      if (!key || !KEY_PATTERN.test(key)) c.problem([...path, 'id'], `scenario id ${JSON.stringify(raw.id ?? null)}: use lowercase letters, digits and hyphens`);
      const title = text(raw.title);
      if (!title) c.problem([...path, 'title'], `scenario ${key}: title is missing`);
      const caseText = text(raw.case);
      if (!caseText) c.problem([...path, 'case'], `scenario ${key}: case text is missing`);
      const scenario: PackScenario = { key, title, caseText, items: [], file, line: c.lineOf(path) };
      if (!Array.isArray(raw.items) || raw.items.length < 2) c.problem([...path, 'items'], `scenario ${key}: give a list of at least two items sharing the case`);
      else {
        raw.items.forEach((r, j) => {
          const item = readItem(c, r, [...path, 'items', j], known);
          if (item) scenario.items.push(item);
        });
      }
      bank.scenarios.push(scenario);
    });
  }
  return { bank, problems: c.problems };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/**
 * Reads every bank of `<packDir>/items/`. Banks are the sub-folders; each may hold several YAML
 * files. Ids must be unique in the whole pack. A pack without an items folder has no banks.
 */
export function readPackItems(packDir: string, known: ReadonlySet<string>): PackItemsRead {
  const itemsDir = join(packDir, 'items');
  const out: PackItemsRead = { banks: [], problems: [], files: 0 };
  if (!existsSync(itemsDir)) return out;
  const seen = new Map<string, string>();
  for (const entry of readdirSync(itemsDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const bankKey = entry.name;
    const bank: PackBank = { bankKey, items: [], scenarios: [] };
    if (!KEY_PATTERN.test(bankKey)) {
      out.problems.push({ file: relative(packDir, join(itemsDir, bankKey)), line: 0, message: `bank folder "${bankKey}": use lowercase letters, digits and hyphens` });
      continue;
    }
    for (const path of yamlFiles(join(itemsDir, bankKey))) {
      const file = relative(packDir, path);
      out.files += 1;
      if (statSync(path).size > MAX_FILE_BYTES) {
        out.problems.push({ file, line: 0, message: 'the file is larger than 1 MiB; split it' });
        continue;
      }
      const read = readBankFile(file, readFileSync(path, 'utf8'), bankKey, known);
      out.problems.push(...read.problems);
      for (const item of [...read.bank.items, ...read.bank.scenarios.flatMap((s) => s.items)]) {
        const other = seen.get(item.key);
        if (other) out.problems.push({ file, line: item.line, message: `item id ${item.key} is already used at ${other}` });
        else seen.set(item.key, `${file}:${item.line}`);
      }
      for (const s of read.bank.scenarios) {
        const other = seen.get(`scenario:${s.key}`);
        if (other) out.problems.push({ file, line: s.line, message: `scenario id ${s.key} is already used at ${other}` });
        else seen.set(`scenario:${s.key}`, `${file}:${s.line}`);
      }
      bank.items.push(...read.bank.items);
      bank.scenarios.push(...read.bank.scenarios);
    }
    out.banks.push(bank);
  }
  return out;
}
