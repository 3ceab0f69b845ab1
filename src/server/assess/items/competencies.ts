import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { competencies } from '../../framework/schema.js';

/**
 * Competency ids of the default framework (content/default/CATALOGUE.md, "Competencies"): what
 * items may be tagged with in an organisation that has no career framework of its own yet.
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

export interface CompetencyRef {
  id: string;
  name: string;
  stage: string | null;
}

/** The competencies of the organisation's career framework, in framework order; the default ids when it has none. */
export async function competencyRefs(db: Pick<Db, 'select'>, orgId: string): Promise<CompetencyRef[]> {
  const rows = await db
    .select({ id: competencies.competencyKey, name: competencies.name, stage: competencies.stageKey })
    .from(competencies)
    .where(eq(competencies.orgId, orgId))
    .orderBy(asc(competencies.position), asc(competencies.competencyKey));
  return rows.length ? rows : DEFAULT_COMPETENCIES.map((id) => ({ id, name: id, stage: null }));
}

/** The competency ids items in this organisation may use: those of its career framework. */
export async function knownCompetencies(db: Pick<Db, 'select'>, orgId: string): Promise<ReadonlySet<string>> {
  return new Set((await competencyRefs(db, orgId)).map((c) => c.id));
}

/** Message for an unknown competency, naming a close match when there is one. */
export function unknownCompetencyMessage(id: string, known: ReadonlySet<string>): string {
  const near = [...known].find((k) => k.startsWith(id.slice(0, 5)) || id.startsWith(k.slice(0, 5)));
  return `"${id}" is not a competency of the framework${near ? ` (did you mean "${near}"?)` : ''}; use one of: ${[...known].join(', ')}`;
}
