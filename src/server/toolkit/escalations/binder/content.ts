import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, type FieldError } from '../../../http/errors.js';
import type { ProcedureContact, ProcedureStep } from '../procedure-snapshot.js';
import { SITUATIONS } from './templates.js';

/** Ids of contacts and steps are chosen by the client (so a step can name a contact added in the same request) or by us. */
const localId = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, 'may use only letters, digits, "-" and "_"');

const MAX_MINUTES = 7 * 24 * 60;

export const contactInput = z.strictObject({
  id: localId.optional(),
  kind: z.enum(['person', 'vendor']),
  name: z.string().trim().min(1).max(120),
  personId: z.uuid().nullable().optional(),
  role: z.string().trim().max(120).default(''),
  email: z.email('must be an e-mail address').max(254).nullable().optional(),
  // Checked in validateContent so that the message says what to fix (http or https only).
  webhookUrl: z.string().trim().max(2000).nullable().optional(),
});
export type ContactInput = z.infer<typeof contactInput>;

export const stepInput = z.strictObject({
  id: localId.optional(),
  offsetMinutes: z.number().int('must be whole minutes').min(0, 'must be 0 or more minutes after the incident opens').max(MAX_MINUTES, 'must be within 7 days'),
  title: z.string().trim().min(1).max(160),
  notify: z.array(localId).max(50).default([]),
  expected: z.string().trim().max(2000).default(''),
});
export type StepInput = z.infer<typeof stepInput>;

const nameList = z.array(z.string().trim().min(1).max(120)).max(50);

/** The editable content of a procedure; every field is optional in a PATCH. */
export const procedureFields = z.strictObject({
  situation: z.enum(SITUATIONS).optional(),
  title: z.string().trim().min(1).max(160).optional(),
  summary: z.string().trim().max(2000).optional(),
  supportAreaId: z.uuid().nullable().optional(),
  expertPersonId: z.uuid().nullable().optional(),
  itPointPersonId: z.uuid().nullable().optional(),
  sitePointPersonId: z.uuid().nullable().optional(),
  sitePointContactId: localId.nullable().optional(),
  sites: nameList.optional(),
  services: nameList.optional(),
  contacts: z.array(contactInput).max(60).optional(),
  steps: z.array(stepInput).max(24).optional(),
  repeatEveryMinutes: z.number().int().min(5, 'must be at least 5 minutes').max(24 * 60).nullable().optional(),
  statusUpdateEveryMinutes: z.number().int().min(5, 'must be at least 5 minutes').max(24 * 60).optional(),
});
export type ProcedureFields = z.infer<typeof procedureFields>;

export interface ProcedureContent {
  sitePointPersonId: string | null;
  sitePointContactId: string | null;
  contacts: ProcedureContact[];
  steps: ProcedureStep[];
}

const newId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export function normaliseContacts(contacts: ContactInput[]): ProcedureContact[] {
  return contacts.map((c) => ({
    id: c.id ?? newId('contact'),
    kind: c.kind,
    name: c.name,
    personId: c.kind === 'person' ? (c.personId ?? null) : null,
    role: c.role,
    email: c.email ? c.email.toLowerCase() : null,
    webhookUrl: c.webhookUrl ? c.webhookUrl : null,
  }));
}

export function normaliseSteps(steps: StepInput[]): ProcedureStep[] {
  return steps.map((s) => ({ id: s.id ?? newId('step'), offsetMinutes: s.offsetMinutes, title: s.title, notify: [...new Set(s.notify)], expected: s.expected }));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const minutes = (m: number) => (m % 60 === 0 ? `${m / 60} h` : m > 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`);

/**
 * Rules that hold for every saved procedure, draft or not: each contact can be reached, webhooks
 * are http(s), contact and step ids are unique, steps run in strictly increasing time, and steps
 * and the site point person name only contacts that exist. Throws one 400 listing every problem.
 */
export function validateContent(content: ProcedureContent, options: { stepsInBody?: boolean } = {}): void {
  const stepsInBody = options.stepsInBody ?? true;
  const errors: FieldError[] = [];
  const contactIds = new Set<string>();
  content.contacts.forEach((c, i) => {
    const at = `body.contacts.${i}`;
    if (contactIds.has(c.id)) errors.push({ path: `${at}.id`, message: `another contact already has the id "${c.id}"` });
    contactIds.add(c.id);
    if (!c.email && !c.webhookUrl) errors.push({ path: at, message: `"${c.name}" has no way to be reached: give an e-mail address or a webhook URL` });
    if (c.webhookUrl && !isHttpUrl(c.webhookUrl)) errors.push({ path: `${at}.webhookUrl`, message: 'must be an http:// or https:// URL' });
  });
  const stepIds = new Set<string>();
  content.steps.forEach((s, i) => {
    const at = `body.steps.${i}`;
    if (stepIds.has(s.id)) errors.push({ path: `${at}.id`, message: `another step already has the id "${s.id}"` });
    stepIds.add(s.id);
    const previous = content.steps[i - 1];
    if (s.offsetMinutes < 0) errors.push({ path: `${at}.offsetMinutes`, message: 'must be 0 or more minutes after the incident opens' });
    else if (previous && s.offsetMinutes <= previous.offsetMinutes) {
      errors.push({ path: `${at}.offsetMinutes`, message: `must be later than the step before it (${minutes(previous.offsetMinutes)}); steps run in time order` });
    }
    s.notify.forEach((id, j) => {
      if (contactIds.has(id)) return;
      if (stepsInBody) errors.push({ path: `${at}.notify.${j}`, message: `no contact with the id "${id}" in this procedure; add the contact first` });
      else errors.push({ path: 'body.contacts', message: `the contact "${id}" is still told at step ${i + 1} ("${s.title}"); take it out of that step too` });
    });
  });
  if (content.sitePointContactId && !contactIds.has(content.sitePointContactId)) {
    errors.push({ path: 'body.sitePointContactId', message: `no contact with the id "${content.sitePointContactId}" in this procedure` });
  }
  if (content.sitePointContactId && content.sitePointPersonId) {
    errors.push({ path: 'body.sitePointContactId', message: 'the site point person is either a person or a contact, not both; clear one of them' });
  }
  if (errors.length) throw new AppError(400, 'invalid_procedure', `The procedure cannot be saved: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}
