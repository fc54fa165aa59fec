// Which answers the transport retries, how often, and how long it waits between attempts.
// Over both senders, against real servers (support.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  NOW,
  post,
  REQUEST_BODY,
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
});
