import pino from 'pino';
import { loadConfig, type Config } from '../../src/server/config.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';
import { freshDatabase } from './database.js';
import { HttpClient } from './http.js';
import type { EmailRetryOptions } from '../../src/server/notify/outbox.js';
import type { LearningJobOptions } from '../../src/server/learning/jobs.js';
import type { WebhookRetryOptions } from '../../src/server/notify/webhook-delivery.js';

export interface TestServer {
  runtime: Runtime;
  url: string;
  config: Config;
  /** A client with its own cookie jar, like a separate browser. */
  client(): HttpClient;
  close(): Promise<void>;
}

/** Starts the real app on a random loopback port over a fresh database. */
export async function startTestServer(
  overrides: Partial<Config> = {},
  runtimeOptions: { emailRetry?: EmailRetryOptions; webhookRetry?: WebhookRetryOptions; learning?: LearningJobOptions } = {},
): Promise<TestServer> {
  const database = await freshDatabase();
  const config = loadConfig({}, { demo: false, logLevel: 'warn', host: '127.0.0.1', port: 0, publicUrl: 'http://127.0.0.1', authRatePerMinute: 1000, ...overrides });
  const runtime = await createRuntime(config, { database, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' }), ...runtimeOptions });
  const address = await runtime.built.app.listen({ host: '127.0.0.1', port: 0 });
  runtime.ctx.config.publicUrl = address;
  return {
    runtime,
    url: address,
    config: runtime.ctx.config,
    client: () => new HttpClient(address),
    async close() {
      await runtime.close();
      await database.drop();
    },
  };
}
