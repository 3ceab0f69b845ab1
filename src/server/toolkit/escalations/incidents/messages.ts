import type { ProcedureSnapshot } from '../procedure-snapshot.js';

export type Channel = 'email' | 'webhook' | 'in_app';

/** One thing to tell people about an incident, in the words of each channel. */
export interface Announcement {
  /** Part of every idempotency key: the timer key, or the event's timeline id. */
  eventKey: string;
  /** Stored as the outbox / webhook delivery kind. */
  kind: string;
  subject: string;
  /** The message itself, shared by every channel. */
  lines: string[];
  channels: Channel[];
  /** E-mail carries the recipient's own acknowledgement link. */
  ackLink: boolean;
}

export interface IncidentFacts {
  id: string;
  title: string;
  details: string;
  state: string;
  openedAt: Date;
  openedByName: string;
  snapshot: ProcedureSnapshot;
}

export function formatTime(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function incidentLink(publicUrl: string, incidentId: string): string {
  return `${publicUrl}/incidents/${incidentId}`;
}

function minutesText(minutes: number): string {
  if (minutes % 60 === 0 && minutes >= 60) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function stepAnnouncement(incident: IncidentFacts, stepNumber: number, occurrence: number, timerKey: string): Announcement {
  const s = incident.snapshot;
  const step = s.steps[stepNumber - 1];
  const total = s.steps.length;
  const when = occurrence === 1 ? `${minutesText(step.offsetMinutes)} after opening` : `repeat ${occurrence - 1}, every ${minutesText(s.repeatEveryMinutes ?? 60)} until resolved`;
  const heading = occurrence === 1 ? `Step ${stepNumber} of ${total}: ${step.title}` : `Step ${stepNumber} repeated: ${step.title}`;
  return {
    eventKey: timerKey,
    kind: 'incident.step',
    subject: `[Incident] ${incident.title}: ${heading}`,
    lines: [`${heading} (${when}).`, step.expected ? `What is expected: ${step.expected}` : '', `The incident is still ${incident.state === 'acknowledged' ? 'open (acknowledged)' : 'open'}.`].filter(Boolean),
    channels: ['email', 'webhook', 'in_app'],
    ackLink: true,
  };
}

export function openedAnnouncement(incident: IncidentFacts): Announcement {
  const first = incident.snapshot.steps[0];
  return {
    eventKey: 'opened',
    kind: 'incident.opened',
    subject: `[Incident] Opened: ${incident.title}`,
    lines: [
      `${incident.openedByName} opened an incident following the procedure "${incident.snapshot.title}".`,
      incident.details ? `Details: ${incident.details}` : '',
      first ? `First step, ${minutesText(first.offsetMinutes)} after opening: ${first.title}.` : '',
      `Status updates are due every ${minutesText(incident.snapshot.statusUpdateEveryMinutes)} until it is resolved.`,
    ].filter(Boolean),
    channels: ['email', 'in_app'],
    ackLink: true,
  };
}

export function statusUpdateAnnouncement(incident: IncidentFacts, timelineId: number, authorName: string, message: string): Announcement {
  return {
    eventKey: `update:${timelineId}`,
    kind: 'incident.status_update',
    subject: `[Incident] Status update: ${incident.title}`,
    lines: [`Status update from ${authorName}:`, message, `Next update due in ${minutesText(incident.snapshot.statusUpdateEveryMinutes)}.`],
    channels: ['email', 'webhook', 'in_app'],
    ackLink: false,
  };
}

export function statusDueAnnouncement(incident: IncidentFacts, timerKey: string): Announcement {
  return {
    eventKey: timerKey,
    kind: 'incident.status_due',
    subject: `[Incident] A status update is due: ${incident.title}`,
    lines: [
      `A status update on this incident is due now (every ${minutesText(incident.snapshot.statusUpdateEveryMinutes)}).`,
      'Post what is known, what is being done and when the next update comes. Silence reads as inaction.',
    ],
    channels: ['email', 'in_app'],
    ackLink: false,
  };
}

export function statusLateAnnouncement(incident: IncidentFacts, timerKey: string, dueAt: Date): Announcement {
  return {
    eventKey: timerKey,
    kind: 'incident.status_late',
    subject: `[Incident] Status update is late: ${incident.title}`,
    lines: [`The status update due at ${formatTime(dueAt)} has not been posted.`, 'Post one now: the people affected are waiting to hear from IT.'],
    channels: ['email', 'in_app'],
    ackLink: false,
  };
}

export function resolvedAnnouncement(incident: IncidentFacts, byName: string, resolution: string): Announcement {
  return {
    eventKey: 'resolved',
    kind: 'incident.resolved',
    subject: `[Incident] Resolved: ${incident.title}`,
    lines: [`${byName} resolved the incident. No further escalation steps will fire.`, resolution ? `Resolution: ${resolution}` : ''].filter(Boolean),
    channels: ['email', 'webhook', 'in_app'],
    ackLink: false,
  };
}

/** The e-mail body for one recipient. */
export function emailText(a: Announcement, incident: IncidentFacts, recipient: { name: string; role: string }, links: { incident: string; ack: string | null }): string {
  return [
    `Hello ${recipient.name},`,
    '',
    ...a.lines,
    '',
    `Incident: ${incident.title}`,
    `Procedure: ${incident.snapshot.title} (version ${incident.snapshot.version})`,
    `Opened: ${formatTime(incident.openedAt)} by ${incident.openedByName}`,
    '',
    ...(links.ack ? ['Acknowledge that you have seen this (no sign-in needed):', links.ack, ''] : []),
    `Follow the incident: ${links.incident}`,
    '',
    `You receive this as ${recipient.role || 'a contact'} on the procedure "${incident.snapshot.title}".`,
  ].join('\n');
}

/** The chat message: plain text (Slack, Mattermost and Teams all link a bare URL). */
export function chatText(a: Announcement, link: string): string {
  return `${a.subject}\n${a.lines.join('\n')}\nOpen the incident: ${link}`;
}
