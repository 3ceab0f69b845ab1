import { mkdtempSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from './pack/problems.js';
import { readPackFolder, readPackZip } from './pack/read-files.js';
import { validatePack } from './pack/validate.js';
import type { PackFiles } from './pack/read-files.js';
import { editFile, smallPack, SMALL_PACK_DIR, withFiles, zipOf } from '../../../test/support/packs.js';

const A01 = 'lessons/people/a01-listening-first.md';
const A02 = 'lessons/people/a02-handing-work-over.md';
const PATH = 'paths/first-steps.yaml';
const FRAMEWORK = 'framework.yaml';

const report = (files: PackFiles) => validatePack(files).problems.map(formatProblem);
const base = await smallPack();
const tmp = mkdtempSync(join(tmpdir(), 'mw-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a valid pack', () => {
  it('parses the small fixture pack with no problem', () => {
    const result = validatePack(base);
    expect(result.problems).toEqual([]);
    expect(result.pack!.manifest).toEqual({ id: 'small-test-pack', name: 'Small test pack', version: '1.0.0', description: 'Three lessons, one path and two tips, used by the content-pack tests.' });
    expect(result.pack!.lessons.map((l) => l.key)).toEqual(['a01-listening-first', 'a02-handing-work-over', 'a03-escalation-timings']);
    const a02 = result.pack!.lessons[1];
    expect(a02.knowledgeCheck[0].options.map((o) => o.correct)).toEqual([true, false, true]);
    expect(a02.applyIt.tool).toBe('activity-log');
    expect(a02.bodyText).not.toContain('##');
    expect(a02.wordCount).toBeGreaterThan(100);
    expect(result.pack!.paths[0].sections.map((s) => s.lessonKeys)).toEqual([['a01-listening-first', 'a02-handing-work-over'], ['a03-escalation-timings']]);
    expect(result.pack!.tips.map((t) => [t.key, t.position])).toEqual([['tip-listen-01', 0], ['tip-delegate-01', 1]]);
  });

  it('reads the same pack from a zip, also when the zip wraps it in one top folder', () => {
    for (const prefix of ['', 'small-test-pack/']) {
      const zipped = readPackZip(zipOf(base.files, prefix), 'small.zip');
      expect(zipped.problems).toEqual([]);
      expect([...zipped.files.keys()].sort()).toEqual([...base.files.keys()].sort());
      expect(validatePack(zipped).problems).toEqual([]);
    }
  });

  it('gives the same content hash whatever the formatting, and a new one when content changes', () => {
    const reformatted = editFile(base, A01, (t) => t.replace('levels: [individual_contributor, tech_lead]', 'levels:\n  - individual_contributor\n  - tech_lead'));
    const changed = editFile(base, A01, (t) => t.replace('cheaper and quicker', 'quicker and cheaper'));
    const hash = (files: PackFiles) => validatePack(files).pack!.lessons[0].contentHash;
    expect(hash(reformatted)).toBe(hash(base));
    expect(hash(changed)).not.toBe(hash(base));
  });
});

describe('lesson front matter', () => {
  it('names unknown competencies, stages, levels and tools at their lines', () => {
    const files = editFile(base, A01, (t) =>
      t
        .replace('competencies: [listening]', 'competencies: [listening, budgeting]')
        .replace('stage: foundations', 'stage: leadership')
        .replace('levels: [individual_contributor, tech_lead]', 'levels: [individual_contributor, senior_engineer]')
        .replace('tool: client-interviews', 'tool: budget-sheet'),
    );
    expect(report(files)).toEqual([
      `${A01}:5: stage "leadership" is not in the framework. Known stages: "foundations", "new-manager".`,
      `${A01}:6: level "senior_engineer" is not in the framework. Known levels: "individual_contributor", "tech_lead", "it_manager".`,
      `${A01}:7: competency "budgeting" is not in the framework. Known competencies: "listening", "delegation", "escalation".`,
      `${A01}:24: applyIt.tool: must be a toolkit tool: escalation-binder, live-incidents, project-portfolio, capacity-planner, client-interviews, activity-log, assessment-action-plan, change-communication, ten-habits`,
    ]);
  });

  it('reports unknown keys, missing fields and out-of-range values', () => {
    const files = editFile(base, A01, (t) => t.replace('minutes: 15\n', 'minutes: 90\ndurtion: 20\n').replace('summary: Find the need behind a ticket before proposing a fix.\n', ''));
    expect(report(files)).toEqual([
      `${A01}:2: summary: is required`,
      `${A01}:4: minutes: must be from 5 to 60`,
      `${A01}:5: durtion: unknown key (check its spelling)`,
    ]);
  });

  it('checks knowledge-check questions: correct options per kind, feedback, unique ids', () => {
    const files = editFile(base, A02, (t) =>
      t
        .replace('      - text: On the day it is handed over.\n        correct: true', '      - text: On the day it is handed over.\n        correct: false')
        .replace('  - id: q2\n', '  - id: q1\n')
        .replace('        feedback: A planned check-in replaces hovering.\n', ''),
    );
    expect(report(files)).toEqual([
      `${A02}:23: knowledgeCheck[0].options[2].feedback: is required`,
      `${A02}:25: knowledgeCheck[1].id: question id "q1" is used twice in this lesson`,
      `${A02}:28: knowledgeCheck[1].options: a single question needs exactly one correct option (this one has 0)`,
    ]);
    const twoRight = editFile(base, A01, (t) => t.replace('        correct: false', '        correct: true'));
    expect(report(twoRight)).toEqual([`${A01}:16: knowledgeCheck[0].options: a single question needs exactly one correct option (this one has 2)`]);
    const badKind = editFile(base, A01, (t) => t.replace('kind: single', 'kind: pick-one'));
    expect(report(badKind)).toEqual([`${A01}:15: knowledgeCheck[0].kind: must be single or multiple`]);
  });

  it('reports YAML syntax errors at their line', () => {
    const files = editFile(base, A01, (t) => t.replace('title: Listening before answering', 'title: Listening: before answering'));
    expect(report(files)).toEqual([`${A01}:3: YAML: Nested mappings are not allowed in compact mappings`]);
  });

  it('needs front matter that is opened and closed', () => {
    const unclosed = editFile(base, A01, (t) => t.replace("terms.\nknowledgeCheck", "terms.\nknowledgeCheck").replace('\n---\n\n## The idea', '\n\n## The idea'));
    expect(report(unclosed)).toEqual([`${A01}:1: the front matter is not closed: add a line with only --- after its last field`]);
    const none = withFiles(base, { 'lessons/people/a04-notes.md': '# Notes\n\nNo front matter here.\n' });
    expect(report(none)).toEqual(['lessons/people/a04-notes.md:1: a lesson starts with front matter: a line with only ---, the YAML fields, then another line with only ---']);
  });
});

describe('lesson body', () => {
  it('needs the three sections, in order', () => {
    const missing = editFile(base, A01, (t) => t.replace('## Worked example', '## An example'));
    expect(report(missing)).toEqual([`${A01}:28: the body has no "## Worked example" section (every lesson has "## The idea", "## Worked example", "## Reflection", in that order)`]);
    const swapped = editFile(base, A01, (t) => t.replace('## The idea', '## Placeholder').replace('## Reflection', '## The idea').replace('## Placeholder', '## Reflection'));
    expect(report(swapped)).toEqual([`${A01}:29: "## Reflection" must come after "## Worked example" (line 35)`, `${A01}:35: "## Worked example" must come after "## The idea" (line 41)`]);
  });
});

describe('references between files', () => {
  it('finds duplicate ids and points at the first use', () => {
    const copy = base.files.get(A01)!.replace('title: Listening before answering', 'title: Listening, again');
    expect(report(withFiles(base, { 'lessons/people/a04-copy.md': copy }))).toEqual([`lessons/people/a04-copy.md:2: lesson id "a01-listening-first" is used twice (first at ${A01}:2)`]);
    const tips = editFile(base, 'tips/tips.yaml', (t) => t.replace('id: tip-delegate-01', 'id: tip-listen-01'));
    expect(report(tips)).toEqual(['tips/tips.yaml:5: tip id "tip-listen-01" is used twice (first at tips/tips.yaml:1)']);
  });

  it('names a path lesson that is missing, and a lesson listed twice', () => {
    const files = editFile(base, PATH, (t) => t.replace('lessons: [a01-listening-first, a02-handing-work-over]', 'lessons: [a01-listening-first, a09-missing]').replace('lessons: [a03-escalation-timings]', 'lessons: [a03-escalation-timings, a01-listening-first]'));
    expect(report(files)).toEqual([
      `${PATH}:9: lesson "a09-missing" is neither in the pack nor installed`,
      `${PATH}:11: lesson "a01-listening-first" is already in this path (line 9); a lesson appears once per path`,
    ]);
  });

  it('checks the framework: targets on known levels and the scale, requirements that exist', () => {
    const files = editFile(base, FRAMEWORK, (t) =>
      t.replace('targets: { individual_contributor: 2, tech_lead: 3, it_manager: 3 }', 'targets: { individual_contributor: 2, tech_lead: 5, vp_it: 3 }').replace('ref: first-steps', 'ref: second-steps').replace('stage: new-manager\n    description: Plans', 'stage: operations\n    description: Plans'),
    );
    expect(report(files)).toEqual([
      `${FRAMEWORK}:24: target 5 is not on the proficiency scale (1, 2, 3, 4)`,
      `${FRAMEWORK}:24: level "vp_it" is not in the framework. Known levels: "individual_contributor", "tech_lead", "it_manager".`,
      `${FRAMEWORK}:32: stage "operations" is not in the framework. Known stages: "foundations", "new-manager".`,
      `${FRAMEWORK}:42: path "second-steps" is neither in the pack nor installed`,
    ]);
  });

  it('reports every problem of a broken pack at once, file by file', () => {
    const files = withFiles(
      editFile(editFile(base, A01, (t) => t.replace('minutes: 15', 'minutes: many')), PATH, (t) => t.replace('fromLevel: tech_lead', 'fromLevel: junior')),
      { 'pack.yaml': 'id: Small Pack\nname: Small test pack\nversion: one\n' },
    );
    expect(report(files)).toEqual([
      `${A01}:4: minutes: must be a number, not "many"`,
      'pack.yaml:1: id: must be lowercase letters, digits and hyphens, like "b16-downtime-planning"',
      'pack.yaml:3: version: must be a version like 1.0.0 (major.minor.patch)',
      `${PATH}:4: level "junior" is not in the framework. Known levels: "individual_contributor", "tech_lead", "it_manager".`,
    ]);
  });

  it('needs pack.yaml', () => {
    expect(report(withFiles(base, { 'pack.yaml': null }))).toEqual(['pack.yaml: is missing: every pack has a pack.yaml manifest (id, name, version) at its top level']);
  });

  it('notes, without failing, that framework references were not checked when nothing provides a framework', () => {
    const result = validatePack(withFiles(base, { [FRAMEWORK]: null }));
    expect(result.problems).toEqual([]);
    expect(result.notes).toEqual(['References to levels, stages and competencies were not checked: the pack has no framework.yaml. Give an organisation (--org) to check them against its framework.']);
  });
});

describe('files and zips', () => {
  it('refuses a file over 1 MiB', async () => {
    const dir = join(tmp, 'huge');
    cpSync(SMALL_PACK_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'lessons/people/big.md'), `---\nid: big\n---\n${'word '.repeat(230_000)}`);
    const files = await readPackFolder(dir);
    expect(report(files)).toEqual(['lessons/people/big.md: is 1.1 MiB; a pack file may be at most 1.0 MiB']);
    const zipped = readPackZip(zipOf({ ...Object.fromEntries(base.files), 'lessons/people/big.md': `---\n${'x'.repeat(1024 * 1024 + 10)}` }));
    expect(report(zipped)).toEqual(['lessons/people/big.md: is 1.0 MiB; a pack file may be at most 1.0 MiB']);
  });

  it('refuses a pack with more than 5,000 files', () => {
    const many: Record<string, string> = Object.fromEntries(base.files);
    for (let i = 0; i < 5000; i++) many[`lessons/bulk/l${i}.md`] = '---\n';
    const files = readPackZip(zipOf(many), 'many.zip');
    expect(files.problems.map(formatProblem)).toEqual(['many.zip: has more than 5,000 pack files; split it into several packs']);
  });

  it('refuses zip entries that would land outside the pack', () => {
    const files = readPackZip(zipOf({ ...Object.fromEntries(base.files), '../evil.md': 'x', 'lessons/../../etc/passwd.md': 'y', '/abs/path.md': 'z' }), 'slip.zip');
    expect(files.problems.map(formatProblem).sort()).toEqual([
      '../evil.md: has an unsafe path in the zip (absolute, or climbing out with ".."); the pack is refused',
      '/abs/path.md: has an unsafe path in the zip (absolute, or climbing out with ".."); the pack is refused',
      'lessons/../../etc/passwd.md: has an unsafe path in the zip (absolute, or climbing out with ".."); the pack is refused',
    ]);
    expect(files.files.size).toBe(0);
  });

  it('reports text that is not UTF-8 and a file that is not a zip', () => {
    const files = readPackZip(zipOf({ ...Object.fromEntries(base.files), 'tips/latin1.yaml': new Uint8Array([0x2d, 0x20, 0x69, 0x64, 0x3a, 0x20, 0xe9, 0xff]) }));
    expect(files.problems.map(formatProblem)).toEqual(['tips/latin1.yaml: is not UTF-8 text; save it as UTF-8']);
    const notZip = readPackZip(new TextEncoder().encode('this is not a zip file at all, just text'), 'notes.zip');
    expect(notZip.problems.map(formatProblem)[0]).toMatch(/^notes\.zip: is not a readable zip file \(/);
  });

  it('ignores files outside the pack layout, and hidden folders', async () => {
    const dir = join(tmp, 'extra');
    cpSync(SMALL_PACK_DIR, dir, { recursive: true });
    mkdirSync(join(dir, '.git'), { recursive: true });
    writeFileSync(join(dir, '.git/config.yaml'), ': not yaml');
    writeFileSync(join(dir, 'README.md'), '# About this pack');
    writeFileSync(join(dir, 'paths/notes.txt'), 'not a path');
    const files = await readPackFolder(dir);
    expect([...files.files.keys()].sort()).toEqual([...base.files.keys()].sort());
  });
});
