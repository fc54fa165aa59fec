// What the transport logs per attempt, at each level, and that credentials stay out of it.
// Over both senders, against real servers (support.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientCore } from '../src/index.js';
import { createLog, isLogLevel } from '../src/log.js';
import { API_KEY, capture, post, profile, SENDERS, sequence, server, setSender, status, transport, useServer, type Paths } from './support.js';

useServer();

describe.each(SENDERS)('over %s', (_, fetchImpl) => {
  beforeAll(() => {
    setSender(fetchImpl);
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
