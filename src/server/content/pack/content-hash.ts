import { createHash } from 'node:crypto';

/** A stable hash of parsed content: the same values give the same hash whatever the file's formatting. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
