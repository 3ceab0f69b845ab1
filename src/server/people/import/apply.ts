import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../access/policy.js';
import { recordAudit, recordAudits } from '../../audit/service.js';
import { people } from '../../identity/schema.js';
import { teams } from '../../org/schema.js';
import type { ImportColumn } from './columns.js';
import { findTeam, teamKey } from './org-snapshot.js';
import type { ImportPlan, PlannedRow } from './plan.js';

type Writer = Pick<Db, 'select' | 'insert' | 'update'>;

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  teamsCreated: number;
}

export interface ApplyOptions {
  orgId: string;
  /** null when the CLI imports as the system. */
  actor: Actor | null;
  onProgress?: (written: number, total: number) => void;
}

const INSERT_BATCH = 250;

const COLUMN_FIELDS: Record<ImportColumn, keyof typeof people.$inferInsert> = {
  email: 'email',
  name: 'name',
  team: 'teamId',
  manager_email: 'managerId',
  career_level: 'careerLevel',
  job_role: 'jobRole',
  roles: 'roles',
};

/** Writes a plan that has no errors. Call inside one transaction: teams, then new people, then updates. */
export async function applyPlan(tx: Writer, plan: ImportPlan, options: ApplyOptions): Promise<ImportResult> {
  const { orgId, actor } = options;
  const audit = (entry: Parameters<typeof recordAudit>[2]) => recordAudit(tx, actor, { ...entry, orgId });

  const newTeamIds = new Map<string, string>();
  for (const name of plan.teamsToCreate) {
    const [team] = await tx.insert(teams).values({ orgId, name }).returning();
    newTeamIds.set(teamKey(name), team.id);
    await audit({ action: 'team.import_create', entityType: 'team', entityId: team.id, after: team });
  }
  const teamIdOf = (name: string | null) => (name === null ? null : (findTeam(plan.snapshot, name)?.id ?? newTeamIds.get(teamKey(name))!));

  const creates = plan.rows.filter((r) => r.action === 'create');
  const updates = plan.rows.filter((r) => r.action === 'update');
  const newIds = new Map(creates.map((r) => [r.email, randomUUID()]));
  const personIdOf = (email: string | null) => (email === null ? null : (plan.snapshot.peopleByEmail.get(email)?.id ?? newIds.get(email)!));
  const total = creates.length + updates.length;
  let written = 0;

  // Managers go in before their reports so every batch's manager references already exist.
  const ordered = managersFirst(creates);
  for (let i = 0; i < ordered.length; i += INSERT_BATCH) {
    const batch = ordered.slice(i, i + INSERT_BATCH);
    const inserted = await tx
      .insert(people)
      .values(
        batch.map(({ parsed: p }) => ({
          id: newIds.get(p.email)!,
          orgId,
          email: p.email,
          name: p.name,
          teamId: p.team === undefined ? null : teamIdOf(p.team),
          managerId: p.managerEmail === undefined ? null : personIdOf(p.managerEmail),
          careerLevel: p.careerLevel ?? 'individual_contributor',
          jobRole: p.jobRole ?? '',
          roles: p.roles ?? ['learner'],
        })),
      )
      .returning();
    await recordAudits(tx, actor, inserted.map((row) => ({ orgId, action: 'person.import_create', entityType: 'person', entityId: row.id, after: row })));
    written += batch.length;
    options.onProgress?.(written, total);
  }

  for (const row of updates) {
    const p = row.parsed;
    const next: Record<string, unknown> = {
      name: p.name,
      teamId: p.team === undefined ? undefined : teamIdOf(p.team),
      managerId: p.managerEmail === undefined ? undefined : personIdOf(p.managerEmail),
      careerLevel: p.careerLevel,
      jobRole: p.jobRole,
      roles: p.roles,
    };
    const fields = row.changes!.map((c) => COLUMN_FIELDS[c]);
    const changes = Object.fromEntries(fields.map((f) => [f, next[f]]));
    const before = Object.fromEntries(fields.map((f) => [f, (row.existing as unknown as Record<string, unknown>)[f]]));
    await tx.update(people).set({ ...changes, updatedAt: new Date() }).where(eq(people.id, row.existing!.id));
    await audit({ action: 'person.import_update', entityType: 'person', entityId: row.existing!.id, before, after: changes });
    written++;
    if (written % INSERT_BATCH === 0 || written === total) options.onProgress?.(written, total);
  }

  return { created: creates.length, updated: updates.length, unchanged: plan.summary.unchanged, teamsCreated: plan.teamsToCreate.length };
}

/** Orders new people so that a manager who is also new comes before the people reporting to them. */
function managersFirst(creates: PlannedRow[]): PlannedRow[] {
  const byEmail = new Map(creates.map((r) => [r.email, r]));
  const depth = new Map<string, number>();
  const depthOf = (row: PlannedRow): number => {
    const known = depth.get(row.email);
    if (known !== undefined) return known;
    // The plan has no reporting loops, so this climb ends; iterate to keep deep chains off the stack.
    const chain: PlannedRow[] = [];
    let current: PlannedRow | undefined = row;
    while (current && !depth.has(current.email)) {
      chain.push(current);
      current = current.parsed.managerEmail ? byEmail.get(current.parsed.managerEmail) : undefined;
    }
    let d = current ? depth.get(current.email)! + 1 : 0;
    for (let i = chain.length - 1; i >= 0; i--) depth.set(chain[i].email, d++);
    return depth.get(row.email)!;
  };
  return [...creates].sort((a, b) => depthOf(a) - depthOf(b));
}
