import type { Actor } from '../../src/server/access/policy.js';
import { createJobRole } from '../../src/server/framework/service.js';
import type { TestServer } from '../support/server.js';

/** The learning test pack (imported into organisation A by the learning fixtures) and its framework keys. */
export const WALK_PACK = 'learning-test-pack';
export const WALK_LEVEL = 'tech_lead';
export const WALK_STAGE = 'foundations';
export const WALK_COMPETENCY = 'delegation';
export const WALK_ROLE = 'walk-role';
export const WALK_DOOMED_ROLE = 'walk-doomed-role';

/** Job roles in organisation A: one to read and change, one the admin deletes. */
export async function createContentWalkFixtures(server: TestServer, admin: Actor): Promise<void> {
  const ctx = server.runtime.ctx;
  await createJobRole(ctx, admin, { id: WALK_ROLE, title: 'Walk role', level: 'it_manager', requirements: [{ kind: 'certificate', ref: 'professional', withinMonths: 12 }] });
  await createJobRole(ctx, admin, { id: WALK_DOOMED_ROLE, title: 'Walk role to delete', level: 'tech_lead' });
}
