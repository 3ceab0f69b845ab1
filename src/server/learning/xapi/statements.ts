import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { xapiStatements } from '../schema.js';

type Tx = Pick<Db, 'insert'>;

/** xAPI 1.0.3 verbs: ADL's own where ADL has one, well-known registry verbs otherwise. */
export const VERBS = {
  launched: { id: 'http://adlnet.gov/expapi/verbs/launched', display: 'launched' },
  progressed: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: 'progressed' },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: 'answered' },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: 'completed' },
  registered: { id: 'http://adlnet.gov/expapi/verbs/registered', display: 'registered' },
  assigned: { id: 'http://activitystrea.ms/schema/1.0/assign', display: 'assigned' },
  left: { id: 'http://activitystrea.ms/schema/1.0/leave', display: 'left' },
  bookmarked: { id: 'http://id.tincanapi.com/verb/bookmarked', display: 'bookmarked' },
} as const;
export type VerbName = keyof typeof VERBS;

export const ACTIVITY_TYPES = {
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  path: 'http://adlnet.gov/expapi/activities/course',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

/** cmi5's progress extension (0-100); readers of xAPI data know it. */
export const PROGRESS_EXTENSION = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface Activity {
  objectType: 'Activity';
  id: string;
  definition: {
    type: string;
    name: { 'en-US': string };
    interactionType?: string;
    choices?: { id: string; description: { 'en-US': string } }[];
    correctResponsesPattern?: string[];
  };
}

/**
 * Activity IRIs are the addresses of the lesson and path pages under PUBLIC_URL, so that an LRS
 * link leads back to the content. They change if PUBLIC_URL does (docs/admins/learning-records.md).
 */
export function lessonActivity(publicUrl: string, lesson: { lessonKey: string; title: string }): Activity {
  return { objectType: 'Activity', id: `${publicUrl}/learn/lessons/${encodeURIComponent(lesson.lessonKey)}`, definition: { type: ACTIVITY_TYPES.lesson, name: { 'en-US': lesson.title } } };
}

export function pathActivity(publicUrl: string, path: { pathKey: string; title: string }): Activity {
  return { objectType: 'Activity', id: `${publicUrl}/learn/paths/${encodeURIComponent(path.pathKey)}`, definition: { type: ACTIVITY_TYPES.path, name: { 'en-US': path.title } } };
}

/** A knowledge-check question as an xAPI "choice" interaction; choice ids are the option indexes. */
export function questionActivity(publicUrl: string, lesson: { lessonKey: string }, question: { id: string; prompt: string; options: { text: string; correct: boolean }[] }): Activity {
  return {
    objectType: 'Activity',
    id: `${publicUrl}/learn/lessons/${encodeURIComponent(lesson.lessonKey)}/questions/${encodeURIComponent(question.id)}`,
    definition: {
      type: ACTIVITY_TYPES.question,
      name: { 'en-US': question.prompt },
      interactionType: 'choice',
      choices: question.options.map((o, i) => ({ id: String(i), description: { 'en-US': o.text } })),
      correctResponsesPattern: [choiceResponse(question.options.flatMap((o, i) => (o.correct ? [i] : [])))],
    },
  };
}

/** xAPI's response format for choice interactions: the choice ids joined by "[,]". */
export function choiceResponse(indexes: number[]): string {
  return [...indexes].sort((a, b) => a - b).join('[,]');
}

export function extension(publicUrl: string, name: string): string {
  return `${publicUrl}/xapi/extensions/${name}`;
}

export function agent(person: Person) {
  return { objectType: 'Agent' as const, name: person.name, mbox: `mailto:${person.email}` };
}

/** ISO 8601 duration of whole seconds, as xAPI result.duration wants it. */
export function isoDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${rest || (!h && !m) ? `${rest}S` : ''}`;
}

export interface StatementInput {
  orgId: string;
  /** The learner the statement is about (for export filters); the actor may be someone else. */
  subjectId: string | null;
  actor: Person;
  verb: VerbName;
  object: Activity | ReturnType<typeof agent>;
  result?: Record<string, unknown>;
  context?: {
    registration?: string;
    parent?: Activity[];
    instructor?: Person;
    extensions?: Record<string, unknown>;
  };
  timestamp?: Date;
}

export function buildStatement(input: StatementInput & { id: string; timestamp: Date }) {
  const context: Record<string, unknown> = { platform: 'Milewide', language: 'en' };
  if (input.context?.registration) context.registration = input.context.registration;
  if (input.context?.parent?.length) context.contextActivities = { parent: input.context.parent };
  if (input.context?.instructor) context.instructor = agent(input.context.instructor);
  if (input.context?.extensions && Object.keys(input.context.extensions).length) context.extensions = input.context.extensions;
  const verb = VERBS[input.verb];
  return {
    id: input.id,
    actor: agent(input.actor),
    verb: { id: verb.id, display: { 'en-US': verb.display } },
    object: input.object,
    ...(input.result ? { result: input.result } : {}),
    context,
    timestamp: input.timestamp.toISOString(),
    version: '1.0.3',
  };
}

/** Records one learning event; call it inside the transaction that makes the change. */
export async function recordStatement(tx: Tx, input: StatementInput): Promise<string> {
  const id = randomUUID();
  const timestamp = input.timestamp ?? new Date();
  const statement = buildStatement({ ...input, id, timestamp });
  await tx.insert(xapiStatements).values({ id, orgId: input.orgId, personId: input.subjectId, verb: VERBS[input.verb].id, objectId: statement.object.objectType === 'Activity' ? statement.object.id : statement.object.mbox, statement, timestamp });
  return id;
}
