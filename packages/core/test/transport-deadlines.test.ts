// No answer outlives its timeout: a 101 upgrade, a fetch that ignores its signal, a runtime that
// reports our timeout as a network error; and no call outlives its total deadline, retries and
// waits included. Over both senders where a sender is under test (support.ts).
import { createServer, type Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  errors,
  hang,
  post,
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

/** Answers every connection with `raw` bytes as they are: status lines a real HTTP server would not send. */
async function rawServer(raw: string): Promise<{ url: string; server: Server }> {
  const tcp = createServer((socket) => socket.once('data', () => socket.write(raw)));
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(tcp.address() as { port: number }).port}`, server: tcp };
}

let raw: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (raw ? raw.close(resolve) : resolve(undefined)));
  raw = undefined;
});

describe.each(SENDERS)('over %s', (_, fetchImpl) => {
  beforeAll(() => {
    setSender(fetchImpl);
  });

  it('ends a 101 Switching Protocols answer within the timeout, as a typed error', async () => {
    const upgrade = await rawServer(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    raw = upgrade.server;
    const started = performance.now();
    const err = await rejectionOf(
      transport({ timeoutMs: 500, maxRetries: 0 })(new Request(`${upgrade.url}/x`, { method: 'PUT', body: '{}' })),
    );
    expect(err).toBeInstanceOf(errors.SDKError);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('reads an answer whose reason phrase a Response would refuse, instead of failing untyped', async () => {
    const odd = await rawServer(
      'HTTP/1.1 200 OK\x7f\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{"ok":true}',
    );
    raw = odd.server;
    const response = await transport({ maxRetries: 0 })(new Request(`${odd.url}/x`, { method: 'PUT', body: '{}' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('cuts the attempt that reaches totalTimeoutMs, with a TimeoutError that says so', async () => {
    server.handle(sequence(status(503), hang));
    const started = performance.now();
    const err = await rejectionOf(transport({ timeoutMs: 5000, maxRetries: 10, totalTimeoutMs: 400 })(post()));
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(errors.TimeoutError);
    expect(err.message).toBe('The call took longer than its totalTimeoutMs of 400 ms (2 attempts).');
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1200);
    expect(server.requests).toHaveLength(2);
  });

  it('stops retrying when the next backoff would end past totalTimeoutMs', async () => {
    server.handle(hang);
    const started = performance.now();
    const err = await rejectionOf(transport({ timeoutMs: 200, maxRetries: 10, totalTimeoutMs: 500 })(post()));
    expect(err).toBeInstanceOf(errors.TimeoutError);
    // 200 ms, then a backoff of 375..500 ms would end after the deadline: one attempt only.
    expect(performance.now() - started).toBeLessThan(500);
    expect(server.requests).toHaveLength(1);
  });

  it('does not start a wait that would end past the deadline: the last answer is the result', async () => {
    server.handle(status(503, { message: 'busy' }, { 'retry-after': '3' }));
    const started = performance.now();
    const response = await transport({ maxRetries: 2, totalTimeoutMs: 1000 })(post());
    expect(response.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(800);
    expect(server.requests).toHaveLength(1);
  });

  it('lets a call set its own totalTimeoutMs', async () => {
    server.handle(hang);
    const started = performance.now();
    const err = await rejectionOf(transport({ timeoutMs: 5000, maxRetries: 0 })(post(), { totalTimeoutMs: 150 }));
    expect(err).toBeInstanceOf(errors.TimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a fetch that does not keep its promises', () => {
  const deaf: typeof fetch = () => new Promise<Response>(() => {});

  it('ends a call whose fetch ignores the signal at the timeout, as a TimeoutError', async () => {
    const started = performance.now();
    const err = await rejectionOf(transport({ fetch: deaf, timeoutMs: 150, maxRetries: 0 })(post()));
    expect(err).toBeInstanceOf(errors.TimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('ends it at once when the caller aborts, as an AbortError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const err = await rejectionOf(
      transport({ fetch: deaf, timeoutMs: 5000, maxRetries: 0 })(post('/x', { signal: controller.signal })),
    );
    expect(err).toBeInstanceOf(errors.AbortError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('classifies our timeout by its own signal, whatever the runtime rejects with (workerd: a network error)', async () => {
    // workerd rejects an aborted fetch with "Network connection lost." rather than the abort reason.
    const workerdLike: typeof fetch = (_, init) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new TypeError('Network connection lost.'))),
      );
    const err = await rejectionOf(transport({ fetch: workerdLike, timeoutMs: 100, maxRetries: 0 })(post()));
    expect(err).toBeInstanceOf(errors.TimeoutError);
  });
});
