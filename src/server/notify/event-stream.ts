import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveHub, LiveTopic } from './live.js';

export interface StreamEvent {
  /** Increasing; sent as the SSE id so a reconnecting browser resumes after it (Last-Event-ID). */
  id: number;
  event: string;
  data: unknown;
}

export interface EventStreamOptions {
  topic: LiveTopic;
  /** Events after the given id (all when null), oldest first. */
  after(lastId: number | null): Promise<StreamEvent[]>;
  /** false: send what there is and close (for scripts and checks); true: stay open. */
  follow: boolean;
  /** Resume point from the query (?after=) when the Last-Event-ID header is absent. */
  resumeAfter?: number | null;
  heartbeatMs?: number;
}

function lastEventId(request: FastifyRequest, fallback: number | null | undefined): number | null {
  const header = request.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  const n = value !== undefined && value !== '' ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= 0) return n;
  return fallback ?? null;
}

/**
 * A Server-Sent Events stream: the backlog first, then new events as the live hub announces them.
 * It checks the database again on every heartbeat too, so an announcement lost with a dropped
 * database connection only delays an event. Writes are serialised: one read at a time.
 */
export async function openEventStream(hub: LiveHub, request: FastifyRequest, reply: FastifyReply, opts: EventStreamOptions): Promise<void> {
  let last = lastEventId(request, opts.resumeAfter);
  const res = reply.raw;
  // Security headers set by hooks (helmet) are kept; the stream writes the rest itself.
  const headers: Record<string, string | number | string[]> = {};
  for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v as string | number | string[];
  reply.hijack();
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 3000\n\n');

  let closed = false;
  let running = false;
  let again = false;
  const write = (e: StreamEvent) => res.write(`id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
  const flush = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const events = await opts.after(last);
        if (closed) return;
        for (const e of events) {
          write(e);
          last = e.id;
        }
      } while (again && !closed);
    } catch (err) {
      request.log.warn({ err: (err as Error).message }, 'live stream could not read new events');
    } finally {
      running = false;
    }
  };

  await flush();
  if (!opts.follow) {
    res.end();
    return;
  }
  const handle = { end: () => finish() };
  const unsubscribe = hub.subscribe(opts.topic, () => void flush());
  const heartbeat = setInterval(() => {
    res.write(': heartbeat\n\n');
    void flush();
  }, opts.heartbeatMs ?? 15_000);
  hub.streams.add(handle);
  function finish() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    hub.streams.delete(handle);
    res.end();
  }
  request.raw.on('close', finish);
  res.on('close', finish);
}
