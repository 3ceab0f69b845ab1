import { pgTable, uuid, text, integer, jsonb, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from '../org/schema.js';
import { people } from '../identity/schema.js';

/**
 * An organisation's Ed25519 signing keys. Exactly one is `active` (used for new credentials);
 * `retired` keys stay published in the JWKS and DID document so older credentials still verify.
 * The private JWK is stored AES-256-GCM encrypted (see key-vault.ts).
 */
export const issuerKeys = pgTable(
  'certify_issuer_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** Fragment of the verification method id, e.g. `key-1`; the JWT `kid` is `<issuer DID>#key-1`. */
    keyName: text('key_name').notNull(),
    publicJwk: jsonb('public_jwk').$type<Record<string, string>>().notNull(),
    privateJwkEncrypted: text('private_jwk_encrypted').notNull(),
    status: text('status').$type<'active' | 'retired'>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('certify_issuer_keys_org_name_unique').on(t.orgId, t.keyName), index('certify_issuer_keys_org_idx').on(t.orgId)],
);

/**
 * Revocation bits of one organisation (W3C Bitstring Status List v1.0, purpose `revocation`).
 * One list per organisation, 131,072 entries; `bits` is the raw bitstring, base64.
 */
export const statusLists = pgTable('certify_status_lists', {
  orgId: uuid('org_id').primaryKey().references(() => organisations.id, { onDelete: 'cascade' }),
  nextIndex: integer('next_index').notNull().default(0),
  bits: text('bits').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One issued Open Badges 3.0 credential and the VC-JWT exactly as signed. */
export const credentials = pgTable(
  'certify_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    /** The program it certifies (null for credentials issued outside a program). */
    programId: uuid('program_id'),
    achievementName: text('achievement_name').notNull(),
    jwt: text('jwt').notNull(),
    keyName: text('key_name').notNull(),
    statusIndex: integer('status_index').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    /** Set on renewal: the newer credential. The old one stays valid until its own expiry. */
    supersededBy: uuid('superseded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('certify_credentials_person_idx').on(t.orgId, t.personId), uniqueIndex('certify_credentials_status_unique').on(t.orgId, t.statusIndex)],
);
export * from './program-schema.js';
