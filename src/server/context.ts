import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { JobEngine } from './jobs/engine.js';
import type { EmailDelivery } from './notify/outbox.js';
import type { WebhookDelivery } from './notify/webhook-delivery.js';
import type { LiveHub } from './notify/live.js';

/** What every module's routes and services are given. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobEngine;
  email: EmailDelivery;
  webhooks: WebhookDelivery;
  /** Live updates to browsers (Server-Sent Events) across instances. */
  live: LiveHub;
  log: Logger;
}
