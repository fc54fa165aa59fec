// A real HTTP server on 127.0.0.1 for tests: it records every request it receives and answers
// with whatever the test's handler writes, including broken answers a stub could not fake.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The senders users get, each case run over both: Node's http (the default on Node) and fetch. */
export const SENDERS = [
  ['Node http', undefined],
  ['global fetch', globalThis.fetch],
] as const;

export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/api/v2/public/session-token?force_refresh=true`. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse, socket: Socket) => void | Promise<void>;

/** An answer: status, body (JSON unless a string, which is sent as is) and headers. */
export type Answer = [status: number, body: unknown, headers?: Record<string, string>];

export interface TestServer {
  url: string;
  requests: ReceivedRequest[];
  /** Replaces the handler, e.g. per test. */
  handle(handler: Handler): void;
  /** Answers each request with the next of `answers`, then repeats the last; `retry-after: 0` keeps retries fast. */
  answer(...answers: Answer[]): void;
  close(): Promise<void>;
}

export async function startServer(handler: Handler = (_, res) => void res.end()): Promise<TestServer> {
  let current = handler;
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received = {
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(received);
    try {
      await current(received, res, req.socket);
    } catch (error) {
      res.destroy(error as Error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    answer(...answers) {
      let i = 0;
      current = (_, res) => {
        const [status, body, headers] = answers[Math.min(i++, answers.length - 1)]!;
        if (typeof body !== 'string') return json(res, status, body, { 'retry-after': '0', ...headers });
        res.writeHead(status, { 'content-type': 'text/plain', 'retry-after': '0', ...headers });
        res.end(body);
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * What a promise rejects with, for asserting on the error: it throws if the promise resolves, or
 * if the error is not a `type` when one is given.
 */
export async function rejectionOf<E = Error>(
  promise: Promise<unknown>,
  type?: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (type && !(error instanceof type)) throw new Error(`expected a ${type.name}, got ${String(error)}`);
    return error as E;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
