import { eq, sql } from 'drizzle-orm';
import { gunzipSync, gzipSync } from 'fflate';
import type { Db } from '../db/client.js';
import { statusLists } from './schema.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** W3C Bitstring Status List v1.0: at least 16 KB, i.e. 131,072 entries. */
export const STATUS_LIST_ENTRIES = 131_072;
const EMPTY_BITS = Buffer.alloc(STATUS_LIST_ENTRIES / 8).toString('base64');

async function lockedList(tx: Tx, orgId: string) {
  await tx.insert(statusLists).values({ orgId, bits: EMPTY_BITS }).onConflictDoNothing();
  const [row] = await tx.select().from(statusLists).where(eq(statusLists.orgId, orgId)).for('update');
  return row;
}

/** Takes the next free index of the organisation's list (inside the issuing transaction). */
export async function allocateStatusIndex(tx: Tx, orgId: string): Promise<number> {
  const row = await lockedList(tx, orgId);
  if (row.nextIndex >= STATUS_LIST_ENTRIES) throw new Error('The status list of this organisation is full');
  await tx.update(statusLists).set({ nextIndex: sql`${statusLists.nextIndex} + 1` }).where(eq(statusLists.orgId, orgId));
  return row.nextIndex;
}

/** Sets the bit at `index` (bit 0 is the most significant bit of the first byte, as the spec says). */
export async function setStatusBit(tx: Tx, orgId: string, index: number): Promise<void> {
  const row = await lockedList(tx, orgId);
  const bits = Buffer.from(row.bits, 'base64');
  bits[index >> 3] |= 0x80 >> (index & 7);
  await tx.update(statusLists).set({ bits: bits.toString('base64'), updatedAt: new Date() }).where(eq(statusLists.orgId, orgId));
}

export async function loadBits(db: Pick<Db, 'select'>, orgId: string): Promise<Uint8Array> {
  const [row] = await db.select({ bits: statusLists.bits }).from(statusLists).where(eq(statusLists.orgId, orgId));
  return new Uint8Array(Buffer.from(row?.bits ?? EMPTY_BITS, 'base64'));
}

/** Multibase base64url (prefix `u`) of the GZIP-compressed bitstring. */
export function encodeList(bits: Uint8Array): string {
  return `u${Buffer.from(gzipSync(bits, { mtime: 0 })).toString('base64url')}`;
}

export function decodeList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix "u")');
  return gunzipSync(new Uint8Array(Buffer.from(encoded.slice(1), 'base64url')));
}

export function bitAt(bits: Uint8Array, index: number): boolean {
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}
