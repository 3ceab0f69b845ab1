import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPackFolder } from '../../src/server/content/pack/read-files.js';
import { validatePack } from '../../src/server/content/pack/validate.js';
import { formatProblem } from '../../src/server/content/pack/problems.js';
import type { ParsedPack } from '../../src/server/content/pack/types.js';
import { REQUIRED_SECTIONS } from '../../src/server/content/pack/parse-lesson.js';
import { TOOLKIT_TOOL_IDS } from '../../src/shared/toolkit-tools.js';

/**
 * The default curriculum (content/default) holds itself to more than the pack validator does:
 * docs/content-packs.md "Lessons" and PRODUCT.md L3. CATALOGUE.md is the plan it was written to.
 */
const PACK_DIR = resolve(import.meta.dirname, '../../content/default');
const STAGES = ['foundations', 'new-manager', 'business-of-it', 'leading-leaders', 'executive'];

interface CatalogueRow {
  id: string;
  stage: string;
  title: string;
  competencies: string[];
  tool: string;
}

/** The lesson rows (id | title | competencies | tool) and the competency list of CATALOGUE.md. */
function readCatalogue() {
  const text = readFileSync(join(PACK_DIR, 'CATALOGUE.md'), 'utf8');
  const rows: CatalogueRow[] = [];
  let stage = '';
  for (const line of text.split('\n')) {
    const heading = /^## ([a-z-]+) \(lessons\//.exec(line);
    if (heading) stage = heading[1];
    const row = /^([a-z]\d\d-[a-z0-9-]+) \| (.+?) \| (.+?) \| ([a-z-]+)$/.exec(line);
    if (row) rows.push({ id: row[1], stage, title: row[2], competencies: row[3].split(',').map((c) => c.trim()), tool: row[4] });
  }
  const compSection = text.slice(text.indexOf('## Competencies'));
  const competencies = new Map<string, string>();
  let current = '';
  for (const line of compSection.split('\n').slice(1)) {
    const m = /^([a-z-]+): (.*)$/.exec(line);
    const list = m ? ((current = m[1]), m[2]) : line.trim();
    for (const id of list.split(',').map((s) => s.trim()).filter(Boolean)) competencies.set(id, current);
  }
  return { rows, competencies };
}

let pack: ParsedPack;
let problems: string[];
const catalogue = readCatalogue();

beforeAll(async () => {
  const result = validatePack(await readPackFolder(PACK_DIR));
  problems = result.problems.map(formatProblem);
  pack = result.pack!;
});

describe('the default curriculum pack', () => {
  it('validates with no problem', () => {
    expect(problems).toEqual([]);
    expect(pack.manifest.id).toBe('milewide-default');
  });

  it('has at least 60 lessons across all five stages, as the catalogue plans them', () => {
    expect(pack.lessons.length).toBeGreaterThanOrEqual(60);
    const perStage = Object.fromEntries(STAGES.map((s) => [s, pack.lessons.filter((l) => l.stage === s).length]));
    const planned = Object.fromEntries(STAGES.map((s) => [s, catalogue.rows.filter((r) => r.stage === s).length]));
    expect(perStage).toEqual(planned);
    for (const stage of STAGES) expect(perStage[stage], stage).toBeGreaterThanOrEqual(5);
    expect(pack.lessons.map((l) => l.key).sort()).toEqual(catalogue.rows.map((r) => r.id).sort());
  });

  it('keeps every lesson to its catalogue entry: stage, competencies, apply-it tool, folder', () => {
    const mismatches: string[] = [];
    for (const row of catalogue.rows) {
      const lesson = pack.lessons.find((l) => l.key === row.id);
      if (!lesson) continue; // reported by the test above
      if (lesson.stage !== row.stage) mismatches.push(`${row.id}: stage ${lesson.stage}, catalogue ${row.stage}`);
      if ([...lesson.competencies].sort().join() !== [...row.competencies].sort().join()) mismatches.push(`${row.id}: competencies ${lesson.competencies.join(', ')}, catalogue ${row.competencies.join(', ')}`);
      if (lesson.applyIt.tool !== row.tool) mismatches.push(`${row.id}: tool ${lesson.applyIt.tool}, catalogue ${row.tool}`);
      if (lesson.file !== `lessons/${row.stage}/${row.id}.md`) mismatches.push(`${row.id}: file ${lesson.file}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('gives every lesson about twenty minutes of reading: 1,000 to 1,800 words', () => {
    const outside = pack.lessons.filter((l) => l.wordCount < 1000 || l.wordCount > 1800).map((l) => `${l.key}: ${l.wordCount} words`);
    expect(outside).toEqual([]);
    const minutes = pack.lessons.filter((l) => l.minutes < 15 || l.minutes > 25).map((l) => `${l.key}: ${l.minutes} min`);
    expect(minutes).toEqual([]);
  });

  it('gives every lesson all its parts: objectives, the three sections, 3 to 5 questions with feedback, an apply-it task on a real tool', () => {
    const missing: string[] = [];
    for (const l of pack.lessons) {
      if (l.objectives.length < 2) missing.push(`${l.key}: ${l.objectives.length} objectives`);
      let at = -1;
      for (const section of REQUIRED_SECTIONS) {
        const index = l.bodyMarkdown.search(new RegExp(`^## ${section}\\s*$`, 'm'));
        if (index <= at) missing.push(`${l.key}: "## ${section}" missing or out of order`);
        at = index;
      }
      if (l.knowledgeCheck.length < 3 || l.knowledgeCheck.length > 5) missing.push(`${l.key}: ${l.knowledgeCheck.length} questions`);
      for (const q of l.knowledgeCheck) {
        if (q.options.some((o) => o.feedback.trim().length < 10)) missing.push(`${l.key} ${q.id}: an option without real feedback`);
        if (!q.options.some((o) => o.correct)) missing.push(`${l.key} ${q.id}: no correct option`);
      }
      if (!(TOOLKIT_TOOL_IDS as readonly string[]).includes(l.applyIt.tool)) missing.push(`${l.key}: tool ${l.applyIt.tool}`);
      if (l.applyIt.task.split(/\s+/).length < 12) missing.push(`${l.key}: apply-it task too thin to act on`);
    }
    expect(missing).toEqual([]);
  });

  it('teaches every competency of the framework in at least two lessons', () => {
    const framework = pack.framework!;
    const taught = new Map(framework.competencies.map((c) => [c.key, pack.lessons.filter((l) => l.competencies.includes(c.key)).map((l) => l.key)]));
    const thin = [...taught].filter(([, lessons]) => lessons.length < 2).map(([key, lessons]) => `${key}: ${lessons.join(', ') || 'no lesson'}`);
    expect(thin).toEqual([]);
  });

  it('has learning paths for each career step, and every path lesson exists', () => {
    const keys = new Set(pack.lessons.map((l) => l.key));
    expect(pack.paths.map((p) => `${p.fromLevel} -> ${p.toLevel}`).sort()).toEqual(
      ['individual_contributor -> tech_lead', 'tech_lead -> it_manager', 'it_manager -> it_manager', 'it_manager -> it_director', 'it_director -> c_level'].sort(),
    );
    const dangling = pack.paths.flatMap((p) => p.sections.flatMap((s) => s.lessonKeys.filter((k) => !keys.has(k)).map((k) => `${p.key}: ${k}`)));
    expect(dangling).toEqual([]);
    const fastStart = pack.paths.find((p) => p.key === 'tech-lead-to-manager')!;
    expect(fastStart.sections[0].title).toMatch(/first 90 days/i);
  });

  it('has weekly tips for every stage', () => {
    for (const stage of STAGES) expect(pack.tips.filter((t) => t.stage === stage).length, stage).toBeGreaterThanOrEqual(4);
  });
});

describe('the default career framework', () => {
  it('has the scale, the ladder and the five stages of DOMAIN.md', () => {
    const f = pack.framework!;
    expect(f.proficiencyScale!.map((s) => s.level)).toEqual([1, 2, 3, 4]);
    expect(f.levels.map((l) => l.key)).toEqual(['individual_contributor', 'tech_lead', 'it_manager', 'it_director', 'vp_it', 'c_level']);
    expect(f.stages.map((s) => s.key)).toEqual(STAGES);
  });

  it('has exactly the catalogue’s competencies, each in its stage, with a description and rising targets', () => {
    const f = pack.framework!;
    expect(new Map(f.competencies.map((c) => [c.key, c.stage]))).toEqual(catalogue.competencies);
    const ladder = f.levels.map((l) => l.key);
    for (const c of f.competencies) {
      expect(c.description.length, c.key).toBeGreaterThan(80);
      const targets = ladder.filter((l) => c.targets[l] !== undefined).map((l) => c.targets[l]);
      expect(targets.length, `${c.key} has targets`).toBeGreaterThanOrEqual(3);
      expect([...targets].sort((a, b) => a - b), `${c.key} targets never fall up the ladder`).toEqual(targets);
    }
  });

  it('writes the certificate requirements into the IT manager and IT director roles', () => {
    const roles = new Map(pack.framework!.jobRoles.map((r) => [r.key, r]));
    expect([...roles.keys()].sort()).toEqual(['it-director', 'it-manager', 'tech-lead']);
    expect(roles.get('it-manager')!.requirements).toContainEqual({ kind: 'certificate', ref: 'professional', withinMonths: 12 });
    expect(roles.get('it-director')!.requirements).toContainEqual({ kind: 'certificate', ref: 'executive', withinMonths: 12 });
    expect(roles.get('it-manager')!.level).toBe('it_manager');
    expect(roles.get('tech-lead')!.level).toBe('tech_lead');
  });
});
