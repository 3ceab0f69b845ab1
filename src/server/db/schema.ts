// The one pg-core schema: every module's tables, re-exported for drizzle and drizzle-kit.
export * from '../org/schema.js';
export * from '../identity/schema.js';
export * from '../audit/schema.js';
export * from '../notify/schema.js';
export * from '../framework/schema.js';
export * from '../content/schema.js';
export * from '../learning/schema.js';
export * from '../toolkit/escalations/binder/schema.js';
export * from '../notify/webhook-schema.js';
export * from '../notify/in-app-schema.js';
export * from '../toolkit/escalations/incidents/schema.js';
export * from '../assess/items/schema.js';
export * from '../assess/exams/schema.js';
export * from '../certify/schema.js';
