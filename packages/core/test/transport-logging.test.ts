// What the transport logs per attempt, at each level, and that credentials stay out of it.
// Over both senders, against real servers (support.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientCore } from '../src/index.js';
import { createLog, isLogLevel } from '../src/log.js';
import {
  API_KEY,
  capture,
  type Paths,
  post,
  profile,
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

  describe('transport: logging', () => {
    it('writes one line per attempt at info: method, path, status, attempt, duration', async () => {
      server.handle(sequence(status(503), status(429), status(200, { ok: true })));
      const { lines, logger } = capture();
      await transport({ log: createLog('test', 'info', logger) })(post('/x?token=tok_SECRET'));
      expect(lines).toEqual([
        {
          level: 'warn',
          message: expect.stringMatching(/^\[test\] POST \/x 503 attempt=1 \d+ms \(retrying in \d+ms\)$/),
        },
        {
          level: 'warn',
          message: expect.stringMatching(/^\[test\] POST \/x 429 attempt=2 \d+ms \(retrying in \d+ms\)$/),
        },
        { level: 'info', message: expect.stringMatching(/^\[test\] POST \/x 200 attempt=3 \d+ms$/) },
      ]);
      // The query string (which may carry tokens) stays out of the log.
      expect(JSON.stringify(lines)).not.toContain('SECRET');
    });

    it('logs a final failure as an error', async () => {
      server.handle(status(404));
      const { lines, logger } = capture();
      await transport({ log: createLog('test', 'info', logger) })(post());
      expect(lines).toEqual([
        { level: 'error', message: expect.stringMatching(/^\[test\] POST \/x 404 attempt=1 \d+ms$/) },
      ]);
    });

    it('at error level, logs only the final failure', async () => {
      server.handle(status(503));
      const { lines, logger } = capture();
      await transport({ maxRetries: 2, log: createLog('test', 'error', logger) })(post());
      expect(lines).toEqual([
        { level: 'error', message: expect.stringMatching(/^\[test\] POST \/x 503 attempt=3 \d+ms$/) },
      ]);
    });

    it('at debug, adds what the call may do, and never headers, the query or personal data', async () => {
      server.handle(status(200, { token: 'tok_SECRET' }, { 'x-request-id': 'req_42' }));
      const { lines, logger } = capture();
      const request = post('/x?email=markwood@some_email.com', {
        headers: {
          'content-type': 'application/json',
          'x-api-key': API_KEY,
          'X-Client-Secret': 'client-SECRET',
          'x-client-id': 'cid-PERSONAL',
          linked_account_id: 'markwood@some_email.com',
        },
      });
      await transport({ log: createLog('test', 'debug', logger) })(request);
      expect(lines).toEqual([
        {
          level: 'debug',
          message:
            '[test] POST /x start timeoutMs=2000 totalTimeoutMs=60000 maxRetries=2 (retries: on any transient failure)',
        },
        { level: 'info', message: expect.stringMatching(/^\[test\] POST \/x 200 attempt=1 \d+ms request_id=req_42$/) },
      ]);
      const all = JSON.stringify(lines);
      for (const text of [API_KEY, 'SECRET', 'cid-PERSONAL', 'markwood']) expect(all).not.toContain(text);
    });

    it('logs the path template, not the path: ids and e-mails in a path stay out', async () => {
      server.handle(status(200, { ok: true }));
      const { lines, logger } = capture();
      await transport({ log: createLog('test', 'info', logger) })(
        new Request(`${server.url}/items/markwood%40some_email.com`),
      );
      expect(lines).toEqual([
        { level: 'info', message: expect.stringMatching(/^\[test\] GET \/items\/\{item_id\} 200 attempt=1 \d+ms$/) },
      ]);
    });

    it('cuts a credential out of a request id the server sent, and logs no path the spec does not have', async () => {
      server.handle(status(200, { ok: true }, { 'x-request-id': `req-${API_KEY}` }));
      const { lines, logger } = capture();
      await transport({ log: createLog('test', 'info', logger) })(
        new Request(`${server.url}/users/markwood@some_email.com`),
      );
      expect(lines).toEqual([
        {
          level: 'info',
          message: expect.stringMatching(
            /^\[test\] GET \(a path not in the spec\) 200 attempt=1 \d+ms request_id=req-\[redacted\]$/,
          ),
        },
      ]);
    });

    it('says at debug when a POST is retried only if it was not processed', async () => {
      server.handle(status(200, { ok: true }));
      const { lines, logger } = capture();
      await transport({ log: createLog('test', 'debug', logger) })(post('/mint'));
      expect(lines[0]!.message).toContain('(retries: only if not processed)');
    });

    it('survives a logger that throws: the call still completes', async () => {
      server.handle(sequence(status(503), status(200, { ok: true })));
      const throwing = { error: boom, warn: boom, info: boom, debug: boom };
      const response = await transport({ log: createLog('test', 'debug', throwing) })(post());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    });

    it('writes nothing when off', async () => {
      expect(createLog('test', 'off', capture().logger)).toBeUndefined();
      server.handle(sequence(status(503), status(200, {})));
      const { lines, logger } = capture();
      const core = new ClientCore<Paths>('Test', '@org/test', profile, {
        baseUrl: server.url,
        authHeaders: {},
        logLevel: 'off',
        logger,
      });
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

function boom(): never {
  throw new Error('logger is down');
}
