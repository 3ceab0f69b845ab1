// Test support: an organisation with an author, candidates, a seeded bank and exams created over HTTP.
import type { TestServer } from '../../../../../test/support/server.js';
import { createTestOrg, PASSWORD, type TestOrg } from '../../../../../test/support/fixtures.js';
import type { HttpClient } from '../../../../../test/support/http.js';
import { itemsFor, seedBank, type SeededItem, type SeedItem } from './bank-fixture.js';

export const COMPETENCIES = { 'downtime-escalation': 6, 'capacity-planning': 5, 'vendor-management': 4 } as const;

export interface ExamWorld {
  org: TestOrg;
  author: HttpClient;
  admin: HttpClient;
  bank: Map<string, SeededItem>;
  /** A signed-in candidate (learner) with their person id. */
  candidate(key: string): Promise<{ client: HttpClient; id: string }>;
  createExam(overrides?: Record<string, unknown>): Promise<{ id: string; [k: string]: unknown }>;
}

let examCounter = 0;

export async function examWorld(server: TestServer, name = 'Exam IT', extraItems: SeedItem[] = []): Promise<ExamWorld> {
  const org = await createTestOrg(server, name);
  const authorPerson = await org.addPerson('exam-author', ['author']);
  const author = server.client();
  await author.login(authorPerson.email, PASSWORD);
  const admin = server.client();
  await admin.login(org.admin.email, PASSWORD);
  const bank = await seedBank(server.runtime.ctx.db, org.orgId, 'professional', [...itemsFor(COMPETENCIES), ...extraItems]);
  return {
    org,
    author,
    admin,
    bank,
    async candidate(key) {
      const person = await org.addPerson(key, ['learner']);
      const client = server.client();
      await client.login(person.email, PASSWORD);
      return { client, id: person.id };
    },
    async createExam(overrides = {}) {
      examCounter += 1;
      const res = await author.post('/api/v1/exams', {
        examKey: `exam-${examCounter}`,
        title: `Professional exam ${examCounter}`,
        bankKey: 'professional',
        blueprint: [
          { competency: 'downtime-escalation', count: 3 },
          { competency: 'capacity-planning', count: 2 },
          { competency: 'vendor-management', count: 2 },
        ],
        timeLimitMinutes: 30,
        cutScorePercent: 70,
        status: 'published',
        ...overrides,
      });
      if (res.status !== 201) throw new Error(`creating the exam gave ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

/** The key of a delivered item, read from the seeded bank (what the candidate must never see). */
export function keyOf(world: ExamWorld, itemVersionId: string): SeededItem {
  for (const item of world.bank.values()) if (item.itemVersionId === itemVersionId) return item;
  throw new Error(`item version ${itemVersionId} is not in the seeded bank`);
}

/** The display option ids ("1".."n") of the correct options of a delivered item. */
export function correctDisplayIds(world: ExamWorld, deliveredItem: { itemId: string; options: { id: string; text: string }[] }): string[] {
  const item = keyOf(world, deliveredItem.itemId);
  const correctTexts = new Set(item.options.filter((o) => o.correct).map((o) => o.text));
  return deliveredItem.options.filter((o) => correctTexts.has(o.text)).map((o) => o.id);
}

export function wrongDisplayId(world: ExamWorld, deliveredItem: { itemId: string; options: { id: string; text: string }[] }): string {
  const right = new Set(correctDisplayIds(world, deliveredItem));
  return deliveredItem.options.find((o) => !right.has(o.id))!.id;
}
