import type { RubricCriterion } from './program-schema.js';

const rubric = (extra: RubricCriterion[] = []): RubricCriterion[] => [
  { key: 'problem', title: 'States the service problem and who it affects', levels: ['Missing', 'Partly', 'Clear', 'Clear and measured'], passLevel: 2 },
  { key: 'action', title: 'What was done, by whom, with which toolkit artefact', levels: ['Missing', 'Partly', 'Complete', 'Complete and reusable'], passLevel: 2 },
  { key: 'outcome', title: 'Outcome and what the team learned', levels: ['Missing', 'Anecdotal', 'Evidenced', 'Evidenced and shared'], passLevel: 2 },
  ...extra,
];

/**
 * The two programs every organisation starts with (../shared/DOMAIN.md "Certifications"). Each
 * is linked to the exam with `examKey` as soon as the organisation has one (see programs.ts).
 */
export const DEFAULT_PROGRAMS = [
  {
    programKey: 'professional',
    level: 'professional' as const,
    examKey: 'professional-exam',
    name: 'Certified IT Manager (Professional)',
    description:
      'For soon-to-be, new and newer IT managers: the business of IT. Serving internal clients, capacity and commitments, vendors, money, projects, downtime and escalation.',
    criteriaNarrative:
      'Completed the business-of-IT learning path, passed the professional exam, had practicum evidence from real work accepted against the rubric, and completed a 30-day action plan acknowledged by their manager.',
    pathKey: 'business-of-it',
    rubric: rubric(),
  },
  {
    programKey: 'executive',
    level: 'executive' as const,
    examKey: 'executive-exam',
    name: 'Certified IT Leader (Executive)',
    description: 'For directors and above: leading leaders. Managing managers, strategy and budgets, bench strength and the stakeholders of IT.',
    criteriaNarrative:
      'Completed the manager-to-director learning path (leading leaders), passed the executive exam, had practicum evidence from real work accepted against the rubric, and completed a 30-day action plan acknowledged by their manager.',
    pathKey: 'manager-to-director',
    rubric: rubric([{ key: 'stakeholders', title: 'Stakeholders informed and their response', levels: ['Missing', 'Partly', 'Complete', 'Complete and followed up'], passLevel: 2 }]),
  },
];
