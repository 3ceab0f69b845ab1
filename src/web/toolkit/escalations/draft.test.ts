import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../api/escalations';
import { bodyOf, draftOf, localErrors, nextOffset, type StepDraft } from './draft';
import { countdown, minutesLabel } from './labels';

const procedure = {
  title: 'E-mail is down',
  situation: 'email-outage',
  summary: 'Mail stops.',
  supportAreaId: 'area-1',
  expertPersonId: 'p-expert',
  itPointPersonId: 'p-it',
  sitePointPersonId: null,
  sitePointContactId: 'desk',
  sites: ['Head office'],
  services: ['Exchange'],
  contacts: [{ id: 'desk', kind: 'person', name: 'Front desk', personId: null, role: 'Site manager', email: 'desk@example.org', webhookUrl: null }],
  steps: [{ id: 's1', offsetMinutes: 30, title: 'Told', notify: ['desk'], expected: 'Know it.' }],
  repeatEveryMinutes: 60,
  statusUpdateEveryMinutes: 30,
} as unknown as Procedure;

const step = (offsetMinutes: string): StepDraft => ({ id: offsetMinutes, offsetMinutes, title: 't', notify: [], expected: '' });

describe('procedure editor draft', () => {
  it('round-trips a procedure into the PATCH body, with the revision it started from', () => {
    const body = bodyOf(draftOf(procedure), 7, true);
    expect(body).toMatchObject({
      revision: 7,
      supportAreaId: 'area-1',
      expertPersonId: 'p-expert',
      sitePointPersonId: null,
      sitePointContactId: 'desk',
      sites: ['Head office'],
      steps: [{ id: 's1', offsetMinutes: 30, notify: ['desk'] }],
      repeatEveryMinutes: 60,
    });
  });

  it('leaves the Expert and support area out for an Expert editing their own procedure', () => {
    const body = bodyOf(draftOf(procedure), 1, false);
    expect(body).not.toHaveProperty('expertPersonId');
    expect(body).not.toHaveProperty('supportAreaId');
  });

  it('sends one kind of site point person, no repeat when unticked, and trims empty lines and channels', () => {
    const d = { ...draftOf(procedure), siteMode: 'person' as const, sitePointPersonId: 'p-site', repeat: false, sites: ' Riverside \n\nNorthgate\n', contacts: [{ ...procedure.contacts[0], email: '  ', webhookUrl: ' https://chat.example/h ' }] };
    const body = bodyOf(d, 1, true);
    expect(body.sitePointPersonId).toBe('p-site');
    expect(body.sitePointContactId).toBeNull();
    expect(body.repeatEveryMinutes).toBeNull();
    expect(body.sites).toEqual(['Riverside', 'Northgate']);
    expect(body.contacts[0]).toMatchObject({ email: null, webhookUrl: 'https://chat.example/h' });
  });

  it('catches empty or fractional minutes before sending', () => {
    const d = { ...draftOf(procedure), steps: [step(''), step('2.5')], statusUpdateEveryMinutes: '' };
    expect(Object.keys(localErrors(d)).sort()).toEqual(['body.statusUpdateEveryMinutes', 'body.steps.0.offsetMinutes', 'body.steps.1.offsetMinutes']);
  });

  it('proposes the usual step times: 30 min, 1 h, 2 h, then every hour', () => {
    expect([nextOffset([]), nextOffset([step('0')]), nextOffset([step('30')]), nextOffset([step('60')]), nextOffset([step('120')]), nextOffset([step('180')])]).toEqual([30, 30, 60, 120, 180, 240]);
  });

  it('writes times the way the binder does', () => {
    expect([minutesLabel(0), minutesLabel(30), minutesLabel(60), minutesLabel(90), minutesLabel(120)]).toEqual(['at once', '30 min', '1 h', '1 h 30 min', '2 h']);
    expect([countdown(65_000), countdown(3_725_000), countdown(-5_000)]).toEqual(['1:05', '1:02:05', '0:05']);
  });
});
