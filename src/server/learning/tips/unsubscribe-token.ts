import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { safeEqual } from '../../http/tokens.js';
import { people } from '../../identity/schema.js';
import { organisations } from '../../org/schema.js';
import { loadLearningSettings } from '../settings.js';

type Tx = Pick<Db, 'select' | 'insert'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sign(key: string, personId: string): string {
  return createHmac('sha256', key).update(`tips-unsubscribe:${personId}`).digest('base64url');
}

/**
 * An unsubscribe link works without signing in, so it carries the person and a signature made with
 * the organisation's key (learning_settings). It does not expire: an old e-mail must still unsubscribe.
 */
export async function unsubscribeToken(tx: Tx, orgId: string, personId: string): Promise<string> {
  const settings = await loadLearningSettings(tx, orgId);
  return `${personId}.${sign(settings.tipsSigningKey, personId)}`;
}

/** The person a token names if its signature holds, else undefined. */
export async function personFromToken(tx: Tx, token: string) {
  const [personId, signature] = token.split('.');
  if (!personId || !signature || !UUID.test(personId)) return undefined;
  const [person] = await tx
    .select({ id: people.id, orgId: people.orgId, email: people.email, name: people.name, organisationName: organisations.name })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.orgId))
    .where(eq(people.id, personId));
  if (!person) return undefined;
  const settings = await loadLearningSettings(tx, person.orgId);
  return safeEqual(signature, sign(settings.tipsSigningKey, personId)) ? person : undefined;
}

/** "samuel.osei@x.test" -> "s***i@x.test": enough to recognise, not enough to harvest from a forwarded link. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  const shown = local.length <= 2 ? `${local[0]}*` : `${local[0]}***${local[local.length - 1]}`;
  return `${shown}@${domain}`;
}
