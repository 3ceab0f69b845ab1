/**
 * JSON Schema of the fields Open Badges 3.0 (with VC Data Model 2.0) requires of an
 * AchievementCredential, written from the spec (sections B.1.1 AchievementCredential,
 * B.1.2 AchievementSubject, B.1.3 Achievement, B.1.6 Criteria, Profile, IdentityObject) plus the
 * Bitstring Status List entry. Used by tests to check what we issue.
 */
const typeIncludes = (name: string) => ({
  oneOf: [
    { type: 'string', const: name },
    { type: 'array', contains: { const: name }, items: { type: 'string' } },
  ],
});

export const ob3AchievementCredentialSchema = {
  type: 'object',
  required: ['@context', 'id', 'type', 'issuer', 'validFrom', 'credentialSubject'],
  properties: {
    '@context': {
      type: 'array',
      minItems: 2,
      prefixItems: [{ const: 'https://www.w3.org/ns/credentials/v2' }],
      contains: { type: 'string', pattern: '^https://purl\\.imsglobal\\.org/spec/ob/v3p0/context(-3\\.0\\.[0-9]+)?\\.json$' },
    },
    id: { type: 'string', format: 'uri' },
    type: { type: 'array', allOf: [{ contains: { const: 'VerifiableCredential' } }, { contains: { const: 'OpenBadgeCredential' } }] },
    name: { type: 'string' },
    issuer: {
      type: 'object',
      required: ['id', 'type'],
      properties: { id: { type: 'string', format: 'uri' }, type: typeIncludes('Profile'), name: { type: 'string', minLength: 1 }, url: { type: 'string', format: 'uri' } },
    },
    validFrom: { type: 'string', format: 'date-time' },
    validUntil: { type: 'string', format: 'date-time' },
    credentialSubject: {
      type: 'object',
      required: ['type', 'achievement'],
      anyOf: [{ required: ['id'] }, { required: ['identifier'] }],
      properties: {
        type: typeIncludes('AchievementSubject'),
        identifier: {
          type: 'array',
          items: {
            type: 'object',
            required: ['type', 'identityHash', 'identityType', 'hashed'],
            properties: { type: { const: 'IdentityObject' }, identityHash: { type: 'string' }, identityType: { type: 'string' }, hashed: { type: 'boolean' }, salt: { type: 'string' } },
          },
        },
        achievement: {
          type: 'object',
          required: ['id', 'type', 'criteria', 'description', 'name'],
          properties: {
            id: { type: 'string', format: 'uri' },
            type: typeIncludes('Achievement'),
            name: { type: 'string', minLength: 1 },
            description: { type: 'string', minLength: 1 },
            achievementType: { type: 'string' },
            criteria: { type: 'object', anyOf: [{ required: ['id'] }, { required: ['narrative'] }], properties: { narrative: { type: 'string', minLength: 1 } } },
          },
        },
      },
    },
    credentialStatus: {
      type: 'object',
      required: ['type', 'statusPurpose', 'statusListIndex', 'statusListCredential'],
      properties: {
        type: { const: 'BitstringStatusListEntry' },
        statusPurpose: { type: 'string' },
        statusListIndex: { type: 'string', pattern: '^[0-9]+$' },
        statusListCredential: { type: 'string', format: 'uri' },
      },
    },
  },
} as const;
