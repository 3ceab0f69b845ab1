/**
 * Assigned roles. "People manager" is not assigned: it follows from having direct reports.
 */
export const ROLES = ['org_admin', 'author', 'mentor', 'learner'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  org_admin: 'Org admin',
  author: 'Author / instructor',
  mentor: 'Mentor',
  learner: 'Learner',
};
