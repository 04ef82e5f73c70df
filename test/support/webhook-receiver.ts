/** A webhook receiver on 127.0.0.1 for tests and the benchmark: records every request, answers per a script. */
import { createServer, type IncomingMessage } from 'node:http';

export interface ReceivedRequest {
  readonly at: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly status: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Requests answered 2xx. */
  delivered(): ReceivedRequest[];
  waitFor(check: (r: WebhookReceiver) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `answer(request, nth)` gives the status for the nth request (1-based) of the same `ce-id`. */
export async function startReceiver(answer: (body: string, nthForEvent: number) => number = () => 200): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const perEvent = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['ce-id'] ?? '');
      const n = (perEvent.get(id) ?? 0) + 1;
      perEvent.set(id, n);
      const status = answer(body, n);
      requests.push({ at: Date.now(), headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    delivered: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    async waitFor(check, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check(receiver)) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms (${requests.length} requests)`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return receiver;
}
