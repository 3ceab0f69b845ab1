import type { CareerLevel } from '../../shared/career.js';

/** The training stages of DOMAIN.md, in order, as the content packs name them. */
export const STAGES = ['foundations', 'new-manager', 'business-of-it', 'leading-leaders', 'executive'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_TITLES: Record<Stage, string> = {
  foundations: 'Foundations',
  'new-manager': 'New-manager basics',
  'business-of-it': 'The business of IT',
  'leading-leaders': 'Leading leaders',
  executive: 'Executive',
};

/** The stage whose weekly tips suit someone at a career level (what they should be learning now). */
const STAGE_FOR_LEVEL: Record<CareerLevel, Stage> = {
  individual_contributor: 'foundations',
  tech_lead: 'new-manager',
  it_manager: 'business-of-it',
  it_director: 'leading-leaders',
  vp_it: 'leading-leaders',
  c_level: 'executive',
};

export function stageForLevel(level: string): Stage {
  return STAGE_FOR_LEVEL[level as CareerLevel] ?? 'foundations';
}
