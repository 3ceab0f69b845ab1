import { strToU8, zipSync } from 'fflate';

/**
 * A small content pack for the browser tests, built in memory as a zip: two lessons and a path,
 * written against the default framework (stage "foundations", competency "conflict-resolution").
 * `broken` puts an unknown competency into the second lesson and a missing lesson into the path.
 */

const lesson = (id: string, title: string, competency: string) => `---
id: ${id}
title: ${title}
minutes: 15
stage: foundations
levels: [individual_contributor, tech_lead]
competencies: [${competency}]
summary: A short lesson the browser tests import to check content-pack uploads.
objectives:
  - Name the two sides of a disagreement before proposing a fix.
  - Agree a next step both sides can live with.
knowledgeCheck:
  - id: q1
    prompt: Two engineers disagree about a rollback. What comes first?
    kind: single
    options:
      - text: Each states the problem they are trying to avoid.
        correct: true
        feedback: Naming the risk each side sees turns a contest into a shared problem.
      - text: The more senior engineer decides.
        correct: false
        feedback: Rank settles it today and leaves the next disagreement worse.
applyIt:
  tool: ten-habits
  title: Rate one habit
  task: In the ten-habit self-assessment, rate how you handle disagreements in your team this month.
---

## The idea

A disagreement between capable people is usually two different risks seen from two places. Put
both risks on the table before anyone argues for a solution.

## Worked example

At a hospital service desk two analysts disagreed about restarting a print server during clinic
hours. One feared angry wards, the other feared a full queue by the afternoon. Once both risks were
said out loud, they agreed to restart at the lunch lull and warn the wards first.

## Reflection

Think of the last technical argument in your team. What risk was each person trying to avoid?
`;

export const E2E_PACK_KEY = 'e2e-browser-pack';
export const E2E_PACK_NAME = 'Browser test pack';

export function packZip({ broken = false, version = '1.0.0' }: { broken?: boolean; version?: string } = {}): Buffer {
  const files: Record<string, string> = {
    'pack.yaml': `id: ${E2E_PACK_KEY}\nname: ${E2E_PACK_NAME}\nversion: ${version}\ndescription: Two lessons and a path used by the browser tests.\n`,
    'lessons/e2e-a01-two-risks.md': lesson('e2e-a01-two-risks', 'Two risks, one disagreement', 'conflict-resolution'),
    'lessons/e2e-a02-agree-a-next-step.md': lesson('e2e-a02-agree-a-next-step', 'Agreeing a next step', broken ? 'no-such-competency' : 'conflict-resolution'),
    'paths/e2e-short-path.yaml': [
      'id: e2e-short-path',
      'title: A short path for the browser tests',
      'summary: Two short lessons on disagreements.',
      'fromLevel: individual_contributor',
      'toLevel: tech_lead',
      'sections:',
      '  - title: Disagreements',
      '    description: Two lessons.',
      `    lessons: [e2e-a01-two-risks, e2e-a02-agree-a-next-step${broken ? ', e2e-a03-missing-lesson' : ''}]`,
      '',
    ].join('\n'),
  };
  const entries = Object.fromEntries(Object.entries(files).map(([name, text]) => [`${E2E_PACK_KEY}/${name}`, strToU8(text)]));
  return Buffer.from(zipSync(entries));
}
