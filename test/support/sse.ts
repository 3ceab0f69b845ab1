export interface SseEvent {
  id: string | undefined;
  event: string;
  data: any;
}

export interface SseStream {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  /** Resolves with the first event (from the start of the stream) that matches, waiting for it if need be. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** A Server-Sent Events client over real HTTP (fetch), parsing events as a browser's EventSource would. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  let endedResolve!: () => void;
  const ended = new Promise<void>((r) => (endedResolve = r));
  const pump = async () => {
    if (!res.body) return endedResolve();
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let split: number;
        while ((split = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (!line || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const name = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, '');
            fields[name] = name in fields ? `${fields[name]}\n${value}` : value;
          }
          if (fields.data === undefined) continue;
          let data: unknown = fields.data;
          try {
            data = JSON.parse(fields.data);
          } catch {
            // kept as text
          }
          events.push({ id: fields.id, event: fields.event ?? 'message', data });
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // aborted by close()
    }
    endedResolve();
    for (const w of waiters.splice(0)) w();
  };
  void pump();
  let finished = false;
  void ended.then(() => (finished = true));
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    ended,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (finished) throw new Error(`the stream ended without the event; got ${JSON.stringify(events.map((e) => e.event))}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.event, e.data?.kind ?? '']))}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(left, 200));
          waiters.push(() => (clearTimeout(t), r()));
        });
      }
    },
    close: () => controller.abort(),
  };
}
