import type { FieldError } from '../../../http/errors.js';
import { isDeliverableUrl } from '../../../notify/webhook-delivery.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';

export const MAX_STEPS = 20;
/** A week: longer offsets are almost certainly a unit mistake (hours typed as minutes). */
export const MAX_OFFSET_MINUTES = 7 * 24 * 60;

/**
 * The rules an incident's steps must satisfy before any timer is scheduled. The binder checks the
 * same when publishing; ad-hoc incidents and old snapshots are checked here. `path` prefixes each
 * field path (e.g. "body").
 */
export function checkSnapshot(s: ProcedureSnapshot, path = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const contactIds = new Set(s.contacts.map((c) => c.id));
  s.contacts.forEach((c, i) => {
    const at = `${path}.contacts.${i}`;
    if (!c.email && !c.webhookUrl && !c.personId) {
      errors.push({ path: at, message: `the contact "${c.name}" has no way to be reached: give an e-mail address, a webhook URL or a person in your organisation` });
    }
    if (c.webhookUrl && !isDeliverableUrl(c.webhookUrl)) errors.push({ path: `${at}.webhookUrl`, message: 'must be an http:// or https:// URL without a user name or password' });
  });
  if (new Set(s.contacts.map((c) => c.id)).size !== s.contacts.length) errors.push({ path: `${path}.contacts`, message: 'contact ids must be unique' });
  if (s.steps.length === 0) errors.push({ path: `${path}.steps`, message: 'add at least one step' });
  if (s.steps.length > MAX_STEPS) errors.push({ path: `${path}.steps`, message: `at most ${MAX_STEPS} steps` });
  s.steps.forEach((step, i) => {
    const at = `${path}.steps.${i}`;
    const offset = step.offsetMinutes;
    if (!Number.isFinite(offset) || offset < 0) errors.push({ path: `${at}.offsetMinutes`, message: `must be 0 or more minutes after the incident opens (got ${offset})` });
    else if (offset > MAX_OFFSET_MINUTES) errors.push({ path: `${at}.offsetMinutes`, message: `must be at most ${MAX_OFFSET_MINUTES} minutes (a week)` });
    else if (i > 0 && Number.isFinite(s.steps[i - 1].offsetMinutes) && offset <= s.steps[i - 1].offsetMinutes) {
      errors.push({ path: `${at}.offsetMinutes`, message: `step ${i + 1} at ${offset} min must come after step ${i} at ${s.steps[i - 1].offsetMinutes} min: offsets must increase` });
    }
    if (step.notify.length === 0) errors.push({ path: `${at}.notify`, message: 'name at least one contact to tell at this step' });
    step.notify.forEach((id, j) => {
      if (!contactIds.has(id)) errors.push({ path: `${at}.notify.${j}`, message: `no contact has the id "${id}"` });
    });
  });
  if (s.repeatEveryMinutes !== null && (!Number.isFinite(s.repeatEveryMinutes) || s.repeatEveryMinutes < 1)) {
    errors.push({ path: `${path}.repeatEveryMinutes`, message: 'must be at least 1 minute, or null for no repeat' });
  }
  if (!Number.isFinite(s.statusUpdateEveryMinutes) || s.statusUpdateEveryMinutes < 1) {
    errors.push({ path: `${path}.statusUpdateEveryMinutes`, message: 'must be at least 1 minute' });
  }
  return errors;
}
