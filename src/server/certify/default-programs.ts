import type { RubricCriterion } from './program-schema.js';

const rubric = (extra: RubricCriterion[] = []): RubricCriterion[] => [
  { key: 'problem', title: 'States the service problem and who it affects', levels: ['Missing', 'Partly', 'Clear', 'Clear and measured'], passLevel: 2 },
  { key: 'action', title: 'What was done, by whom, with which toolkit artefact', levels: ['Missing', 'Partly', 'Complete', 'Complete and reusable'], passLevel: 2 },
  { key: 'outcome', title: 'Outcome and what the team learned', levels: ['Missing', 'Anecdotal', 'Evidenced', 'Evidenced and shared'], passLevel: 2 },
  ...extra,
];

/** The two programs every organisation starts with; administrators attach the exam and path. */
export const DEFAULT_PROGRAMS = [
  {
    programKey: 'professional',
    level: 'professional' as const,
    name: 'Certified IT Team Lead (Professional)',
    description: 'For specialists stepping into leading a team: escalations, one-to-ones, delegation and planning.',
    criteriaNarrative: 'Completed the professional learning path, passed the professional exam, had practicum evidence accepted against the rubric, and completed a 30-day action plan acknowledged by their manager.',
    pathKey: 'professional',
    rubric: rubric(),
  },
  {
    programKey: 'executive',
    level: 'executive' as const,
    name: 'Certified IT Manager (Executive)',
    description: 'For managers of managers: service strategy, budgets, bench strength and stakeholder management.',
    criteriaNarrative: 'Completed the executive learning path, passed the executive exam, had practicum evidence accepted against the rubric, and completed a 30-day action plan acknowledged by their manager.',
    pathKey: 'executive',
    rubric: rubric([{ key: 'stakeholders', title: 'Stakeholders informed and their response', levels: ['Missing', 'Partly', 'Complete', 'Complete and followed up'], passLevel: 2 }]),
  },
];
