import type { Db } from '../db/client.js';
import { loadBestPassedAttempt } from '../assess/exams/contract.js';
import { pathCompletion } from './learn-adapter.js';
import { planOf } from './action-plan.js';
import { latestSubmission } from './practicum.js';
import type { ProgramRow } from './programs.js';

export type RequirementKey = 'learning_path' | 'exam' | 'practicum' | 'action_plan';

export interface Requirement {
  key: RequirementKey;
  title: string;
  met: boolean;
  /** What the person does next, or when it was met. */
  detail: string;
  refId: string | null;
}

type Reader = Pick<Db, 'select' | 'execute'>;

/** Where a person stands on each requirement of a program, in the order they usually meet them. */
export async function requirementStatus(db: Reader, program: ProgramRow, personId: string, enrolmentId: string | null): Promise<Requirement[]> {
  const out: Requirement[] = [];
  if (program.pathKey) {
    const path = await pathCompletion(db, program.orgId, personId, program.pathKey);
    const met = path.available && path.exists && !!path.completedAt;
    const detail = !path.available
      ? `Learning paths are not available on this installation yet, so the path "${program.pathKey}" cannot be completed; ask your administrator.`
      : !path.exists
        ? `Your organisation has no learning path "${program.pathKey}" yet; ask your administrator.`
        : path.completedAt
          ? `Completed "${path.title}" on ${path.completedAt.toISOString().slice(0, 10)}.`
          : `Complete the learning path "${path.title}".`;
    out.push({ key: 'learning_path', title: 'Learning path completed', met, detail, refId: program.pathKey });
  }
  const passed = program.examId ? await loadBestPassedAttempt(db, program.orgId, personId, program.examId) : null;
  out.push({
    key: 'exam',
    title: 'Exam passed',
    met: !!passed,
    detail: !program.examId ? 'No exam is attached to this program yet; ask your administrator.' : passed ? `Passed with ${passed.scorePercent}% on ${passed.submittedAt.toISOString().slice(0, 10)}.` : 'Pass the program exam.',
    refId: program.examId,
  });
  const submission = enrolmentId ? await latestSubmission(db, enrolmentId) : null;
  out.push({
    key: 'practicum',
    title: 'Practicum evidence accepted',
    met: submission?.status === 'accepted',
    detail: !submission
      ? 'Submit practicum evidence (files, links or toolkit artefacts) for review against the rubric.'
      : submission.status === 'submitted'
        ? `Submitted on ${submission.submittedAt.toISOString().slice(0, 10)}; waiting for a reviewer.`
        : submission.status === 'returned'
          ? `Returned with comments: ${submission.comments ?? ''} Resubmit when ready.`
          : `Accepted on ${submission.reviewedAt?.toISOString().slice(0, 10)}.`,
    refId: submission?.id ?? null,
  });
  const plan = enrolmentId ? await planOf(db, enrolmentId) : null;
  out.push({
    key: 'action_plan',
    title: `${program.actionPlanDays}-day action plan acknowledged by your manager`,
    met: !!plan?.acknowledgedAt,
    detail: !plan ? `After passing the exam, submit a plan for the next ${program.actionPlanDays} days.` : plan.acknowledgedAt ? `Acknowledged on ${plan.acknowledgedAt.toISOString().slice(0, 10)}.` : 'Submitted; waiting for your manager to acknowledge it.',
    refId: plan?.id ?? null,
  });
  return out;
}
