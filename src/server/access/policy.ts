import type { Role } from '../../shared/roles.js';
import { AppError, forbidden, notFound } from '../http/errors.js';

/** Who is acting: resolved from a session cookie or an API token on every request. */
export interface Actor {
  personId: string;
  orgId: string;
  email: string;
  name: string;
  roles: Role[];
  via: 'session' | 'token';
  sessionHash?: string;
  tokenId?: string;
}

/**
 * Every permission in the product, and the rule that grants it. This is the one place that
 * decides; routes name a permission (or 'public' / 'signed-in') in their `config.access`.
 */
const RULES = {
  'people.manage': (a: Actor) => isAdmin(a),
  'teams.manage': (a: Actor) => isAdmin(a),
  'invitations.manage': (a: Actor) => isAdmin(a),
  'people.import': (a: Actor) => isAdmin(a),
  'outbox.read': (a: Actor) => isAdmin(a),
  'audit.read': (a: Actor) => isAdmin(a),
  'framework.manage': (a: Actor) => isAdmin(a),
  'content.manage': (a: Actor) => isAdmin(a) || a.roles.includes('author'),
  /** Organisation-wide learning: everyone's path progress, learning settings. */
  'learning.manage': (a: Actor) => isAdmin(a),
  'xapi.export': (a: Actor) => isAdmin(a),
  'lrs.manage': (a: Actor) => isAdmin(a),
} satisfies Record<string, (a: Actor) => boolean>;

export type Permission = keyof typeof RULES;
export const PERMISSIONS = Object.keys(RULES) as Permission[];

/** Route access declarations. Every route must carry one; the server refuses routes without. */
export type Access = 'public' | 'signed-in' | Permission;

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes('org_admin');
}

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  return !!actor && RULES[permission](actor);
}

/**
 * How the actor stands to the person a request is about. Services load it (see
 * learning/relations.ts) because it depends on data: "manager" means the subject's manager_id is the
 * actor, the same reporting line the people module counts as direct reports.
 */
export interface Relation {
  isSelf: boolean;
  managesSubject: boolean;
  /** The record was started by the subject themselves (for example a self-enrolment). */
  subjectStarted?: boolean;
}

/**
 * Permissions that depend on who the subject is. Routes carrying them declare 'signed-in' and the
 * service calls enforceFor() once it knows the subject; a same-organisation subject the rule refuses
 * answers 403, another organisation's answers 404 (assertSameOrg) before the rule is asked.
 */
const RELATIONAL_RULES = {
  /** Assign a learning path with a due date: admins to anyone, managers to their direct reports. */
  'learning.assign': (a: Actor, r: Relation) => isAdmin(a) || r.managesSubject,
  /** Read someone's path progress and continuing-education hours. */
  'learning.progress.read': (a: Actor, r: Relation) => r.isSelf || r.managesSubject || isAdmin(a),
  /** Withdraw an enrolment: whoever could assign it, or the learner from a path they chose themselves. */
  'learning.withdraw': (a: Actor, r: Relation) => isAdmin(a) || r.managesSubject || (r.isSelf && r.subjectStarted === true),
} satisfies Record<string, (a: Actor, r: Relation) => boolean>;

export type RelationalPermission = keyof typeof RELATIONAL_RULES;

export function canFor(actor: Actor, permission: RelationalPermission, relation: Relation): boolean {
  return RELATIONAL_RULES[permission](actor, relation);
}

export function enforceFor(actor: Actor, permission: RelationalPermission, relation: Relation, message: string): void {
  if (!canFor(actor, permission, relation)) throw forbidden(message);
}

export function permissionsOf(actor: Actor): Permission[] {
  return PERMISSIONS.filter((p) => can(actor, p));
}

export const unauthenticated = () => new AppError(401, 'unauthenticated', 'Sign in first, or send a valid API token');

/** Checks a route's access declaration against the actor; throws 401/403. */
export function enforce(access: Access | undefined, actor: Actor | null): void {
  if (access === undefined) throw forbidden('This route has no access rule, so it is closed');
  if (access === 'public') return;
  if (!actor) throw unauthenticated();
  if (access === 'signed-in') return;
  if (!can(actor, access)) throw forbidden(`You need the "${access}" permission for this`);
}

/**
 * Another organisation's records must look exactly like records that do not exist.
 * Services call this after loading a row by id.
 */
export function assertSameOrg<T extends { orgId: string | null }>(actor: Actor, row: T | undefined, what: string): T {
  if (!row || row.orgId !== actor.orgId) throw notFound(what);
  return row;
}
