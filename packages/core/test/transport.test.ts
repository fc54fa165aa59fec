// The transport and ClientCore against real HTTP servers on 127.0.0.1 (testing/server.ts):
// the global fetch (undici) talks to them over real sockets, so refused connections, cut-off
// bodies, stalls and oversized answers are the real thing, not a stub's idea of them.
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json, startServer, type Handler, type TestServer } from '../testing/server.js';
import { ClientCore, createTransport, defineErrors, MAX_RESPONSE_BYTES, requireCredential, type ApiProfile, type Logger, type LogLevel } from '../src/index.js';
import { createLog, isLogLevel } from '../src/log.js';
import type { Transport, TransportSettings } from '../src/transport.js';

const errors = defineErrors('Test');

interface Envelope {
  message?: string;
  code?: string;
  request_id?: string;
}

const profile: ApiProfile = {
  errors,
  describeError: (body) => {
    const envelope = (body && typeof body === 'object' ? body : {}) as Envelope;
    return { message: envelope.message, code: envelope.code, requestId: envelope.request_id };
  },
  isDeterministic: (status, text) => status === 500 && text.includes('No linked account found'),
};

const API_KEY = 'secret-key-123';
const REQUEST_BODY = '{"a":1}';
/** Keeps retries instant where the wait itself is not under test. */
const NOW = { 'retry-after': '0' };

// --- helpers -------------------------------------------------------------------------------------

let server: TestServer;

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
});

/** A POST like the ones openapi-fetch builds, carrying a credential header. */
function post(path = '/x', init: RequestInit = {}): Request {
  return new Request(server.url + path, {
    method: 'POST',
    body: REQUEST_BODY,
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    ...init,
  });
}

function transport(settings: Partial<TransportSettings> = {}): Transport {
  return createTransport(profile, { fetch: senderFetch, timeoutMs: 2000, maxRetries: 2, log: undefined, ...settings });
}

/** Answers with each handler in turn, the last one for every request after. */
function sequence(...handlers: Handler[]): Handler {
  let next = 0;
  return (request, response, socket) => handlers[Math.min(next++, handlers.length - 1)]!(request, response, socket);
}

const status =
  (code: number, body: unknown = { message: `status ${code}` }, headers: Record<string, string> = NOW): Handler =>
  (_, res) =>
    json(res, code, body, headers);

/** Leaves the request hanging: no status line, no headers. */
const hang: Handler = () => {};

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

interface Line {
  level: string;
  message: string;
}

function capture(): { lines: Line[]; logger: Logger } {
  const lines: Line[] = [];
  const push = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, logger: { error: push('error'), warn: push('warn'), info: push('info'), debug: push('debug') } };
}

/** A fetch that counts attempts and hands them to the real global fetch. */
function countingFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const counted: typeof fetch = (input, init) => {
    calls++;
    return globalThis.fetch(input, init);
  };
  return { fetch: counted, calls: () => calls };
}

/** The URL of a port that had a server a moment ago and now refuses connections. */
async function deadUrl(): Promise<string> {
  const dead = await startServer();
  await dead.close();
  return dead.url;
}

// --- transport -----------------------------------------------------------------------------------

// Every transport behaviour holds for both senders: Node's http (the default on Node) and fetch.
const SENDERS = [['Node http', undefined], ['global fetch', globalThis.fetch]] as const;
let senderFetch: typeof fetch | undefined;

describe.each(SENDERS)('over %s', (_, fetchImpl) => {
  beforeAll(() => {
    senderFetch = fetchImpl;
  });

  describe('transport: answers', () => {
    it('returns a success with its body, headers and status', async () => {
      server.handle((_, res) => json(res, 201, { ok: true }, { 'x-request-id': 'req_1' }));
      const response = await transport()(post());
      expect(response.status).toBe(201);
      expect(response.headers.get('x-request-id')).toBe('req_1');
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/x', body: REQUEST_BODY });
      expect(server.requests[0]!.headers['x-api-key']).toBe(API_KEY);
      expect(server.requests[0]!.headers['content-type']).toBe('application/json');
    });

    it('keeps the query string', async () => {
      server.handle(status(200, {}));
      await transport()(post('/x?force_refresh=true&a=b%20c'));
      expect(server.requests[0]!.url).toBe('/x?force_refresh=true&a=b%20c');
    });

    it('sends a GET without a body', async () => {
      server.handle(status(200, { ok: 1 }));
      const response = await transport()(new Request(`${server.url}/y`));
      expect(await response.json()).toEqual({ ok: 1 });
      expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/y', body: '' });
    });

    it('returns an empty 200 body as empty text', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end();
      });
      const response = await transport()(post());
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    });

    it('returns a 204 with a null body', async () => {
      server.handle((_, res) => {
        res.writeHead(204);
        res.end();
      });
      const response = await transport()(post());
      expect(response.status).toBe(204);
      expect(response.body).toBeNull();
    });

    it('turns malformed JSON in a 200 into an APIError with status 200, not a SyntaxError', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"ok": tru');
      });
      const err = await rejection(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err).not.toBeInstanceOf(SyntaxError);
      const apiError = err as InstanceType<typeof errors.APIError>;
      expect(apiError.status).toBe(200);
      expect(apiError.message).toBe('The 200 response is not valid JSON (10 characters).');
      expect(apiError.body).toBeUndefined();
      expect(server.requests).toHaveLength(1);
    });

    // A success payload that fails to parse may hold a token that redaction cannot find in text.
    it('keeps a token out of the APIError for malformed JSON in a 200', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"token":"tok_live_SECRET","expire":3600,}');
      });
      const err = await rejection(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(JSON.stringify(err)).not.toContain('SECRET');
      expect(inspect(err, { depth: 10 })).not.toContain('SECRET');
    });

    // openapi-fetch parses every success as JSON, so a proxy's HTML page would be a SyntaxError.
    it('turns a success that is not JSON, whatever its content type, into an APIError', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>proxy login</html>');
      });
      const err = await rejection(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err).toMatchObject({ status: 200, message: 'The 200 response is not valid JSON (24 characters).' });
    });

    it('turns a status a Response cannot carry into an APIError', async () => {
      server.handle((_, __, socket) => void socket.end('HTTP/1.1 600 Odd\r\ncontent-length: 2\r\n\r\n{}'));
      const err = await rejection(transport({ maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err).toMatchObject({ status: 600, message: 'Unexpected HTTP status 600.' });
    });

    it('decodes UTF-8 split across chunks', async () => {
      server.handle(async (_, res) => {
        const bytes = Buffer.from(JSON.stringify({ name: 'Zoë 😀' }));
        res.writeHead(200, { 'content-type': 'application/json' });
        for (const byte of bytes) {
          res.write(Buffer.from([byte]));
        }
        res.end();
      });
      expect(await (await transport()(post())).json()).toEqual({ name: 'Zoë 😀' });
    });
  });

  describe('transport: redirects', () => {
    const redirect = (code: number, location: string): Handler => (_, res) => {
      res.writeHead(code, { location, 'content-length': '0' });
      res.end();
    };

    it('follows a 307, repeating the POST with its body', async () => {
      server.handle(sequence(redirect(307, '/moved'), status(200, { ok: true })));
      const response = await transport()(post());
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ['POST', '/x', REQUEST_BODY],
        ['POST', '/moved', REQUEST_BODY],
      ]);
    });

    it('follows a 303 with a GET and no body', async () => {
      server.handle(sequence(redirect(303, '/result'), status(200, { ok: true })));
      await transport()(post());
      expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ['POST', '/x', REQUEST_BODY],
        ['GET', '/result', ''],
      ]);
    });

    it('refuses a redirect to another origin, so credentials and body stay where they were sent', async () => {
      const other = await startServer((_, res) => json(res, 200, { ok: true }));
      try {
        server.handle(redirect(308, `${other.url}/elsewhere`));
        const err = await rejection(transport()(post()));
        expect(err).toBeInstanceOf(errors.APIError);
        expect(err).toMatchObject({ status: 308 });
        expect(err.message).toContain(`another origin (${other.url})`);
        expect(other.requests).toHaveLength(0);
      } finally {
        await other.close();
      }
    });

    it('stops after 5 redirects', async () => {
      server.handle(redirect(302, '/x'));
      const err = await rejection(transport()(post()));
      expect(err.message).toMatch(/more than 5 times/);
      expect(server.requests).toHaveLength(6);
    });
  });

  describe('transport: retries', () => {
    it('retries a 503 and returns the success that follows, re-sending the same body', async () => {
      server.handle(sequence(status(503), status(200, { ok: true })));
      const response = await transport()(post());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
      expect(server.requests.map((r) => r.body)).toEqual([REQUEST_BODY, REQUEST_BODY]);
      expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([API_KEY, API_KEY]);
      expect(server.requests.map((r) => r.headers['content-type'])).toEqual(['application/json', 'application/json']);
    });

    it('returns the last 500 after maxRetries + 1 attempts, without throwing', async () => {
      server.handle(status(500, { message: 'boom', code: 'internal' }));
      const response = await transport({ maxRetries: 2 })(post());
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'boom', code: 'internal' });
      expect(server.requests).toHaveLength(3);
      expect(new Set(server.requests.map((r) => r.body))).toEqual(new Set([REQUEST_BODY]));
    });

    it('does not retry the deterministic "No linked account found" 500', async () => {
      server.handle(status(500, { message: 'No linked account found for markwood@some_email.com' }));
      const response = await transport()(post());
      expect(response.status).toBe(500);
      expect(server.requests).toHaveLength(1);
      expect(await response.text()).toContain('No linked account found');
    });

    it.each([400, 401, 403, 404, 422])('does not retry a %i', async (code) => {
      server.handle(status(code));
      const response = await transport()(post());
      expect(response.status).toBe(code);
      expect(server.requests).toHaveLength(1);
    });

    it.each([408, 409, 429, 502, 504])('retries a %i', async (code) => {
      server.handle(sequence(status(code), status(200, { ok: true })));
      const response = await transport()(post());
      expect(response.status).toBe(200);
      expect(server.requests).toHaveLength(2);
    });

    it('honours the client maxRetries', async () => {
      server.handle(status(503));
      expect((await transport({ maxRetries: 4 })(post())).status).toBe(503);
      expect(server.requests).toHaveLength(5);
    });

    it('lets a call override maxRetries; 0 disables retries', async () => {
      server.handle(status(503));
      const send = transport({ maxRetries: 2 });
      expect((await send(post(), { maxRetries: 0 })).status).toBe(503);
      expect(server.requests).toHaveLength(1);
      expect((await send(post(), { maxRetries: 1 })).status).toBe(503);
      expect(server.requests).toHaveLength(3);
    });

    it('returns an HTML 502 page after the retries, its text readable', async () => {
      const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
      server.handle((_, res) => {
        res.writeHead(502, { 'content-type': 'text/html', ...NOW });
        res.end(page);
      });
      const response = await transport()(post());
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toBe('text/html');
      expect(await response.text()).toBe(page);
      expect(server.requests).toHaveLength(3);
    });

    it('waits for Retry-After in seconds', async () => {
      server.handle(sequence(status(429, { message: 'slow down' }, { 'retry-after': '1' }), status(200, { ok: true })));
      const started = performance.now();
      const response = await transport()(post());
      const elapsed = performance.now() - started;
      expect(response.status).toBe(200);
      expect(server.requests).toHaveLength(2);
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(3000);
    });

    it('waits for Retry-After as an HTTP date', async () => {
      // Two seconds ahead, truncated to the second by the format: a wait of 1 to 2 s, longer
      // than the first backoff (at most 500 ms) could be.
      const date = new Date(Date.now() + 2000).toUTCString();
      server.handle(sequence(status(503, {}, { 'retry-after': date }), status(200, { ok: true })));
      const started = performance.now();
      const response = await transport()(post());
      const elapsed = performance.now() - started;
      expect(response.status).toBe(200);
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(3500);
    });

    it('retries at once for an HTTP date in the past (not the 375..500 ms backoff)', async () => {
      const date = new Date(Date.now() - 60_000).toUTCString();
      server.handle(sequence(status(503, {}, { 'retry-after': date }), status(200, { ok: true })));
      const started = performance.now();
      expect((await transport()(post())).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(350);
    });

    it('backs off without Retry-After', async () => {
      server.handle(sequence(status(503, {}, {}), status(200, { ok: true })));
      const started = performance.now();
      expect((await transport()(post())).status).toBe(200);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(370);
      expect(elapsed).toBeLessThan(2000);
    });
  });

  describe('transport: connection failures', () => {
    it('throws a ConnectionError after maxRetries + 1 refused attempts, with a cause and no secrets', async () => {
      const url = await deadUrl();
      const counted = countingFetch();
      const { lines, logger } = capture();
      const send = transport({ fetch: counted.fetch, maxRetries: 1, log: createLog('test', 'info', logger) });
      const request = new Request(`${url}/x?token=tok_SECRET`, {
        method: 'POST',
        body: '{"refresh_token":"rt_SECRET"}',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      });
      const err = await rejection(send(request));
      expect(err).toBeInstanceOf(errors.ConnectionError);
      expect(err).toBeInstanceOf(errors.SDKError);
      expect(err.name).toBe('TestConnectionError');
      expect(err.message).toMatch(/^Connection error: /);
      expect(err.message).toContain('ECONNREFUSED');
      expect(err.cause).toBeDefined();
      expect(counted.calls()).toBe(2);
      expect(lines.map((l) => l.message)).toEqual([
        expect.stringMatching(/^\[test\] POST \/x TestConnectionError attempt=1 \d+ms \(will retry\)$/),
        expect.stringMatching(/^\[test\] POST \/x TestConnectionError attempt=2 \d+ms$/),
      ]);
      for (const text of [err.message, JSON.stringify(err), inspect(err, { depth: 10 }), ...lines.map((l) => l.message)]) {
        expect(text).not.toContain(API_KEY);
        expect(text).not.toContain('SECRET');
      }
    });

    it('throws a ConnectionError when the socket dies mid-body', async () => {
      server.handle((_, res, socket) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":', () => socket.destroy());
      });
      const err = await rejection(transport({ maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.ConnectionError);
      expect(err.cause).toBeDefined();
      expect(server.requests).toHaveLength(1);
    });

    it('retries a body cut off mid-way, and succeeds', async () => {
      server.handle(
        sequence((_, res, socket) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"partial":', () => socket.destroy());
        }, status(200, { ok: true })),
      );
      const response = await transport({ maxRetries: 1 })(post());
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.body).toBe(REQUEST_BODY);
    });

    it('throws a ConnectionError when the server closes without answering', async () => {
      server.handle((_, __, socket) => void socket.destroy());
      const err = await rejection(transport({ maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.ConnectionError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('transport: timeouts', () => {
    it('throws a TimeoutError when the headers never arrive', async () => {
      server.handle(hang);
      const started = performance.now();
      const err = await rejection(transport({ timeoutMs: 100, maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.TimeoutError);
      expect(err.message).toBe('The request timed out after 100 ms.');
      expect(performance.now() - started).toBeLessThan(1000);
      expect(server.requests).toHaveLength(1);
    });

    it('covers the body: headers then a stall is a TimeoutError', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"slow":');
      });
      const started = performance.now();
      const err = await rejection(transport({ timeoutMs: 150, maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.TimeoutError);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('retries a timeout and returns the success that follows', async () => {
      server.handle(sequence(hang, status(200, { ok: true })));
      const response = await transport({ timeoutMs: 100, maxRetries: 1 })(post());
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
    });

    it('lets a call override timeoutMs', async () => {
      server.handle((_, res) => void setTimeout(() => json(res, 200, { ok: true }), 150));
      const send = transport({ timeoutMs: 50, maxRetries: 0 });
      const response = await send(post(), { timeoutMs: 1000 });
      expect(await response.json()).toEqual({ ok: true });
      expect(await rejection(send(post()))).toBeInstanceOf(errors.TimeoutError);
    });
  });

  describe('transport: aborts', () => {
    it('throws an AbortError at once when the signal fires mid-request, and does not retry', async () => {
      server.handle(hang);
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      setTimeout(() => controller.abort(reason), 50);
      const started = performance.now();
      const err = await rejection(transport({ timeoutMs: 5000, maxRetries: 2 })(post('/x', { signal: controller.signal })));
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(err.name).toBe('TestAbortError');
      expect(err.cause).toBe(reason);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(server.requests).toHaveLength(1);
    });

    it('throws an AbortError when the signal fires while the body is streaming', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"slow":');
      });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const err = await rejection(transport({ timeoutMs: 5000 })(post('/x', { signal: controller.signal })));
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(server.requests).toHaveLength(1);
    });

    it('throws an AbortError at once when the signal fires during the wait between attempts', async () => {
      server.handle(status(503, {}, { 'retry-after': '5' }));
      const controller = new AbortController();
      const started = performance.now();
      const pending = transport()(post('/x', { signal: controller.signal }));
      setTimeout(() => controller.abort(), 100);
      const err = await rejection(pending);
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(server.requests).toHaveLength(1);
    });

    it('sends nothing for an already-aborted signal', async () => {
      server.handle(status(200, {}));
      const err = await rejection(transport()(post('/x', { signal: AbortSignal.abort() })));
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(server.requests).toHaveLength(0);
    });

    it('tells the caller’s timeout signal apart from its own: AbortSignal.timeout is an AbortError', async () => {
      server.handle(hang);
      const err = await rejection(transport({ timeoutMs: 5000 })(post('/x', { signal: AbortSignal.timeout(50) })));
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('transport: oversized answers', () => {
    const limitMessage = `The response body exceeds ${MAX_RESPONSE_BYTES} bytes.`;

    it('refuses a declared Content-Length over the limit without reading it', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_RESPONSE_BYTES + 1) });
        res.write('{"a":"');
      });
      const started = performance.now();
      const err = await rejection(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err.message).toBe(limitMessage);
      expect((err as InstanceType<typeof errors.APIError>).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1000);
      // Not a failure worth repeating.
      expect(server.requests).toHaveLength(1);
    });

    it('refuses a chunked body once it grows over the limit', async () => {
      server.handle((_, res) => {
        res.on('error', () => {});
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let sent = 0; sent <= MAX_RESPONSE_BYTES; sent += chunk.length) res.write(chunk);
        res.end('{}');
      });
      const err = await rejection(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err.message).toContain(String(MAX_RESPONSE_BYTES));
      expect(server.requests).toHaveLength(1);
    });

    it('accepts a body of exactly the limit', async () => {
      const text = `"${'x'.repeat(MAX_RESPONSE_BYTES - 2)}"`;
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(text);
      });
      expect((await (await transport()(post())).text()).length).toBe(MAX_RESPONSE_BYTES);
    });

    // Content-Length is the size on the wire: a few kB of gzip can inflate past the limit.
    it('refuses a compressed body that inflates over the limit', async () => {
      const compressed = gzipSync(Buffer.alloc(MAX_RESPONSE_BYTES + 1024 * 1024, 0x20));
      expect(compressed.length).toBeLessThan(64 * 1024);
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': String(compressed.length) });
        res.end(compressed);
      });
      const err = await rejection(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
    });
  });

  describe('transport: logging', () => {
    it('writes one line per attempt at info: method, path, status, attempt, duration', async () => {
      server.handle(sequence(status(503), status(429), status(200, { ok: true })));
      const { lines, logger } = capture();
      await transport({ log: createLog('test', 'info', logger) })(post('/x?token=tok_SECRET'));
      expect(lines).toEqual([
        { level: 'warn', message: expect.stringMatching(/^\[test\] POST \/x 503 attempt=1 \d+ms \(will retry\)$/) },
        { level: 'warn', message: expect.stringMatching(/^\[test\] POST \/x 429 attempt=2 \d+ms \(will retry\)$/) },
        { level: 'info', message: expect.stringMatching(/^\[test\] POST \/x 200 attempt=3 \d+ms$/) },
      ]);
      // The query string (which may carry tokens) stays out of the log.
      expect(JSON.stringify(lines)).not.toContain('SECRET');
    });

    it('logs a final failure as an error', async () => {
      server.handle(status(404));
      const { lines, logger } = capture();
      await transport({ log: createLog('test', 'info', logger) })(post());
      expect(lines).toEqual([{ level: 'error', message: expect.stringMatching(/^\[test\] POST \/x 404 attempt=1 \d+ms$/) }]);
    });

    it('at error level, logs only the final failure', async () => {
      server.handle(status(503));
      const { lines, logger } = capture();
      await transport({ maxRetries: 2, log: createLog('test', 'error', logger) })(post());
      expect(lines).toEqual([{ level: 'error', message: expect.stringMatching(/^\[test\] POST \/x 503 attempt=3 \d+ms$/) }]);
    });

    it('at debug, adds the request headers with the credentials redacted', async () => {
      server.handle(status(200, { token: 'tok_SECRET' }));
      const { lines, logger } = capture();
      const request = post('/x', {
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, 'X-Client-Secret': 'client-SECRET', Authorization: 'Bearer SECRET', 'x-client-id': 'cid' },
      });
      await transport({ log: createLog('test', 'debug', logger) })(request);
      expect(lines).toHaveLength(2);
      expect(lines[0]!.level).toBe('debug');
      expect(lines[0]!.message).toMatch(/^\[test\] POST \/x headers \{/);
      const headers = JSON.parse(lines[0]!.message.slice(lines[0]!.message.indexOf('{'))) as Record<string, string>;
      expect(headers).toMatchObject({ 'x-api-key': '[redacted]', 'x-client-secret': '[redacted]', authorization: '[redacted]', 'x-client-id': 'cid' });
      expect(lines[1]).toEqual({ level: 'info', message: expect.stringMatching(/^\[test\] POST \/x 200 attempt=1 \d+ms$/) });
      const all = JSON.stringify(lines);
      expect(all).not.toContain(API_KEY);
      expect(all).not.toContain('SECRET');
    });

    it('writes nothing when off', async () => {
      expect(createLog('test', 'off', capture().logger)).toBeUndefined();
      server.handle(sequence(status(503), status(200, {})));
      const { lines, logger } = capture();
      const core = new ClientCore<Paths>('Test', '@org/test', profile, { baseUrl: server.url, authHeaders: {}, logLevel: 'off', logger });
      await core.api.POST('/x', { body: { a: 1 } });
      expect(server.requests).toHaveLength(2);
      expect(lines).toEqual([]);
    });

    it('isLogLevel accepts the five levels and nothing else', () => {
      for (const level of ['off', 'error', 'warn', 'info', 'debug']) expect(isLogLevel(level)).toBe(true);
      for (const value of ['', 'INFO', 'verbose', 1, undefined, null]) expect(isLogLevel(value)).toBe(false);
    });

    // REFOLD_LOG=constructor (or toString, __proto__, ...) is no level.
    it('isLogLevel rejects names inherited from Object.prototype', () => {
      expect(isLogLevel('constructor')).toBe(false);
      expect(isLogLevel('toString')).toBe(false);
    });
  });
});

// --- ClientCore ----------------------------------------------------------------------------------

type Json = { 'application/json': unknown };

/** A one-operation API in openapi-typescript's shape. */
interface Paths {
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

type Options = ConstructorParameters<typeof ClientCore<Paths>>[3];

function core(options: Partial<Options> = {}): ClientCore<Paths> {
  return new ClientCore<Paths>('Test', '@org/test', profile, { baseUrl: server.url, authHeaders: { 'x-api-key': API_KEY }, ...options });
}

/** Sets environment variables for the length of `run`, then puts them back. */
async function withEnv<T>(vars: Record<string, string | undefined>, run: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const assign = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  assign(vars);
  try {
    return await run();
  } finally {
    assign(saved);
  }
}

describe('ClientCore', () => {
  it('sends typed calls through the transport with the auth and default headers', async () => {
    server.handle(status(200, { ok: true }));
    const client = core({ baseUrl: `${server.url}/`, defaultHeaders: { 'x-client-id': 'cid', 'x-api-key': 'overridden' } });
    expect(client.baseUrl).toBe(server.url);
    const { data, error, response } = await client.api.POST('/x', { body: { a: 1 }, params: { query: { q: 'v' } } });
    expect(error).toBeUndefined();
    expect(data).toEqual({ ok: true });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    expect(received).toMatchObject({ method: 'POST', url: '/x?q=v', body: REQUEST_BODY });
    expect(received!.headers['x-api-key']).toBe(API_KEY);
    expect(received!.headers['x-client-id']).toBe('cid');
  });

  it('retries twice by default and returns the last failure as openapi-fetch’s error', async () => {
    server.handle(status(503, { message: 'unavailable' }));
    const { data, error, response } = await core().api.POST('/x', { body: { a: 1 } });
    expect(data).toBeUndefined();
    expect(error).toEqual({ message: 'unavailable' });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it('applies the client maxRetries and a per-call override', async () => {
    server.handle(status(503));
    const client = core({ maxRetries: 1 });
    await client.api.POST('/x', { body: { a: 1 } });
    expect(server.requests).toHaveLength(2);
    await client.api.POST('/x', { body: { a: 1 }, ...client.callInit({ maxRetries: 0 }) });
    expect(server.requests).toHaveLength(3);
  });

  it('applies the client timeoutMs and a per-call override', async () => {
    server.handle((_, res) => void setTimeout(() => json(res, 200, { ok: true }), 150));
    const client = core({ timeoutMs: 50, maxRetries: 0 });
    await expect(client.api.POST('/x', { body: { a: 1 } })).rejects.toBeInstanceOf(errors.TimeoutError);
    const { data } = await client.api.POST('/x', { body: { a: 1 }, ...client.callInit({ timeoutMs: 2000 }) });
    expect(data).toEqual({ ok: true });
  });

  it('passes a call’s signal and headers', async () => {
    server.handle(hang);
    const client = core();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const call = client.api.POST('/x', { body: { a: 1 }, ...client.callInit({ signal: controller.signal, headers: { 'x-extra': 'yes' } }) });
    await expect(call).rejects.toBeInstanceOf(errors.AbortError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['x-extra']).toBe('yes');
    expect(client.callInit(undefined)).toEqual({});
    expect(Object.keys(client.callInit({ headers: { a: 'b' } }))).toEqual(['headers']);
  });

  it('throws its own errors from a raw call: a refused connection is a ConnectionError', async () => {
    const client = core({ baseUrl: await deadUrl(), maxRetries: 0 });
    const err = await rejection(client.api.POST('/x', { body: { a: 1 } }));
    expect(err).toBeInstanceOf(errors.ConnectionError);
    expect(inspect(err, { depth: 10 })).not.toContain(API_KEY);
  });

  it('reads an empty 200 without a SyntaxError', async () => {
    server.handle((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    });
    const { data, error, response } = await core().api.POST('/x', { body: { a: 1 } });
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it('call() throws a ValidationError naming field and rule, before anything is sent', async () => {
    const client = core();
    const rules = {
      method: 'POST',
      path: '/x',
      parameters: [],
      body: { required: true, schema: { type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 1 } } } },
    } as const;
    server.handle(status(200, { ok: true }));
    const call = (a: number) => client.call('createX', rules, { body: { a } }, undefined, (init) => client.api.POST('/x', { body: { a }, ...init }));
    await expect(call(1)).resolves.toMatchObject({ data: { ok: true } });
    server.requests.length = 0;
    const err = await rejection(call(0));
    expect(err).toBeInstanceOf(errors.ValidationError);
    const validation = err as InstanceType<typeof errors.ValidationError>;
    expect(validation.message).toBe('Invalid createX request: a must be >= 1 (minimum)');
    expect(validation.issues).toEqual([{ field: 'a', rule: 'minimum', message: 'must be >= 1' }]);
    expect(server.requests).toHaveLength(0);
  });

  describe('options', () => {
    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects timeoutMs %s', (timeoutMs) => {
      expect(() => core({ timeoutMs })).toThrow(errors.SDKError);
      expect(() => core({ timeoutMs })).toThrow(`timeoutMs must be an integer from 1 to 2147483647, got ${String(timeoutMs)}.`);
    });

    it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects maxRetries %s', (maxRetries) => {
      expect(() => core({ maxRetries })).toThrow(`maxRetries must be an integer from 0 to 10, got ${String(maxRetries)}.`);
    });

    it('accepts 0 retries and the defaults', () => {
      expect(() => core({ maxRetries: 0 })).not.toThrow();
      expect(() => core({ timeoutMs: 1, maxRetries: 10 })).not.toThrow();
      expect(() => core({ timeoutMs: undefined, maxRetries: undefined })).not.toThrow();
    });

    // setTimeout cannot wait longer than 2^31 - 1 ms (it would fire at once), so a larger
    // timeout is refused up front, for the client and for a single call alike.
    it('refuses a timeoutMs above 2^31 - 1 ms, per client and per call', async () => {
      expect(() => core({ timeoutMs: 2 ** 31 })).toThrow('timeoutMs must be an integer from 1 to 2147483647');
      expect(() => core().callInit({ timeoutMs: 2 ** 31 })).toThrow(errors.SDKError);
      expect(() => core().callInit({ maxRetries: Number.POSITIVE_INFINITY })).toThrow('maxRetries must be an integer from 0 to 10');
    });

    it('refuses to run in a browser unless dangerouslyAllowBrowser is set', () => {
      const global = globalThis as { window?: unknown; document?: unknown };
      global.window = {};
      global.document = {};
      try {
        expect(() => core()).toThrow(errors.SDKError);
        expect(() => core()).toThrow(/refuses to run in a browser.*dangerouslyAllowBrowser: true/s);
        expect(() => core({ dangerouslyAllowBrowser: true })).not.toThrow();
      } finally {
        delete global.window;
        delete global.document;
      }
      expect(() => core()).not.toThrow();
    });

    it('does not mistake a runtime with only `window` (or only `document`) for a browser', () => {
      const global = globalThis as { window?: unknown; document?: unknown };
      try {
        global.window = {};
        expect(() => core()).not.toThrow();
        delete global.window;
        global.document = {};
        expect(() => core()).not.toThrow();
      } finally {
        delete global.window;
        delete global.document;
      }
    });

    it('turns logging on from the <NAME>_LOG environment variable', async () => {
      server.handle(status(200, { ok: true }));
      const { lines, logger } = capture();
      await withEnv({ TEST_LOG: 'debug' }, async () => {
        await core({ logger }).api.POST('/x', { body: { a: 1 } });
      });
      expect(lines.map((l) => l.level)).toEqual(['debug', 'info']);
      expect(lines[1]!.message).toMatch(/^\[test\] POST \/x 200 attempt=1 \d+ms$/);
      expect(JSON.stringify(lines)).not.toContain(API_KEY);
      expect(lines[0]!.message).toContain('"x-api-key":"[redacted]"');
    });

    it('lets logLevel win over the environment, and ignores an unknown level there', async () => {
      server.handle(status(200, { ok: true }));
      const { lines, logger } = capture();
      await withEnv({ TEST_LOG: 'debug' }, async () => {
        await core({ logger, logLevel: 'off' }).api.POST('/x', { body: { a: 1 } });
        await core({ logger, logLevel: 'error' }).api.POST('/x', { body: { a: 1 } });
      });
      await withEnv({ TEST_LOG: 'verbose' }, async () => {
        await core({ logger }).api.POST('/x', { body: { a: 1 } });
      });
      await withEnv({ TEST_LOG: undefined }, async () => {
        await core({ logger }).api.POST('/x', { body: { a: 1 } });
      });
      expect(server.requests).toHaveLength(4);
      expect(lines).toEqual([]);
    });

    it.each<[LogLevel, number]>([
      ['warn', 0],
      ['info', 1],
      ['debug', 2],
    ])('at logLevel %s a success writes %i lines', async (logLevel, count) => {
      server.handle(status(200, { ok: true }));
      const { lines, logger } = capture();
      await core({ logger, logLevel }).api.POST('/x', { body: { a: 1 } });
      expect(lines).toHaveLength(count);
    });
  });
});

describe('requireCredential', () => {
  it('prefers the option', async () => {
    await withEnv({ ACME_API_KEY: 'from-env' }, () => {
      expect(requireCredential(errors, 'Acme', 'apiKey', 'from-option', 'ACME_API_KEY')).toBe('from-option');
    });
  });

  it('falls back to the environment variable, trimmed', async () => {
    await withEnv({ ACME_API_KEY: '  from-env \n' }, () => {
      expect(requireCredential(errors, 'Acme', 'apiKey', undefined, 'ACME_API_KEY')).toBe('from-env');
    });
  });

  it('names the option and the environment variable when both are missing or blank', async () => {
    for (const value of [undefined, '   ']) {
      await withEnv({ ACME_API_KEY: value }, () => {
        let err: unknown;
        try {
          requireCredential(errors, 'Acme', 'apiKey', undefined, 'ACME_API_KEY');
        } catch (caught) {
          err = caught;
        }
        expect(err).toBeInstanceOf(errors.SDKError);
        expect((err as Error).message).toBe('Missing apiKey: pass it as new Acme({ apiKey }) or set the ACME_API_KEY environment variable.');
      });
    }
  });

  it('does not fall back to the environment for an explicit empty string', async () => {
    await withEnv({ ACME_API_KEY: 'from-env' }, () => {
      expect(() => requireCredential(errors, 'Acme', 'apiKey', '', 'ACME_API_KEY')).toThrow(/Missing apiKey/);
    });
  });
});
