import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A signed acknowledgement link for one recipient of one incident: whoever holds the e-mail can
 * acknowledge without signing in, and the token is worth nothing for another incident or person.
 */
export function ackToken(key: Buffer, incidentId: string, recipientKey: string): string {
  return createHmac('sha256', key).update(`incident-ack/${incidentId}/${recipientKey}`).digest('base64url');
}

export function verifyAckToken(key: Buffer, incidentId: string, recipientKey: string, token: string): boolean {
  const expected = Buffer.from(ackToken(key, incidentId, recipientKey));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function ackUrl(publicUrl: string, key: Buffer, incidentId: string, recipientKey: string): string {
  const q = new URLSearchParams({ incident: incidentId, r: recipientKey, t: ackToken(key, incidentId, recipientKey) });
  return `${publicUrl}/acknowledge?${q.toString()}`;
}
