// Seeds an exam day straight into a database (used by the crash test and bench/exam-day.ts): an
// organisation, many candidates with session tokens, a bank and a published exam.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/client.js';
import { organisations } from '../../../org/schema.js';
import { people, sessions as sessionRows } from '../../../identity/schema.js';
import { newSecret } from '../../../http/tokens.js';
import { exams } from '../schema.js';
import { itemsFor, seedBank } from './bank-fixture.js';

export interface ExamDay {
  orgId: string;
  examId: string;
  /** Session cookie values, one per candidate. */
  sessions: string[];
  itemCount: number;
}

const COMPETENCIES = ['downtime-escalation', 'capacity-planning', 'vendor-management', 'project-delivery', 'internal-client-service'];

/** `items` items on each form, spread over five competencies (the bank holds twice as many). */
export async function seedExamDay(database: Database, opts: { candidates: number; items: number; timeLimitMinutes?: number }): Promise<ExamDay> {
  const db = database.db;
  const [org] = await db.insert(organisations).values({ name: 'Exam Day IT', slug: `exam-day-${randomUUID().slice(0, 8)}` }).returning();
  const perCompetency = COMPETENCIES.map((c, i) => ({ competency: c, count: Math.floor(opts.items / COMPETENCIES.length) + (i < opts.items % COMPETENCIES.length ? 1 : 0) })).filter((l) => l.count > 0);
  await seedBank(database.db, org.id, 'professional', itemsFor(Object.fromEntries(perCompetency.map((l) => [l.competency, l.count * 2]))));
  const [exam] = await db
    .insert(exams)
    .values({ orgId: org.id, examKey: 'exam-day', title: 'Exam day', bankKey: 'professional', blueprint: perCompetency, timeLimitMinutes: opts.timeLimitMinutes ?? 120, cutScorePercent: 70, status: 'published' })
    .returning();
  const rows = Array.from({ length: opts.candidates }, (_, i) => ({ id: randomUUID(), orgId: org.id, email: `candidate-${i}@exam-day.example`, name: `Candidate ${i + 1}`, roles: ['learner'] }));
  for (let i = 0; i < rows.length; i += 500) await db.insert(people).values(rows.slice(i, i + 500));
  // Sessions as sign-in makes them (hash stored, token kept), in batches rather than one by one.
  const secrets = rows.map(() => newSecret());
  const expiresAt = new Date(Date.now() + 86_400_000);
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(sessionRows).values(rows.slice(i, i + 500).map((r, j) => ({ tokenHash: secrets[i + j].hash, personId: r.id, expiresAt, userAgent: 'exam day' })));
  }
  const sessions = secrets.map((s) => s.token);
  return { orgId: org.id, examId: exam.id, sessions, itemCount: opts.items };
}
