/** The default career ladder from DOMAIN.md. Organisations may edit the ladder in a later release. */
export const CAREER_LEVELS = [
  { key: 'individual_contributor', label: 'Individual contributor' },
  { key: 'tech_lead', label: 'Tech lead' },
  { key: 'it_manager', label: 'IT manager' },
  { key: 'it_director', label: 'IT director' },
  { key: 'vp_it', label: 'VP of IT' },
  { key: 'c_level', label: 'C-level (CIO, CTO, CISO, CDO)' },
] as const;

export type CareerLevel = (typeof CAREER_LEVELS)[number]['key'];
export const CAREER_LEVEL_KEYS = CAREER_LEVELS.map((l) => l.key) as [CareerLevel, ...CareerLevel[]];

export function careerLevelLabel(key: string): string {
  return CAREER_LEVELS.find((l) => l.key === key)?.label ?? key;
}
