import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  secureCookies: boolean;
  sessionDays: number;
  logLevel: string;
  trustProxy: boolean;
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Sign-in and other credential attempts allowed per minute from one address. */
  authRatePerMinute: number;
  webDir: string;
  /**
   * Length of one escalation "minute" in milliseconds (MILEWIDE_ESCALATION_MINUTE_MS). 60000 in
   * real use; tests and benchmarks shrink it so that a 30-minute step fires after 30 seconds (1000)
   * or less. It also scales the timer and delivery recovery sweeps. Test and bench only.
   */
  escalationMinuteMs: number;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  const n = int(name, value, fallback);
  if (n < 1) throw new Error(`${name} must be at least 1, got "${value}"`);
  return n;
}

/** Reads every setting from the environment; README.md lists them all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = int('PORT', env.PORT, 3000);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = (env.PUBLIC_URL || `http://${host}:${port}`).replace(/\/$/, '');
  return {
    port,
    host,
    publicUrl,
    dataDir: resolve(env.MILEWIDE_DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    // The demo's sign-ins are published, so it is only on by default where nobody else can reach it.
    demo: bool(env.MILEWIDE_DEMO, isLoopback(host)),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Milewide <no-reply@milewide.local>',
    secureCookies: bool(env.MILEWIDE_SECURE_COOKIES, publicUrl.startsWith('https://')),
    sessionDays: int('MILEWIDE_SESSION_DAYS', env.MILEWIDE_SESSION_DAYS, 14),
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: bool(env.TRUST_PROXY, false),
    loginMaxFailures: int('MILEWIDE_LOGIN_MAX_FAILURES', env.MILEWIDE_LOGIN_MAX_FAILURES, 5),
    loginLockMinutes: int('MILEWIDE_LOGIN_LOCK_MINUTES', env.MILEWIDE_LOGIN_LOCK_MINUTES, 15),
    authRatePerMinute: int('MILEWIDE_AUTH_RATE_PER_MINUTE', env.MILEWIDE_AUTH_RATE_PER_MINUTE, 20),
    webDir: resolve(env.MILEWIDE_WEB_DIR || './dist/web'),
    escalationMinuteMs: positiveInt('MILEWIDE_ESCALATION_MINUTE_MS', env.MILEWIDE_ESCALATION_MINUTE_MS, 60_000),
    ...overrides,
  };
}
