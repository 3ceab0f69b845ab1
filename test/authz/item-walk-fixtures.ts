import type { TestServer } from '../support/server.js';

/** Callers of organisation A who may manage items get their own draft to delete. */
const MANAGERS = ['author', 'admin'] as const;

export interface ItemWalkIds {
  /** A published item the walk reads and edits (each edit makes a new version). */
  itemId: string;
  /** A draft the first permitted caller publishes (publishing again is a no-op). */
  publishItemId: string;
  /** A published item to retire, and a retired one to restore (both no-ops when repeated). */
  retireItemId: string;
  restoreItemId: string;
  /** Per caller: a draft of their own to delete; callers without the permission get admin's. */
  draftIds: Record<string, string>;
  scenarioId: string;
}

const item = (key: string, publish: boolean) => ({
  bankKey: 'walk-bank',
  itemKey: key,
  kind: 'single',
  competency: 'downtime-escalation',
  stem: `Walk item ${key}: the mail server is down for an hour. Who hears from IT first?`,
  options: [
    { text: 'The affected managers, with the next update time', correct: true, rationale: 'They need to plan around the outage.' },
    { text: 'Nobody until it is fixed', correct: false, rationale: 'Silence reads as inaction.' },
    { text: 'Only the vendor', correct: false, rationale: 'The vendor fixes; the managers still need to know.' },
  ],
  publish,
});

/** Item bank records in organisation A for the authorisation walk, created through the API by A's admin. */
export async function createItemWalkFixtures(server: TestServer, sessions: Record<string, string | undefined>): Promise<ItemWalkIds> {
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { cookie: `mw_session=${sessions.admin}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`setup: ${method} ${path} gave ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const itemId = (await call('POST', '/api/v1/items', item('walk-item', true))).id;
  const publishItemId = (await call('POST', '/api/v1/items', item('walk-to-publish', false))).id;
  const retireItemId = (await call('POST', '/api/v1/items', item('walk-to-retire', true))).id;
  const restoreItemId = (await call('POST', '/api/v1/items', item('walk-to-restore', true))).id;
  await call('POST', `/api/v1/items/${restoreItemId}/retire`);
  const draftIds: Record<string, string> = {};
  for (const who of MANAGERS) draftIds[who] = (await call('POST', '/api/v1/items', item(`walk-draft-${who}`, false))).id;
  for (const who of ['anonymous', 'otherAdmin', 'learner', 'mentor', 'manager']) draftIds[who] = draftIds.admin;
  const scenarioId = (await call('POST', '/api/v1/item-scenarios', { bankKey: 'walk-bank', scenarioKey: 'walk-scenario', title: 'Walk outage', caseText: 'The mail server stopped at 09:00.' })).id;
  return { itemId, publishItemId, retireItemId, restoreItemId, draftIds, scenarioId };
}
