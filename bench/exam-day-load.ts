import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Answer {
  status: number;
  body: any;
  ms: number;
}

/** Keep-alive HTTP client for the virtual candidates: one socket per lane, like browsers that stay connected. */
export class Client {
  private agent: Agent;

  constructor(
    private base: string,
    sockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  call(method: string, path: string, session: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { cookie: `mw_session=${session}` };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(this.base + path, { method, headers, agent: this.agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
        });
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Runs `work` for every element with at most `lanes` at a time. */
export async function inLanes<T>(list: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, list.length) }, async () => {
      while (next < list.length) await work(list[next++]);
    }),
  );
}

export class Latencies {
  readonly ms: number[] = [];
  bad = 0;
  firstBad: string | undefined;

  record(a: Answer, ok: boolean, what: string) {
    this.ms.push(a.ms);
    if (!ok) {
      this.bad++;
      this.firstBad ??= `${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`;
    }
  }

  percentile(p: number): number {
    if (this.ms.length === 0) return 0;
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }
}
