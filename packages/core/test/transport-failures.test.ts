// The requests that get no usable answer: refused or cut-off connections, timeouts, the caller's
// aborts and bodies over the size limit, each one a typed error. Over both senders (support.ts).
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLog } from '../src/log.js';
import { MAX_RESPONSE_BYTES } from '../src/transport.js';
import { json } from '../testing/server.js';
import {
  API_KEY,
  capture,
  countingFetch,
  deadUrl,
  errors,
  hang,
  post,
  REQUEST_BODY,
  rejectionOf,
  SENDERS,
  sequence,
  server,
  setSender,
  status,
  transport,
  useServer,
} from './support.js';

useServer();

describe.each(SENDERS)('over %s', (_, fetchImpl) => {
  beforeAll(() => {
    setSender(fetchImpl);
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
      const err = await rejectionOf(send(request));
      expect(err).toBeInstanceOf(errors.ConnectionError);
      expect(err).toBeInstanceOf(errors.SDKError);
      expect(err.name).toBe('TestConnectionError');
      expect(err.message).toMatch(/^Connection error: /);
      expect(err.message).toContain('ECONNREFUSED');
      expect(err.cause).toBeDefined();
      expect(counted.calls()).toBe(2);
      expect(lines.map((l) => l.message)).toEqual([
        expect.stringMatching(/^\[test\] POST \/x TestConnectionError attempt=1 \d+ms \(retrying in \d+ms\)$/),
        expect.stringMatching(/^\[test\] POST \/x TestConnectionError attempt=2 \d+ms$/),
      ]);
      for (const text of [
        err.message,
        JSON.stringify(err),
        inspect(err, { depth: 10 }),
        ...lines.map((l) => l.message),
      ]) {
        expect(text).not.toContain(API_KEY);
        expect(text).not.toContain('SECRET');
      }
    });

    it('throws a ConnectionError when the socket dies mid-body', async () => {
      server.handle((_, res, socket) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":', () => socket.destroy());
      });
      const err = await rejectionOf(transport({ maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.ConnectionError);
      expect(err.cause).toBeDefined();
      expect(server.requests).toHaveLength(1);
    });

    it('retries a body cut off mid-way, and succeeds', async () => {
      server.handle(
        sequence(
          (_, res, socket) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.write('{"partial":', () => socket.destroy());
          },
          status(200, { ok: true }),
        ),
      );
      const response = await transport({ maxRetries: 1 })(post());
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.body).toBe(REQUEST_BODY);
    });

    it('throws a ConnectionError when the server closes without answering', async () => {
      server.handle((_, __, socket) => void socket.destroy());
      const err = await rejectionOf(transport({ maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.ConnectionError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('transport: timeouts', () => {
    it('throws a TimeoutError when the headers never arrive', async () => {
      server.handle(hang);
      const started = performance.now();
      const err = await rejectionOf(transport({ timeoutMs: 100, maxRetries: 0 })(post()));
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
      const err = await rejectionOf(transport({ timeoutMs: 150, maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.TimeoutError);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('retries a timeout and returns the success that follows', async () => {
      server.handle(sequence(hang, status(200, { ok: true })));
      // Room for the second attempt to answer on a loaded machine.
      const response = await transport({ timeoutMs: 400, maxRetries: 1 })(post());
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
    });

    it('lets a call override timeoutMs', async () => {
      server.handle((_, res) => void setTimeout(() => json(res, 200, { ok: true }), 150));
      const send = transport({ timeoutMs: 50, maxRetries: 0 });
      const response = await send(post(), { timeoutMs: 1000 });
      expect(await response.json()).toEqual({ ok: true });
      expect(await rejectionOf(send(post()))).toBeInstanceOf(errors.TimeoutError);
    });
  });

  describe('transport: aborts', () => {
    it('throws an AbortError at once when the signal fires mid-request, and does not retry', async () => {
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      // Aborted once the server has the request (a timer from the start races a loaded machine).
      server.handle(() => void setTimeout(() => controller.abort(reason), 20));
      const started = performance.now();
      const err = await rejectionOf(
        transport({ timeoutMs: 5000, maxRetries: 2 })(post('/x', { signal: controller.signal })),
      );
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(err.name).toBe('TestAbortError');
      expect(err.cause).toBe(reason);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(server.requests).toHaveLength(1);
    });

    it('throws an AbortError when the signal fires while the body is streaming', async () => {
      const controller = new AbortController();
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"slow":');
        setTimeout(() => controller.abort(), 20);
      });
      const err = await rejectionOf(transport({ timeoutMs: 5000 })(post('/x', { signal: controller.signal })));
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(server.requests).toHaveLength(1);
    });

    it('throws an AbortError at once when the signal fires during the wait between attempts', async () => {
      const controller = new AbortController();
      server.handle((request, res, socket) => {
        status(503, {}, { 'retry-after': '5' })(request, res, socket);
        setTimeout(() => controller.abort(), 100); // in the 5 s wait before the retry
      });
      const started = performance.now();
      const pending = transport()(post('/x', { signal: controller.signal }));
      const err = await rejectionOf(pending);
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(server.requests).toHaveLength(1);
    });

    it('sends nothing for an already-aborted signal', async () => {
      server.handle(status(200, {}));
      const err = await rejectionOf(transport()(post('/x', { signal: AbortSignal.abort() })));
      expect(err).toBeInstanceOf(errors.AbortError);
      expect(server.requests).toHaveLength(0);
    });

    it('tells the caller’s timeout signal apart from its own: AbortSignal.timeout is an AbortError', async () => {
      server.handle(hang);
      const err = await rejectionOf(transport({ timeoutMs: 5000 })(post('/x', { signal: AbortSignal.timeout(50) })));
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
      const err = await rejectionOf(transport()(post()));
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
      const err = await rejectionOf(transport()(post()));
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
        res.writeHead(200, {
          'content-type': 'text/plain',
          'content-encoding': 'gzip',
          'content-length': String(compressed.length),
        });
        res.end(compressed);
      });
      const err = await rejectionOf(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
    });
  });
});
