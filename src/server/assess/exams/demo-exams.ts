import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { recordAudit } from '../../audit/service.js';
import { examFieldsSchema, type ExamFields } from './blueprint-input.js';
import { checkExamDefinition } from './blueprints.js';
import { exams } from './schema.js';

const WEEK_MINUTES = 7 * 24 * 60;

/**
 * The two published exams of the demo organisation, drawn from the default item banks
 * (content/default/items). Certification programs refer to them by these keys.
 */
export const DEMO_EXAMS: ExamFields[] = [
  examFieldsSchema.parse({
    examKey: 'professional-exam',
    title: 'Professional certificate exam (IT manager)',
    description:
      'Forty questions on the business of IT: serving internal clients, influence, methods, vendors, virtual teams, innovation, running a cost centre, delivering projects, downtime and escalation, capacity planning and assessing an IT department. Some questions share a short case from a real IT situation.',
    bankKey: 'professional',
    blueprint: [
      { competency: 'internal-client-service', count: 4 },
      { competency: 'influence', count: 4 },
      { competency: 'it-methodologies', count: 4 },
      { competency: 'vendor-management', count: 4 },
      { competency: 'virtual-teams', count: 3 },
      { competency: 'innovation', count: 3 },
      { competency: 'cost-center-management', count: 4 },
      { competency: 'project-delivery', count: 4 },
      { competency: 'downtime-escalation', count: 4 },
      { competency: 'capacity-planning', count: 3 },
      { competency: 'it-assessment', count: 3 },
    ],
    timeLimitMinutes: 60,
    attemptLimit: 3,
    cooldownMinutes: WEEK_MINUTES,
    cutScorePercent: 70,
    status: 'published',
  }),
  examFieldsSchema.parse({
    examKey: 'executive-exam',
    title: 'Executive certificate exam (IT director)',
    description:
      'Thirty questions on leading leaders and the executive role: governance, change, organisational productivity, negotiation, strategic thinking, running a directorate, business strategy, strategic planning and organisational design. Complete the "manager to director" learning path first.',
    bankKey: 'executive',
    blueprint: [
      { competency: 'it-governance', count: 4 },
      { competency: 'change-management', count: 4 },
      { competency: 'organisational-productivity', count: 3 },
      { competency: 'negotiation', count: 4 },
      { competency: 'strategic-thinking', count: 3 },
      { competency: 'director-operations', count: 3 },
      { competency: 'business-strategy', count: 3 },
      { competency: 'strategic-planning', count: 3 },
      { competency: 'organisational-design', count: 3 },
    ],
    timeLimitMinutes: 45,
    attemptLimit: 3,
    cooldownMinutes: WEEK_MINUTES,
    cutScorePercent: 70,
    requiredPathKey: 'manager-to-director',
    status: 'published',
  }),
];

/**
 * Creates the demo exams that the organisation does not have yet (by examKey); returns the keys
 * created. An exam its bank cannot fill (no default banks on this installation) is skipped with a
 * log line: the demo must start even without them.
 */
export async function seedDemoExams(ctx: AppContext, orgId: string): Promise<string[]> {
  const created: string[] = [];
  for (const exam of DEMO_EXAMS) {
    await ctx.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: exams.id }).from(exams).where(and(eq(exams.orgId, orgId), eq(exams.examKey, exam.examKey)));
      if (existing) return;
      const problems = await checkExamDefinition(tx, orgId, exam);
      if (problems.length) {
        ctx.log.warn({ examKey: exam.examKey, problems: problems.map((p) => p.message) }, 'demo exam not created: its item bank cannot fill the blueprint');
        return;
      }
      const [row] = await tx.insert(exams).values({ ...exam, orgId }).returning();
      await recordAudit(tx, null, { orgId, action: 'exam.create', entityType: 'exam', entityId: row.id, after: { ...row, demo: true } });
      created.push(exam.examKey);
    });
  }
  return created;
}
