import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedSelect } from '../db/prepared.js';
import { hashSecret, newSecret } from '../http/tokens.js';
import { people, sessions, apiTokens } from './schema.js';
import type { Actor } from '../access/policy.js';
import type { Role } from '../../shared/roles.js';

export const SESSION_COOKIE = 'mw_session';
export const API_TOKEN_PREFIX = 'mwt_';

export async function createSession(db: Db, personId: string, days: number, userAgent = ''): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = newSecret();
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await db.insert(sessions).values({ tokenHash: hash, personId, expiresAt, userAgent: userAgent.slice(0, 300) });
  return { token, expiresAt };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(token)));
}

export async function endAllSessions(db: Db, personId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.personId, personId));
}

const actorColumns = {
  personId: people.id,
  orgId: people.orgId,
  email: people.email,
  name: people.name,
  roles: people.roles,
  status: people.status,
  managesPeople: sql<boolean>`exists(select 1 from people r where r.manager_id = ${people.id} and r.status = 'active')`,
};

function prepareSessionLookup(db: Db) {
  const query = db
    .select(actorColumns)
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('hash')), gt(sessions.expiresAt, sql`now()`)));
  return preparedSelect(db, 'actor_from_session', query, actorColumns, ['text']);
}

// Every signed-in request runs this lookup; preparing it once per database saves rebuilding the SQL
// and, on PGlite, parsing and planning it (db/prepared.ts).
const sessionLookups = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>();

export async function actorFromSession(db: Db, token: string): Promise<Actor | null> {
  const tokenHash = hashSecret(token);
  let lookup = sessionLookups.get(db);
  if (!lookup) sessionLookups.set(db, (lookup = prepareSessionLookup(db)));
  const [row] = await lookup.execute({ hash: tokenHash });
  if (!row || row.status !== 'active') return null;
  return { ...row, roles: row.roles as Role[], via: 'session', sessionHash: tokenHash };
}

export async function actorFromApiToken(db: Db, token: string): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ ...actorColumns, tokenId: apiTokens.id, revokedAt: apiTokens.revokedAt, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(people, eq(people.id, apiTokens.personId))
    .where(eq(apiTokens.tokenHash, hashSecret(token)));
  if (!row || row.status !== 'active' || row.revokedAt) return null;
  if (row.expiresAt && row.expiresAt <= new Date()) return null;
  // Record use at most once a minute, to keep token-authenticated reads cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return {
    personId: row.personId,
    orgId: row.orgId,
    email: row.email,
    name: row.name,
    roles: row.roles as Role[],
    managesPeople: row.managesPeople,
    via: 'token',
    tokenId: row.tokenId,
  };
}
