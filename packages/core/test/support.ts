// The transport and ClientCore against real HTTP servers on 127.0.0.1 (testing/server.ts):
// the global fetch (undici) talks to them over real sockets, so refused connections, cut-off
// bodies, stalls and oversized answers are the real thing, not a stub's idea of them.
//
// What the transport-*.test.ts and client-core.test.ts files share: the API profile, the server
// each test gets (useServer), the two senders, and the helpers that build requests and answers.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type ApiProfile, ClientCore, type Logger } from '../src/index.js';
import type { Transport, TransportSettings } from '../src/transport.js';
import { createTransport } from '../src/transport.js';
import { type Handler, json, startServer, type TestServer } from '../testing/server.js';
import { defineFamily } from './family.js';

export const errors = defineFamily('Test');

interface Envelope {
  message?: string;
  code?: string;
  request_id?: string;
}

export const profile: ApiProfile = {
  errors,
  describeError: (body) => {
    const envelope = (body && typeof body === 'object' ? body : {}) as Envelope;
    return { message: envelope.message, code: envelope.code, requestId: envelope.request_id };
  },
  isDeterministic: (status, text) => status === 500 && text.includes('No linked account found'),
  // `/x` is marked idempotent, so the retry tests hold for it as for a GET; `/mint` is a POST
  // that is not, like minting a link token; `/tokens` mints unless `force` is set.
  operations: {
    repeatable: { method: 'POST', path: '/x', parameters: [], idempotent: true },
    mint: { method: 'POST', path: '/mint', parameters: [] },
    token: {
      method: 'POST',
      path: '/tokens',
      parameters: [{ name: 'force', in: 'query', required: false, schema: { type: 'boolean' } }],
      idempotent: { unless: 'force' },
    },
    item: {
      method: 'GET',
      path: '/items/{item_id}',
      parameters: [{ name: 'item_id', in: 'path', required: true, schema: { type: 'string' } }],
    },
  },
};

export const API_KEY = 'secret-key-123';
export const REQUEST_BODY = '{"a":1}';
/** Keeps retries instant where the wait itself is not under test. */
export const NOW = { 'retry-after': '0' };

// --- server --------------------------------------------------------------------------------------

/**
 * The running test's server. An ES module binding is live, so the files that import it see each
 * new server useServer() starts; they cannot assign it, which is why the hooks live here.
 */
export let server: TestServer;

/**
 * Gives every test of the calling file a fresh server, and fails a test that leaves a promise
 * rejected without a handler. Call it once, at the top level of each file that makes requests.
 */
export function useServer(): void {
  beforeEach(async () => {
    server = await startServer();
  });

  afterEach(async () => {
    await server.close();
  });

  // Any promise the transport leaves rejected without a handler would show up here.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled, 'unhandled rejections').toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    // The next file this worker runs (isolate: false) starts on Node's http again.
    senderFetch = undefined;
  });
}

// --- senders -------------------------------------------------------------------------------------

// Every transport behaviour holds for both senders (SENDERS, from @org/core/testing).
export { rejectionOf, SENDERS } from '../testing/server.js';

let senderFetch: typeof fetch | undefined;

/** Makes transport() send through `fetchImpl` (undefined: Node's http); call it from a beforeAll. */
export function setSender(fetchImpl: typeof fetch | undefined): void {
  senderFetch = fetchImpl;
}

// --- helpers -------------------------------------------------------------------------------------

/** A POST like the ones openapi-fetch builds, carrying a credential header. */
export function post(path = '/x', init: RequestInit = {}): Request {
  return new Request(server.url + path, {
    method: 'POST',
    body: REQUEST_BODY,
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    ...init,
  });
}

export function transport(settings: Partial<TransportSettings> = {}): Transport {
  return createTransport(profile, {
    baseUrl: server.url,
    fetch: senderFetch,
    timeoutMs: 2000,
    maxRetries: 2,
    log: undefined,
    secrets: [API_KEY],
    ...settings,
  });
}

/** Answers with each handler in turn, the last one for every request after. */
export function sequence(...handlers: Handler[]): Handler {
  let next = 0;
  return (request, response, socket) => handlers[Math.min(next++, handlers.length - 1)]!(request, response, socket);
}

export const status =
  (code: number, body: unknown = { message: `status ${code}` }, headers: Record<string, string> = NOW): Handler =>
  (_, res) =>
    json(res, code, body, headers);

/** Leaves the request hanging: no status line, no headers. */
export const hang: Handler = () => {};

export interface Line {
  level: string;
  message: string;
}

export function capture(): { lines: Line[]; logger: Logger } {
  const lines: Line[] = [];
  const push = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, logger: { error: push('error'), warn: push('warn'), info: push('info'), debug: push('debug') } };
}

/** A fetch that counts attempts and hands them to the real global fetch. */
export function countingFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const counted: typeof fetch = (input, init) => {
    calls++;
    return globalThis.fetch(input, init);
  };
  return { fetch: counted, calls: () => calls };
}

/** The URL of a port that had a server a moment ago and now refuses connections. */
export async function deadUrl(): Promise<string> {
  const dead = await startServer();
  await dead.close();
  return dead.url;
}

// --- ClientCore ----------------------------------------------------------------------------------

export type Json = { 'application/json': unknown };

/** A one-operation API in openapi-typescript's shape. */
export interface Paths {
  '/x': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: {
      parameters: { query?: { q?: string }; header?: never; path?: never; cookie?: never };
      requestBody: { content: { 'application/json': { a: number } } };
      responses: {
        200: { headers: { [name: string]: unknown }; content: { 'application/json': { ok: boolean } } };
        default: { headers: { [name: string]: unknown }; content: Json };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}

export type Options = ConstructorParameters<typeof ClientCore<Paths>>[3];

export function core(options: Partial<Options> = {}): ClientCore<Paths> {
  return new ClientCore<Paths>('Test', '@org/test', profile, {
    baseUrl: server.url,
    authHeaders: { 'x-api-key': API_KEY },
    ...options,
  });
}
