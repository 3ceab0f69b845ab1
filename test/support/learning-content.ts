import { resolve } from 'node:path';
import type { Db } from '../../src/server/db/client.js';
import type { KnowledgeCheckQuestion } from '../../src/server/content/schema.js';
import { importPack } from '../../src/server/content/import-pack.js';
import { readPackFolder, type PackFiles } from '../../src/server/content/pack/read-files.js';

/**
 * The learning module's test content: four lessons over three stages, one path with two sections,
 * and weekly tips for two stages. The constants below are what the pack in test/fixtures/packs/learning
 * holds, so tests can refer to titles, answers and feedback.
 */

const ESCALATION_BODY = `## The idea

An outage is a communication problem as much as a technical one. Decide **before** the outage who
owns each key support area (the *Expert*), who the point person is in IT and at the affected site,
and when the next step fires: at 30 minutes, at 1 hour, at 2 hours, then every hour until resolved.

- Name one Expert per area: e-mail, WAN and telecom, key applications.
- Keep each procedure to one or two pages.
- Say who informs managers and vendors, and how often.

## Worked example

At 09:10 the Leeds office loses its connection. The network Expert opens the procedure: at 09:40 the
site manager hears what is known, at 10:10 the vendor is escalated → account manager, at 11:10 the
IT director gets a status update ≥ every hour. Nobody has to guess whom to call.

1. Confirm the outage and its scope.
2. Inform the site point person.
3. Escalate on the clock, not on a feeling.

## Reflection

Which of your support areas has no Expert today, and what would the first 30 minutes of an outage
there look like?`;

const CAPACITY_BODY = `## The idea

A month has about 160 working hours, but a programmer delivers about 110 to 120 productive hours.
Promise about **100 hours per programmer per month**, so that five programmers are promised at
around 500 hours while 550 to 600 are expected.

## Worked example

A team of five is asked for a new billing interface. The manager quotes six weeks where four are
expected, and $120k where $100-110k is expected. The work lands early and under budget, and the
client remembers that.

## Reflection

What did you last promise, and how much buffer did it carry?`;

const FEEDBACK_BODY = `## The idea

Name what you saw, the effect it had, and ask what happened. Keep it about the work, not the person.

## Worked example

"In the change review the rollback plan was missing; the change was delayed a day. What got in the
way?" The engineer explains that the template had no rollback field, and the team fixes the template.

## Reflection

Think of feedback you have put off. What did you see, and what effect did it have?`;

const DELEGATION_BODY = `## The idea

Delegating is handing over an outcome with the authority to reach it, and the training the person
needs. Keep an activity log for a week, then mark what someone else could do.

## Worked example

A new manager still patches the servers herself every Tuesday night. She writes the steps down,
pairs with an engineer twice, then hands the task over and reviews the first run.

## Reflection

Which task on your list would grow someone on your team if you handed it over?`;

function question(id: string, prompt: string, options: [string, boolean, string][], kind: 'single' | 'multiple' = 'single'): KnowledgeCheckQuestion {
  return { id, prompt, kind, options: options.map(([text, correct, feedback]) => ({ text, correct, feedback })) };
}

export const TEST_LESSONS = [
  {
    lessonKey: 'b16-downtime-and-escalation',
    title: 'Planning for downtime with escalation procedures',
    summary: 'Build escalation procedures that keep everyone informed during an outage.',
    minutes: 20,
    stage: 'business-of-it',
    levels: ['it_manager', 'it_director'],
    competencies: ['downtime-escalation'],
    objectives: ['Name an owning Expert for each key support area.', 'Set the 30-minute, 1-hour and 2-hour escalation steps.'],
    bodyMarkdown: ESCALATION_BODY,
    knowledgeCheck: [
      question('q1', 'Forty minutes into an e-mail outage nobody has told the site managers anything. What went wrong?', [
        ['The 30-minute step of the procedure was not followed.', true, 'Right: at 30 minutes the affected managers should hear what is known.'],
        ['Nothing: updates wait until the cause is known.', false, 'Silence reads as inaction; inform early even with little to say.'],
      ]),
      question('q2', 'Which belong in every escalation procedure?', [
        ['A problem owner (the Expert).', true, 'Yes, someone owns the situation.'],
        ['A point person at the affected site.', true, 'Yes, the site needs one contact.'],
        ['The full network diagram.', false, 'Keep procedures to one or two pages.'],
      ], 'multiple'),
    ],
    applyIt: { tool: 'escalation-binder', title: 'Draft your first procedure', task: 'Pick your most fragile service and draft its procedure with timed steps.' },
  },
  {
    lessonKey: 'b09-capacity-and-commitments',
    title: 'Capacity and conservative commitments',
    summary: 'Commit to what your team can deliver, with a buffer.',
    minutes: 25,
    stage: 'business-of-it',
    levels: ['it_manager'],
    competencies: ['capacity-planning'],
    objectives: ['Work out the productive hours of a team.', 'Quote dates and costs with a conservative buffer.'],
    bodyMarkdown: CAPACITY_BODY,
    knowledgeCheck: [
      question('q1', 'How many hours per programmer per month should you promise?', [
        ['About 160.', false, 'That is every working hour, with nothing for meetings or leave.'],
        ['About 100.', true, 'Right: promise about 100 while 110-120 are expected.'],
      ]),
    ],
    applyIt: { tool: 'capacity-planner', title: 'Check this month', task: 'Enter your team and compare this month\u2019s commitments with capacity.' },
  },
  {
    lessonKey: 'f03-giving-feedback',
    title: 'Giving feedback that lands',
    summary: 'Give feedback about the work that people can act on.',
    minutes: 15,
    stage: 'foundations',
    levels: ['individual_contributor', 'tech_lead'],
    competencies: ['difficult-conversations'],
    objectives: ['Describe behaviour and its effect.', 'Ask before you conclude.'],
    bodyMarkdown: FEEDBACK_BODY,
    knowledgeCheck: [
      question('q1', 'What comes first in useful feedback?', [
        ['What you saw.', true, 'Yes: start from the observable behaviour.'],
        ['Your conclusion about the person.', false, 'Conclusions shut the conversation down.'],
      ]),
    ],
    applyIt: { tool: 'ten-habits', title: 'Rate yourself', task: 'Rate yourself on the communication habits.' },
  },
  {
    lessonKey: 'n04-delegation',
    title: 'Delegating outcomes, not tasks',
    summary: 'Hand over outcomes with authority and training.',
    minutes: 20,
    stage: 'new-manager',
    levels: ['tech_lead', 'it_manager'],
    competencies: ['delegation'],
    objectives: ['Choose what to delegate from an activity log.', 'Plan the training a handover needs.'],
    bodyMarkdown: DELEGATION_BODY,
    knowledgeCheck: [
      question('q1', 'What does a delegation hand over?', [
        ['An outcome and the authority to reach it.', true, 'Right.'],
        ['A list of steps to follow exactly.', false, 'That is instruction, not delegation.'],
      ]),
    ],
    applyIt: { tool: 'activity-log', title: 'Log a week', task: 'Log your work for a week and mark what to delegate.' },
  },
] as const;

export const TEST_PATH = {
  pathKey: 'new-manager-essentials',
  title: 'New manager essentials',
  summary: 'The first lessons of a new IT manager: delegation, capacity and escalation.',
  fromLevel: 'tech_lead',
  toLevel: 'it_manager',
  sections: [
    { title: 'Fast start', description: 'Your first weeks.', lessonKeys: ['n04-delegation'] },
    { title: 'The business of IT', description: 'Run IT like a service.', lessonKeys: ['b09-capacity-and-commitments', 'b16-downtime-and-escalation'] },
  ],
};

export const TEST_TIPS = [
  { tipKey: 'tip-f-01', stage: 'foundations', title: 'Name the feeling before you answer', bodyMarkdown: 'When a conversation heats up, say what you notice ("this seems frustrating") before you answer the point.' },
  { tipKey: 'tip-f-02', stage: 'foundations', title: 'Ask one more question', bodyMarkdown: 'Before you propose a fix, ask one more question about what the person needs.' },
  { tipKey: 'tip-f-03', stage: 'foundations', title: 'Write the decision down', bodyMarkdown: 'End each meeting by writing the decision and the owner where everyone can see it.' },
  { tipKey: 'tip-n-01', stage: 'new-manager', title: 'Delegate one task this week', bodyMarkdown: 'Pick one recurring task from your week and hand it over with the training it needs.' },
];

/** The same content as a real pack folder (test/fixtures/packs/learning), imported with the pack importer. */
export const LEARNING_PACK_DIR = resolve(import.meta.dirname, '../fixtures/packs/learning');

export async function learningPack(): Promise<PackFiles> {
  return readPackFolder(LEARNING_PACK_DIR);
}

/** Imports the test pack into an organisation through the content importer. */
export async function seedLearningContent(db: Db, orgId: string) {
  const summary = await importPack(db, { orgId, actor: null }, await learningPack());
  if (summary.lessons.created + summary.lessons.unchanged !== TEST_LESSONS.length) throw new Error(`the learning test pack imported ${JSON.stringify(summary.lessons)}`);
  return summary;
}

/**
 * A pack upgrade (version 1.1.0, then 1.2.0, ...) that changes one lesson's text, imported the way
 * an admin would: the importer bumps the lesson's revision and keeps everyone's progress.
 */
export async function reviseLesson(db: Db, orgId: string, lessonKey: string, version = '1.1.0') {
  const lesson = TEST_LESSONS.find((l) => l.lessonKey === lessonKey)!;
  const pack = await learningPack();
  const path = `lessons/${lesson.stage}/${lessonKey}.md`;
  const files: PackFiles = { files: new Map(pack.files), problems: [...pack.problems] };
  files.files.set('pack.yaml', pack.files.get('pack.yaml')!.replace('version: 1.0.0', `version: ${version}`));
  files.files.set(path, `${pack.files.get(path)!.trimEnd()}\n\nUpdated guidance for ${version}: rehearse the procedure once a quarter.\n`);
  const summary = await importPack(db, { orgId, actor: null }, files);
  if (!summary.updatedLessons.includes(lessonKey)) throw new Error(`the upgrade did not update ${lessonKey}: ${JSON.stringify(summary)}`);
  return summary;
}

/** A pack upgrade that leaves a lesson out: the importer retires it and keeps everyone's progress. */
export async function retireLesson(db: Db, orgId: string, lessonKey: string, version = '1.1.0') {
  const lesson = TEST_LESSONS.find((l) => l.lessonKey === lessonKey)!;
  const pack = await learningPack();
  const files: PackFiles = { files: new Map(pack.files), problems: [...pack.problems] };
  files.files.set('pack.yaml', pack.files.get('pack.yaml')!.replace('version: 1.0.0', `version: ${version}`));
  files.files.delete(`lessons/${lesson.stage}/${lessonKey}.md`);
  const summary = await importPack(db, { orgId, actor: null }, files);
  if (!summary.retiredLessons.includes(lessonKey)) throw new Error(`the upgrade did not retire ${lessonKey}: ${JSON.stringify(summary)}`);
  return summary;
}
