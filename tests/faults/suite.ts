// The fault suite: every failure a server can inflict ends in the documented typed error, or in
// success after retries, within bounded time and with no unhandled rejection. Logging is at
// debug throughout, and nothing secret may surface in a log line or an error. It runs once per
// sender (faults.*.test.ts), so that both transports are held to it.
import { inspect } from 'node:util';
import { Mesh, MeshAPIError, MeshConnectionError, MeshTimeoutError } from '@org/mesh';
import { Refold, RefoldAPIError, RefoldConnectionError, RefoldTimeoutError } from '@org/refold';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS } from './secrets.mjs';
import { type FaultServer, startFaultServer } from './start.js';

/** The whole suite, with the clients on `fetchImpl` (or on their default, Node's http). */
export function faultSuite(fetchImpl?: typeof fetch): void {
  const API_KEY = 'tk_fault_suite_api_key_5up3r53cr3t';
  const CLIENT_SECRET = 'fault-suite-client-secret-value';
  const SECRET_VALUES = [API_KEY, CLIENT_SECRET, SECRETS.sessionToken, SECRETS.linkToken];

  const lines: string[] = [];
  const logger = {
    error: (l: string) => lines.push(l),
    warn: (l: string) => lines.push(l),
    info: (l: string) => lines.push(l),
    debug: (l: string) => lines.push(l),
  };
  const seen: unknown[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  let server: FaultServer;
  let refold: Refold;
  let mesh: Mesh;
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    server = await startFaultServer();
    const common = {
      logger,
      logLevel: 'debug' as const,
      timeoutMs: 250,
      maxRetries: 2,
      ...(fetchImpl && { fetch: fetchImpl }),
    };
    refold = new Refold({ ...common, apiKey: API_KEY, baseUrl: server.url });
    mesh = new Mesh({ ...common, clientId: 'fault-suite-client', clientSecret: CLIENT_SECRET, baseUrl: server.url });
  });
  afterAll(() => {
    server?.stop();
    process.off('unhandledRejection', onUnhandled);
  });

  let call = 0;
  /** Runs one call under a fault; resolves to its value or error, and how long it took. */
  async function underFault(
    client: 'refold' | 'mesh',
    fault: string,
  ): Promise<{ value?: unknown; error?: unknown; ms: number }> {
    const headers = { 'x-fault': fault, 'x-call': `${fault}-${++call}` };
    const started = performance.now();
    const outcome = await (client === 'refold'
      ? refold.getTokenForLinkedAccount({ linked_account_id: 'acct' }, { headers })
      : mesh.createLinkToken({ userId: 'user-1' }, { headers })
    ).then(
      (value): { value?: unknown; error?: unknown } => ({ value }),
      (error: unknown) => ({ error }),
    );
    if ('error' in outcome) seen.push(outcome.error);
    return { ...outcome, ms: performance.now() - started };
  }

  // One case at a time: the attempts have 250 ms each, and cases sharing the event loop (a 6 MB
  // oversized body among them) made a single attempt overrun it.
  describe('faults', () => {
    it('connection refused: a ConnectionError after the retries', async () => {
      const closed = new Refold({
        apiKey: API_KEY,
        baseUrl: 'http://127.0.0.1:9',
        logger,
        logLevel: 'debug',
        maxRetries: 1,
        ...(fetchImpl && { fetch: fetchImpl }),
      });
      const error = await closed.getTokenForLinkedAccount({ linked_account_id: 'acct' }).catch((e: unknown) => e);
      seen.push(error);
      expect(error).toBeInstanceOf(RefoldConnectionError);
    });

    it.each(['refold', 'mesh'] as const)('%s: reset mid-body is a ConnectionError', async (client) => {
      const { error, ms } = await underFault(client, 'reset-mid-body');
      expect(error).toBeInstanceOf(client === 'refold' ? RefoldConnectionError : MeshConnectionError);
      expect(ms).toBeLessThan(10_000);
    });

    it('refold: headers that never arrive time out, each attempt (minting without force_refresh is safe to repeat)', async () => {
      const { error, ms } = await underFault('refold', 'no-headers');
      expect(error).toBeInstanceOf(RefoldTimeoutError);
      expect(ms).toBeGreaterThanOrEqual(3 * 250 - 50);
      expect(ms).toBeLessThan(10_000);
    });

    it('mesh: headers that never arrive time out once: a link-token POST that may have been processed is not repeated', async () => {
      const { error, ms } = await underFault('mesh', 'no-headers');
      expect(error).toBeInstanceOf(MeshTimeoutError);
      expect(ms).toBeGreaterThanOrEqual(250 - 50);
      expect(ms).toBeLessThan(2 * 250);
    });

    it('a body slower than the timeout times out', async () => {
      const { error } = await underFault('refold', 'slow-body');
      expect(error).toBeInstanceOf(RefoldTimeoutError);
    });

    it('429 with Retry-After in seconds: success after waiting', async () => {
      const { value, ms } = await underFault('refold', 'retry-after-seconds');
      expect(value).toEqual({ token: SECRETS.sessionToken, expires_in: 86400 });
      expect(ms).toBeGreaterThanOrEqual(950);
    });

    it('429 with Retry-After as an HTTP date: success after waiting', async () => {
      const { value, ms } = await underFault('mesh', 'retry-after-date');
      expect(value).toEqual({ linkToken: SECRETS.linkToken });
      expect(ms).toBeGreaterThanOrEqual(900); // HTTP dates have whole seconds
      expect(ms).toBeLessThan(10_000);
    });

    it('refold: a burst of 5xx: success on the third attempt', async () => {
      const { value } = await underFault('refold', '5xx-burst');
      expect(value).toEqual({ token: SECRETS.sessionToken, expires_in: 86400 });
    });

    it('mesh: a 503 is retried, the 500 after it ends the call', async () => {
      const { error } = await underFault('mesh', '5xx-burst');
      expect(error).toBeInstanceOf(MeshAPIError);
      expect(error).toMatchObject({ status: 500 });
    });

    it('an HTML 502: an APIError with the status once retries run out', async () => {
      const { error } = await underFault('refold', 'html-502');
      expect(error).toBeInstanceOf(RefoldAPIError);
      expect(error).toMatchObject({ status: 502, message: 'HTTP 502 Bad Gateway' });
    });

    it.each(['refold', 'mesh'] as const)(
      '%s: malformed, empty, HTML and scalar 200 bodies and an impossible status are APIErrors, not SyntaxErrors or TypeErrors',
      async (client) => {
        const APIError = client === 'refold' ? RefoldAPIError : MeshAPIError;
        for (const fault of ['malformed-200', 'empty-200', 'html-200', 'scalar-200', 'status-600']) {
          const { error } = await underFault(client, fault);
          expect(error, fault).toBeInstanceOf(APIError);
          expect(error, fault).toMatchObject({ status: fault === 'status-600' ? 600 : 200 });
        }
      },
    );

    it('an oversized body is refused', async () => {
      const { error } = await underFault('mesh', 'oversized');
      expect(error).toBeInstanceOf(MeshAPIError);
      expect((error as MeshAPIError).message).toMatch(/exceeds \d+ bytes/);
    });

    it("Refold's 200 carrying { error } and Mesh's non-ok envelope are APIErrors", async () => {
      const refoldFailure = await refold
        .migrateToken(
          { linked_account_id: 'acct', slug: 'slack', auth_object: { bot_token: 'fault-suite-bot-token' } },
          { headers: { 'x-fault': 'refold-200-error' } },
        )
        .catch((e: unknown) => e);
      seen.push(refoldFailure);
      expect(refoldFailure).toBeInstanceOf(RefoldAPIError);
      expect(refoldFailure).toMatchObject({ status: 200, message: 'Custom apps are not supported for this endpoint.' });

      const { error } = await underFault('mesh', 'mesh-not-ok');
      expect(error).toBeInstanceOf(MeshAPIError);
      expect(error).toMatchObject({ status: 200, code: 'brokerFailure', displayMessage: 'Please try again' });
    });
  });

  describe('after the fault suite', () => {
    it('logged every attempt at debug, and no secret in any line', () => {
      expect(lines.filter((l) => / attempt=\d+ /.test(l)).length).toBeGreaterThanOrEqual(20);
      const leaks = lines.filter((line) => SECRET_VALUES.some((secret) => line.includes(secret)));
      expect(leaks).toEqual([]);
    });

    it('put no secret into any error message, JSON.stringify or util.inspect', () => {
      expect(seen.length).toBeGreaterThanOrEqual(12);
      for (const error of seen) {
        for (const view of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
          for (const secret of [...SECRET_VALUES, 'fault-suite-bot-token']) expect(view).not.toContain(secret);
        }
      }
    });

    it('left no unhandled rejection behind', async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    });
  });
}
