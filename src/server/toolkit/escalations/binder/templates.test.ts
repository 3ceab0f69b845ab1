import { describe, expect, it } from 'vitest';
import { missingForPublish } from './readiness.js';
import { stepsFromTemplate } from './procedures.js';
import { SITUATION_LABELS, SITUATIONS, TEMPLATES } from './templates.js';
import { validateContent } from './content.js';

describe('procedure templates', () => {
  it('cover the seven standard situations, one each', () => {
    expect(TEMPLATES.map((t) => t.situation).sort()).toEqual(SITUATIONS.filter((s) => s !== 'other').sort());
    for (const s of SITUATIONS) expect(SITUATION_LABELS[s]).toBeTruthy();
  });

  it('follow the escalation rhythm: 30 min, 1 h, 2 h, then hourly, each step saying who is told and what is expected', () => {
    for (const t of TEMPLATES) {
      expect(t.steps.map((s) => s.offsetMinutes), t.key).toEqual([30, 60, 120]);
      expect(t.repeatEveryMinutes, t.key).toBe(60);
      expect([30, 60], t.key).toContain(t.statusUpdateEveryMinutes);
      const roles = new Set(t.contacts.map((c) => c.role));
      for (const s of t.steps) {
        expect(s.notifyRoles.length, `${t.key}: ${s.title}`).toBeGreaterThan(0);
        for (const role of s.notifyRoles) expect(roles, `${t.key}: ${s.title} tells "${role}", which the template does not list`).toContain(role);
        expect(s.expected.length, `${t.key}: ${s.title}`).toBeGreaterThan(80);
      }
      // Management hears about it by the 2-hour step at the latest.
      expect(t.steps[2].notifyRoles.some((r) => /director|manager/i.test(r)), t.key).toBe(true);
      expect(t.summary.length, t.key).toBeGreaterThan(120);
      expect(t.contacts.some((c) => c.kind === 'vendor'), t.key).toBe(true);
    }
  });

  it('tick every step when the contacts hold the roles, giving content that passes validation and readiness', () => {
    for (const t of TEMPLATES) {
      const contacts = t.contacts.map((c, i) => ({ id: `c${i}`, kind: c.kind, name: c.role, personId: null, role: c.role.toUpperCase(), email: `c${i}@example.test`, webhookUrl: null }));
      const steps = stepsFromTemplate(t, contacts);
      expect(steps.every((s) => s.notify.length > 0), t.key).toBe(true);
      expect(() => validateContent({ contacts, steps, sitePointContactId: 'c0', sitePointPersonId: null })).not.toThrow();
      const row = {
        summary: t.summary,
        expertPersonId: 'p1',
        itPointPersonId: 'p1',
        sitePointPersonId: null,
        sitePointContactId: 'c0',
        sites: [],
        services: t.services.length ? t.services : ['Billing'],
        contacts,
        steps,
      } as unknown as Parameters<typeof missingForPublish>[0];
      expect(missingForPublish(row, new Map([['p1', { id: 'p1', name: 'P', email: 'p@example.test', active: true }]])), t.key).toEqual([]);
    }
  });
});
