import type { Db } from '../db/client.js';
import type { Actor } from '../access/policy.js';
import { AppError } from '../http/errors.js';
import { findReadableLesson } from './lesson-access.js';
import type { KnowledgeCheckQuestion } from './schema.js';

export interface AnswerInput {
  questionId: string;
  /** 0-based indexes of the options chosen, as the lesson lists them. */
  optionIndexes: number[];
}

export interface CheckedOption {
  index: number;
  text: string;
  selected: boolean;
  correct: boolean;
  feedback: string;
}

export interface CheckResult {
  questionId: string;
  kind: 'single' | 'multiple';
  /** True when exactly the correct options were chosen. */
  correct: boolean;
  options: CheckedOption[];
}

export interface AnsweredLesson {
  id: string;
  lessonKey: string;
  revision: number;
}

const invalid = (message: string, path: string) => new AppError(400, 'invalid_answer', message, [{ path, message }]);

/** Grades one answer to a lesson's knowledge check; a bad question id or option index is a 400 that says what to fix. */
export function gradeAnswer(questions: KnowledgeCheckQuestion[], input: AnswerInput): CheckResult {
  const question = questions.find((q) => q.id === input.questionId);
  if (!question) throw invalid(`This lesson has no question "${input.questionId}"; its questions are ${questions.map((q) => q.id).join(', ')}`, 'body.questionId');
  const chosen = new Set(input.optionIndexes);
  if (chosen.size !== input.optionIndexes.length) throw invalid('An option is chosen twice', 'body.optionIndexes');
  const bad = input.optionIndexes.find((i) => i < 0 || i >= question.options.length);
  if (bad !== undefined) throw invalid(`Option ${bad} does not exist; the options are numbered 0 to ${question.options.length - 1}`, 'body.optionIndexes');
  if (chosen.size === 0) throw invalid('Choose at least one option', 'body.optionIndexes');
  if (question.kind === 'single' && chosen.size !== 1) throw invalid('This question takes exactly one option', 'body.optionIndexes');
  const options = question.options.map((o, index) => ({ index, text: o.text, selected: chosen.has(index), correct: o.correct, feedback: o.feedback }));
  return { questionId: question.id, kind: question.kind, correct: options.every((o) => o.selected === o.correct), options };
}

/** Something that wants to know about each graded answer (the learning module records them). */
export type AnswerListener = (event: { db: Db; actor: Actor; lesson: AnsweredLesson; input: AnswerInput; result: CheckResult }) => Promise<void>;

const listeners: AnswerListener[] = [];

export function onKnowledgeCheckAnswered(listener: AnswerListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

/** Loads the lesson the caller may read, grades the answer, and tells the listeners. */
export async function checkLessonAnswer(db: Db, actor: Actor, lessonKey: string, input: AnswerInput): Promise<{ lesson: AnsweredLesson; result: CheckResult }> {
  const row = await findReadableLesson(db, actor, lessonKey);
  const result = gradeAnswer(row.knowledgeCheck, input);
  const lesson = { id: row.id, lessonKey: row.lessonKey, revision: row.revision };
  for (const listener of listeners) await listener({ db, actor, lesson, input, result });
  return { lesson, result };
}
