import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  receivedAt: number;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>; add any path, e.g. `${url}/hooks/it-ops`. */
  url: string;
  received: ReceivedHook[];
  /** Times at which requests were answered with an error status, in order. */
  refusals: number[];
  /** Answers the next `count` requests with `status` (5xx and 429 are retried by Milewide, other 4xx are not). */
  failNext(count: number, status?: number): void;
  /** Resolves with the requests to `path` once there are at least `count` of them. */
  waitFor(path: string, count?: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

/** A real HTTP server on a random loopback port standing in for a chat tool's incoming webhook. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const refusals: number[] = [];
  let failCount = 0;
  let failStatus = 503;
  const server = createServer((req, res) => {
    // A sender killed mid-request resets the connection; that is the sender's story, not an error here.
    req.on('error', () => undefined);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failCount > 0) {
        failCount--;
        refusals.push(Date.now());
        res.writeHead(failStatus, { 'content-type': 'text/plain' }).end(failStatus >= 500 ? 'temporarily unavailable' : 'no such hook');
        return;
      }
      let body: unknown = Buffer.concat(chunks).toString('utf8');
      try {
        body = JSON.parse(body as string);
      } catch {
        // kept as text; a test asserting on JSON will fail visibly
      }
      received.push({ path: req.url ?? '', headers: req.headers, body, receivedAt: Date.now() });
      // Slack answers "ok" as text/plain.
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    refusals,
    failNext(count, status = 503) {
      failCount = count;
      failStatus = status;
    },
    async waitFor(path, count = 1, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter((r) => r.path === path);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook request(s) to ${path} within ${timeoutMs} ms, got ${found.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
