import type { Db } from '../../db/client.js';

/**
 * Competency ids of the default framework (content/default/CATALOGUE.md, "Competencies").
 * The framework tables arrive later; until then this list is the whole truth, and
 * `knownCompetencies` is the one place that decides what an item may be tagged with.
 */
export const DEFAULT_COMPETENCIES = [
  // foundations
  'emotional-intelligence', 'conflict-resolution', 'difficult-conversations', 'interpersonal-communication',
  // new-manager
  'time-management', 'delegation', 'goal-setting', 'motivation', 'performance-management',
  // business-of-it
  'internal-client-service', 'influence', 'it-methodologies', 'vendor-management', 'virtual-teams',
  'innovation', 'cost-center-management', 'project-delivery', 'downtime-escalation', 'capacity-planning', 'it-assessment',
  // leading-leaders
  'it-governance', 'change-management', 'organisational-productivity', 'negotiation', 'strategic-thinking', 'director-operations',
  // executive
  'business-strategy', 'strategic-planning', 'organisational-design',
] as const;

/**
 * The competency ids items in this organisation may use. Takes the database and organisation so
 * that it can read the organisation's own framework once that exists, without changing callers.
 */
export async function knownCompetencies(_db: Pick<Db, 'select'>, _orgId: string): Promise<ReadonlySet<string>> {
  return new Set<string>(DEFAULT_COMPETENCIES);
}

/** Message for an unknown competency, naming a close match when there is one. */
export function unknownCompetencyMessage(id: string, known: ReadonlySet<string>): string {
  const near = [...known].find((k) => k.startsWith(id.slice(0, 5)) || id.startsWith(k.slice(0, 5)));
  return `"${id}" is not a competency of the framework${near ? ` (did you mean "${near}"?)` : ''}; use one of: ${[...known].join(', ')}`;
}
