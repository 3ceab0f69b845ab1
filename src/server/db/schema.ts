// The one pg-core schema: every module's tables, re-exported for drizzle and drizzle-kit.
export * from '../org/schema.js';
export * from '../identity/schema.js';
export * from '../audit/schema.js';
export * from '../notify/schema.js';
export * from '../assess/items/schema.js';
export * from '../assess/exams/schema.js';
export * from '../certify/schema.js';
