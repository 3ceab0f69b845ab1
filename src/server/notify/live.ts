import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Db } from '../db/client.js';

/** The one PostgreSQL notification channel for live updates in browsers. */
export const LIVE_CHANNEL = 'milewide_live';

/** What changed: an incident's timeline, or a person's in-app notifications. */
export type LiveTopic = `incident:${string}` | `person:${string}`;

type Tx = Pick<Db, 'execute'>;

/**
 * Announces changes inside the caller's transaction: PostgreSQL delivers the notification to every
 * instance's listener when (and only if) the transaction commits. The payload only names topics;
 * listeners read what is new from the database, so nothing depends on the payload size limit.
 */
export async function publishLive(tx: Tx, topics: LiveTopic[]): Promise<void> {
  const unique = [...new Set(topics)];
  // 8000 bytes is PostgreSQL's payload limit; topics are ~45 bytes each.
  for (let i = 0; i < unique.length; i += 150) {
    await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${unique.slice(i, i + 150).join(',')})`);
  }
}

type Listener = () => void;

/**
 * Fans database notifications out to this instance's open live streams. On PostgreSQL it holds one
 * dedicated LISTEN connection (reconnecting after a drop, then waking every stream so each catches
 * up); on PGlite it uses PGlite's in-process listen. Streams also catch up on a timer, so a
 * notification lost with a dropped connection delays an update but never loses it.
 */
export class LiveHub {
  private listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | undefined;
  private unlistenPglite: (() => Promise<void>) | undefined;
  private closed = false;
  private reconnectDelay = 500;
  /** Open streams, ended when the server shuts down. */
  readonly streams = new Set<{ end(): void }>();

  constructor(
    private database: Database,
    private log: Logger,
  ) {}

  async start(): Promise<void> {
    if (this.database.kind === 'pglite') {
      const unlisten = await this.database.pglite!.listen(LIVE_CHANNEL, (payload) => this.dispatch(payload));
      this.unlistenPglite = () => unlisten();
      return;
    }
    await this.connect();
  }

  private async connect(): Promise<void> {
    const pool = (this.database.db as unknown as { $client: pg.Pool }).$client;
    const client = new pg.Client({ ...pool.options, max: undefined } as pg.ClientConfig);
    client.on('notification', (msg) => {
      if (msg.channel === LIVE_CHANNEL && msg.payload) this.dispatch(msg.payload);
    });
    client.on('error', (err) => this.log.warn({ err: err.message }, 'live updates: listening connection failed; reconnecting'));
    client.on('end', () => {
      if (this.closed) return;
      this.client = undefined;
      setTimeout(() => void this.reconnect(), this.reconnectDelay).unref();
    });
    await client.connect();
    await client.query(`listen ${LIVE_CHANNEL}`);
    this.client = client;
    this.reconnectDelay = 500;
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.connect();
      // Whatever was announced while the connection was down: every stream looks for itself.
      for (const set of this.listeners.values()) for (const fn of set) fn();
    } catch (err) {
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, 10_000);
      this.log.warn({ err: (err as Error).message, retryInMs: this.reconnectDelay }, 'live updates: could not listen yet');
      setTimeout(() => void this.reconnect(), this.reconnectDelay).unref();
    }
  }

  private dispatch(payload: string): void {
    for (const topic of payload.split(',')) {
      const set = this.listeners.get(topic);
      if (set) for (const fn of set) fn();
    }
  }

  subscribe(topic: LiveTopic, fn: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(topic);
    };
  }

  /** Ends every open stream (browsers reconnect to another instance); called before the server closes. */
  endStreams(): void {
    for (const s of [...this.streams]) s.end();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.endStreams();
    await this.unlistenPglite?.().catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
