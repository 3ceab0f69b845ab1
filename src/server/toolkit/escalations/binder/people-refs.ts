import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client.js';
import { AppError, type FieldError } from '../../../http/errors.js';
import { people } from '../../../identity/schema.js';

type Reader = Pick<Db, 'select'>;

export const personRefSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string(), active: z.boolean() });
export type PersonRef = z.infer<typeof personRefSchema>;

/** Names and e-mail of the given people of one organisation, by id; unknown ids are left out. */
export async function peopleByIds(db: Reader, orgId: string, ids: (string | null | undefined)[]): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, name: people.name, email: people.email, status: people.status })
    .from(people)
    .where(and(eq(people.orgId, orgId), inArray(people.id, wanted)));
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, email: r.email, active: r.status === 'active' }]));
}

/**
 * Every person a request names must be an active person of the caller's organisation. A person of
 * another organisation reads exactly like one that does not exist.
 */
export async function assertActivePeople(db: Reader, orgId: string, refs: { path: string; id: string | null | undefined }[]): Promise<Map<string, PersonRef>> {
  const found = await peopleByIds(db, orgId, refs.map((r) => r.id));
  const errors: FieldError[] = [];
  for (const ref of refs) {
    if (!ref.id) continue;
    const person = found.get(ref.id);
    if (!person) errors.push({ path: ref.path, message: 'no such person in your organisation' });
    else if (!person.active) errors.push({ path: ref.path, message: `${person.name} is deactivated; choose someone active` });
  }
  if (errors.length) throw new AppError(400, 'invalid_reference', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  return found;
}
