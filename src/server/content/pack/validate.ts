import { parseLessonFile } from './parse-lesson.js';
import { parseFrameworkFile, parseManifestFile, parsePathFile, parseTipsFile } from './parse-files.js';
import { sortProblems, type PackProblem } from './problems.js';
import type { PackFiles } from './read-files.js';
import { compareVersions } from './semver.js';
import type { ParsedFramework, ParsedLesson, ParsedPack, ParsedPath, ParsedTip } from './types.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** What an organisation already has, so a pack can refer to it and must not collide with it. */
export interface InstalledContext {
  framework: { levels: Set<string>; stages: Set<string>; competencies: Set<string>; scale: Set<number> } | null;
  /** key -> owning pack and whether it is retired (a retired item's id stays taken by its pack). */
  lessons: Map<string, InstalledItem>;
  paths: Map<string, InstalledItem>;
  tips: Map<string, InstalledItem>;
  /** pack key -> installed version */
  packs: Map<string, string>;
}

export interface InstalledItem {
  pack: string;
  retired: boolean;
}

export interface ValidationResult {
  /** Present only when there are no problems. */
  pack?: ParsedPack;
  problems: PackProblem[];
  /** Things worth knowing that are not problems (for example, checks that could not be made). */
  notes: string[];
}

interface Sourced<T> {
  value: T;
  source: YamlSource;
}

const list = (items: Iterable<string>) => [...items].map((s) => `"${s}"`).join(', ');
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The string items of a list with their indexes (other items have their own shape problem). */
const texts = (v: unknown): [string, number][] => (Array.isArray(v) ? v.flatMap((item, i): [string, number][] => (typeof item === 'string' ? [[item, i]] : [])) : []);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function validatePack(input: PackFiles, installed?: InstalledContext): ValidationResult {
  const problems: PackProblem[] = [...input.problems];
  const notes: string[] = [];
  // A source that could not be read at all (not a zip, too large) says so and nothing more.
  if (input.files.size === 0 && problems.length) return { problems: sortProblems(problems), notes };
  const problem = (source: YamlSource, path: YamlPath, message: string) => problems.push({ file: source.file, line: source.lineAt(path), message });

  // Parse every file; each parser reports its own problems.
  const manifestText = input.files.get('pack.yaml');
  let manifest: Sourced<ParsedPack['manifest']> | undefined;
  if (manifestText === undefined) {
    if (!problems.some((p) => p.file === 'pack.yaml')) problems.push({ file: 'pack.yaml', line: null, message: 'is missing: every pack has a pack.yaml manifest (id, name, version) at its top level' });
  } else {
    const parsed = parseManifestFile('pack.yaml', manifestText);
    problems.push(...parsed.problems);
    if (parsed.value && parsed.source) manifest = { value: parsed.value, source: parsed.source };
  }

  let framework: Sourced<ParsedFramework> | undefined;
  const frameworkText = input.files.get('framework.yaml');
  if (frameworkText !== undefined) {
    const parsed = parseFrameworkFile('framework.yaml', frameworkText);
    problems.push(...parsed.problems);
    if (parsed.value && parsed.source) framework = { value: parsed.value, source: parsed.source };
  }

  const lessons: Sourced<ParsedLesson>[] = [];
  // Ids readable from files that have other problems still count, so one bad lesson does not make every path using it fail too.
  const lessonIds: { key: string; source: YamlSource }[] = [];
  const lessonSources: YamlSource[] = [];
  const pathSources: YamlSource[] = [];
  const tipSources: YamlSource[] = [];
  const pathIds: { key: string; source: YamlSource }[] = [];
  const paths: Sourced<ParsedPath>[] = [];
  const tipFiles: Sourced<ParsedTip[]>[] = [];
  for (const [file, text] of [...input.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (file.startsWith('lessons/')) {
      const parsed = parseLessonFile(file, text);
      problems.push(...parsed.problems);
      if (parsed.source?.value) lessonSources.push(parsed.source);
      if (parsed.key) lessonIds.push({ key: parsed.key, source: parsed.source ?? { file, value: undefined, problems: [], lineAt: () => 1 } });
      if (parsed.lesson && parsed.source) lessons.push({ value: parsed.lesson, source: parsed.source });
    } else if (file.startsWith('paths/')) {
      const parsed = parsePathFile(file, text);
      problems.push(...parsed.problems);
      if (parsed.source?.value) pathSources.push(parsed.source);
      const rawId = (parsed.source?.value as { id?: unknown } | undefined)?.id;
      if (typeof rawId === 'string' && parsed.source) pathIds.push({ key: rawId, source: parsed.source });
      if (parsed.value && parsed.source) paths.push({ value: parsed.value, source: parsed.source });
    } else if (file.startsWith('tips/')) {
      const parsed = parseTipsFile(file, text);
      problems.push(...parsed.problems);
      if (parsed.source?.value) tipSources.push(parsed.source);
      if (parsed.value && parsed.source) tipFiles.push({ value: parsed.value, source: parsed.source });
    }
  }
  const tips = tipFiles.flatMap((f) => f.value.map((tip) => ({ value: tip, source: f.source })));

  // Ids are unique within the pack; the second use is the problem, pointing back at the first.
  const unique = <T>(items: T[], keyOf: (item: T) => string, where: (item: T) => { source: YamlSource; path: YamlPath }, what: string) => {
    const first = new Map<string, T>();
    for (const item of items) {
      const key = keyOf(item);
      const seen = first.get(key);
      if (seen) {
        const a = where(seen);
        const b = where(item);
        problem(b.source, b.path, `${what} "${key}" is used twice (first at ${a.source.file}:${a.source.lineAt(a.path)})`);
      } else first.set(key, item);
    }
  };
  unique(lessonIds, (l) => l.key, (l) => ({ source: l.source, path: ['id'] }), 'lesson id');
  unique(pathIds, (p) => p.key, (p) => ({ source: p.source, path: ['id'] }), 'path id');
  unique(tips, (t) => t.value.key, (t) => ({ source: t.source, path: [t.value.position, 'id'] }), 'tip id');

  // What references may point at: this pack's framework merged over the installed one.
  const fw = framework?.value;
  const fwSource = framework?.source;
  if (fw && fwSource) {
    unique(fw.levels.map((l, i) => ({ key: l.key, i })), (x) => x.key, (x) => ({ source: fwSource, path: ['levels', x.i, 'id'] }), 'level id');
    unique(fw.stages.map((s, i) => ({ key: s.key, i })), (x) => x.key, (x) => ({ source: fwSource, path: ['stages', x.i, 'id'] }), 'stage id');
    unique(fw.competencies.map((c, i) => ({ key: c.key, i })), (x) => x.key, (x) => ({ source: fwSource, path: ['competencies', x.i, 'id'] }), 'competency id');
    unique(fw.jobRoles.map((r, i) => ({ key: r.key, i })), (x) => x.key, (x) => ({ source: fwSource, path: ['jobRoles', x.i, 'id'] }), 'job role id');
    if (fw.proficiencyScale) {
      fw.proficiencyScale.forEach((s, i) => {
        if (s.level !== i + 1) problem(fwSource, ['proficiencyScale', i, 'level'], `proficiency levels run 1, 2, 3... from the lowest, without gaps; expected ${i + 1} here, not ${s.level}`);
      });
    }
  }
  const known = {
    levels: new Set([...(installed?.framework?.levels ?? []), ...(fw?.levels.map((l) => l.key) ?? [])]),
    stages: new Set([...(installed?.framework?.stages ?? []), ...(fw?.stages.map((s) => s.key) ?? [])]),
    competencies: new Set([...(installed?.framework?.competencies ?? []), ...(fw?.competencies.map((c) => c.key) ?? [])]),
    scale: fw?.proficiencyScale ? new Set(fw.proficiencyScale.map((s) => s.level)) : (installed?.framework?.scale ?? new Set<number>()),
  };
  const packKey = manifest?.value.id;
  const otherPacks = (owners: Map<string, InstalledItem> | undefined) => new Map([...(owners ?? [])].filter(([, owner]) => owner.pack !== packKey));
  const otherLessons = otherPacks(installed?.lessons);
  const otherPaths = otherPacks(installed?.paths);
  const otherTips = otherPacks(installed?.tips);
  const live = (items: Map<string, InstalledItem>) => [...items].filter(([, item]) => !item.retired).map(([key]) => key);
  // A path may use lessons of other installed packs, but not this pack's own lessons that the new version drops.
  const lessonKeys = new Set([...lessonIds.map((l) => l.key), ...live(otherLessons)]);
  const pathKeys = new Set([...pathIds.map((p) => p.key), ...live(otherPaths)]);

  // A framework.yaml that failed to parse has its problems reported already; references wait for a fixed one.
  const hasFramework = (!!fw || !!installed?.framework) && !(frameworkText !== undefined && !fw);
  if (!fw && !installed?.framework && frameworkText === undefined) notes.push('References to levels, stages and competencies were not checked: the pack has no framework.yaml. Give an organisation (--org) to check them against its framework.');
  const ref = (kind: 'levels' | 'stages' | 'competencies', id: string, source: YamlSource, path: YamlPath, label: string) => {
    if (!hasFramework || known[kind].has(id)) return;
    const hint = known[kind].size ? ` Known ${kind}: ${list(known[kind])}.` : '';
    problem(source, path, `${label} "${id}" is not in the framework.${hint}`);
  };
  const proficiency = (value: number, source: YamlSource, path: YamlPath, label: string) => {
    if (known.scale.size && !known.scale.has(value)) problem(source, path, `${label} ${value} is not on the proficiency scale (${[...known.scale].join(', ')})`);
  };

  if (fw && fwSource) {
    fw.stages.forEach((s, i) => s.levels.forEach((l, j) => ref('levels', l, fwSource, ['stages', i, 'levels', j], 'level')));
    fw.competencies.forEach((c, i) => {
      ref('stages', c.stage, fwSource, ['competencies', i, 'stage'], 'stage');
      for (const [level, target] of Object.entries(c.targets)) {
        ref('levels', level, fwSource, ['competencies', i, 'targets', level], 'level');
        proficiency(target, fwSource, ['competencies', i, 'targets', level], 'target');
      }
    });
    fw.jobRoles.forEach((r, i) => {
      ref('levels', r.level, fwSource, ['jobRoles', i, 'level'], 'level');
      r.requirements.forEach((req, j) => {
        const at: YamlPath = ['jobRoles', i, 'requirements', j, 'ref'];
        if (req.kind === 'competency') {
          ref('competencies', req.ref, fwSource, at, 'competency');
          proficiency(req.proficiency, fwSource, ['jobRoles', i, 'requirements', j, 'proficiency'], 'proficiency');
        }
        if (req.kind === 'path' && !pathKeys.has(req.ref)) problem(fwSource, at, `path "${req.ref}" is neither in the pack nor installed`);
      });
    });
  }

  // References are checked on the raw values of every file that parsed as YAML, so a file with a
  // shape problem (say a misspelt tool) still has its unknown stage reported in the same run.
  for (const source of lessonSources) {
    const raw = record(source.value);
    const stage = asString(raw.stage);
    if (stage) ref('stages', stage, source, ['stage'], 'stage');
    texts(raw.levels).forEach(([level, i]) => ref('levels', level, source, ['levels', i], 'level'));
    texts(raw.competencies).forEach(([c, i]) => ref('competencies', c, source, ['competencies', i], 'competency'));
    const key = asString(raw.id);
    const owner = key && otherLessons.get(key);
    if (owner) problem(source, ['id'], `lesson id "${key}" is already used by pack "${owner.pack}"; lesson ids are unique across an organisation's packs`);
  }
  for (const source of pathSources) {
    const raw = record(source.value);
    for (const field of ['fromLevel', 'toLevel'] as const) {
      const level = asString(raw[field]);
      if (level) ref('levels', level, source, [field], 'level');
    }
    const seen = new Map<string, number>();
    (Array.isArray(raw.sections) ? raw.sections : []).forEach((section: unknown, i: number) =>
      texts(record(section).lessons).forEach(([key, j]) => {
        const at: YamlPath = ['sections', i, 'lessons', j];
        if (!lessonKeys.has(key)) problem(source, at, `lesson "${key}" is neither in the pack nor installed`);
        const first = seen.get(key);
        if (first !== undefined) problem(source, at, `lesson "${key}" is already in this path (line ${first}); a lesson appears once per path`);
        else seen.set(key, source.lineAt(at));
      }),
    );
    const key = asString(raw.id);
    const owner = key && otherPaths.get(key);
    if (owner) problem(source, ['id'], `path id "${key}" is already used by pack "${owner.pack}"`);
  }
  for (const source of tipSources) {
    (Array.isArray(source.value) ? source.value : []).forEach((tip: unknown, i: number) => {
      const raw = record(tip);
      const stage = asString(raw.stage);
      if (stage) ref('stages', stage, source, [i, 'stage'], 'stage');
      const key = asString(raw.id);
      const owner = key && otherTips.get(key);
      if (owner) problem(source, [i, 'id'], `tip id "${key}" is already used by pack "${owner.pack}"`);
    });
  }

  if (manifest && installed && !installed.framework && frameworkText === undefined) {
    problem(manifest.source, ['id'], 'the organisation has no career framework yet and this pack brings none: import a pack with a framework.yaml first (the default pack has one)');
  }
  if (manifest && installed) {
    const current = installed.packs.get(manifest.value.id);
    if (current && compareVersions(manifest.value.version, current) < 0) {
      problem(manifest.source, ['version'], `version ${manifest.value.version} is lower than the installed ${current}; raise the version to upgrade`);
    }
  }

  if (problems.length || !manifest) return { problems: sortProblems(problems), notes };
  return {
    problems: [],
    notes,
    pack: { manifest: manifest.value, framework: fw ?? null, lessons: lessons.map((l) => l.value), paths: paths.map((p) => p.value), tips: tips.map((t) => t.value) },
  };
}
