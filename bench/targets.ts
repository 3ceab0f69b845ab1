import type { LoadResult } from './load.js';

/** Where a benchmark runs: the embedded database in a directory, or a PostgreSQL database. */
export type Target = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export function databaseEnv(target: Target): NodeJS.ProcessEnv {
  return target.kind === 'pglite' ? { MILEWIDE_DATA_DIR: target.dataDir, BENCH_DATA_DIR: target.dataDir, DATABASE_URL: '' } : { DATABASE_URL: target.url, BENCH_DATABASE_URL: target.url };
}

export interface EndpointResults {
  me: LoadResult;
  people: LoadResult;
}

export const ENDPOINTS = { me: '/api/v1/me', people: '/api/v1/people?limit=50' } as const;

/** Fails loudly when a server answers wrongly, so a fast error page is never taken for speed. */
export async function checkAnswers(url: string, cookie: string, expectedPeople: number): Promise<void> {
  const me = await fetch(url + ENDPOINTS.me, { headers: { cookie } });
  const meBody = (await me.json()) as { id?: string; organisationName?: string };
  if (me.status !== 200 || !meBody.id || !meBody.organisationName) throw new Error(`${url}${ENDPOINTS.me} answered ${me.status}: ${JSON.stringify(meBody).slice(0, 300)}`);
  const list = await fetch(url + ENDPOINTS.people, { headers: { cookie } });
  const listBody = (await list.json()) as { items?: unknown[]; total?: number };
  if (list.status !== 200 || listBody.items?.length !== 50 || listBody.total !== expectedPeople) {
    throw new Error(`${url}${ENDPOINTS.people} answered ${list.status} with ${listBody.items?.length} items of ${listBody.total} (expected 50 of ${expectedPeople})`);
  }
}
