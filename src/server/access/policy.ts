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
  'items.manage': (a: Actor) => isAdmin(a) || isAuthor(a),
  'items.analyse': (a: Actor) => isAdmin(a) || isAuthor(a),
  'exams.manage': (a: Actor) => isAdmin(a) || isAuthor(a),
  'exams.accommodate': (a: Actor) => isAdmin(a),
  'certify.review': (a: Actor) => isAdmin(a) || isAuthor(a),
  'certify.manage': (a: Actor) => isAdmin(a),
} satisfies Record<string, (a: Actor) => boolean>;

export type Permission = keyof typeof RULES;
export const PERMISSIONS = Object.keys(RULES) as Permission[];

/** Route access declarations. Every route must carry one; the server refuses routes without. */
export type Access = 'public' | 'signed-in' | Permission;

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes('org_admin');
}

export function isAuthor(actor: Actor): boolean {
  return actor.roles.includes('author');
}

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  return !!actor && RULES[permission](actor);
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
