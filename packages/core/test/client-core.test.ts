// ClientCore, the typed client the SDKs build on: what it sends through the transport, the
// options it accepts or refuses, logging from the environment, and requireCredential.
// Against real servers (support.ts).
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { type LogLevel, requireCredential } from '../src/index.js';
import { json } from '../testing/server.js';
import {
  API_KEY,
  capture,
  core,
  deadUrl,
  errors,
  REQUEST_BODY,
  rejectionOf,
  server,
  status,
  useServer,
} from './support.js';

useServer();

describe('ClientCore', () => {
  it('wraps an error that is not its own in the client family, with the credentials scrubbed and no cause', async () => {
    const client = core();
    const rules = { method: 'POST', path: '/x', parameters: [] } as const;
    const err = await rejectionOf(
      client.call('createX', rules, {}, undefined, () => {
        throw new TypeError(`Headers.set: "${API_KEY}" is an invalid header value.`);
      }),
    );
    expect(err).toBeInstanceOf(errors.SDKError);
    expect(err.message).toBe('createX failed: Headers.set: "[redacted]" is an invalid header value.');
    expect(inspect(err, { depth: 10 })).not.toContain(API_KEY);
  });

  it('refuses header values a header cannot carry, by name and without echoing them', async () => {
    expect(() => core({ defaultHeaders: { 'x-trace': 'a\nb' } })).toThrow(
      'defaultHeaders["x-trace"] has characters an HTTP header cannot carry',
    );
    const client = core();
    expect(() => client.callInit({ headers: { 'x-session-token': 'tok_SECRET\u0001' } })).toThrow(errors.SDKError);
    expect(() => client.callInit({ headers: { 'x-session-token': 'tok_SECRET\u0001' } })).not.toThrow(/tok_SECRET/);
  });

  it('refuses a baseUrl with credentials, a query or a fragment, and accepts any case of scheme', () => {
    expect(() => core({ baseUrl: 'http://user:pw-secret@127.0.0.1:9' })).toThrow(
      'baseUrl must not carry credentials; pass them as options.',
    );
    expect(() => core({ baseUrl: 'http://127.0.0.1:9/?x=1' })).toThrow(/must not have a query or fragment/);
    expect(() => core({ baseUrl: 'HTTPS://API.EXAMPLE.COM/v2' })).not.toThrow();
  });

  it('sends typed calls through the transport with the auth and default headers', async () => {
    server.handle(status(200, { ok: true }));
    const client = core({
      baseUrl: `${server.url}/`,
      defaultHeaders: { 'x-client-id': 'cid', 'x-api-key': 'overridden' },
    });
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
    const client = core();
    const controller = new AbortController();
    server.handle(() => void setTimeout(() => controller.abort(), 20));
    const call = client.api.POST('/x', {
      body: { a: 1 },
      ...client.callInit({ signal: controller.signal, headers: { 'x-extra': 'yes' } }),
    });
    await expect(call).rejects.toBeInstanceOf(errors.AbortError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['x-extra']).toBe('yes');
    expect(client.callInit(undefined)).toEqual({});
    expect(Object.keys(client.callInit({ headers: { a: 'b' } }))).toEqual(['headers']);
  });

  it('throws its own errors from a raw call: a refused connection is a ConnectionError', async () => {
    const client = core({ baseUrl: await deadUrl(), maxRetries: 0 });
    const err = await rejectionOf(client.api.POST('/x', { body: { a: 1 } }));
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
      body: {
        required: true,
        schema: { type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 1 } } },
      },
    } as const;
    server.handle(status(200, { ok: true }));
    const call = (a: number) =>
      client.call('createX', rules, { body: { a } }, undefined, (init) =>
        client.api.POST('/x', { body: { a }, ...init }),
      );
    await expect(call(1)).resolves.toEqual({ ok: true });
    server.requests.length = 0;
    const err = await rejectionOf(call(0));
    expect(err).toBeInstanceOf(errors.ValidationError);
    const validation = err as InstanceType<typeof errors.ValidationError>;
    expect(validation.message).toBe('Invalid createX request: a must be >= 1 (minimum)');
    expect(validation.issues).toEqual([{ field: 'a', rule: 'minimum', message: 'must be >= 1' }]);
    expect(server.requests).toHaveLength(0);
  });

  describe('options', () => {
    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects timeoutMs %s', (timeoutMs) => {
      expect(() => core({ timeoutMs })).toThrow(errors.SDKError);
      expect(() => core({ timeoutMs })).toThrow(
        `timeoutMs must be an integer from 1 to 2147483647, got ${String(timeoutMs)}.`,
      );
    });

    it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects maxRetries %s', (maxRetries) => {
      expect(() => core({ maxRetries })).toThrow(
        `maxRetries must be an integer from 0 to 10, got ${String(maxRetries)}.`,
      );
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
      expect(() => core().callInit({ maxRetries: Number.POSITIVE_INFINITY })).toThrow(
        'maxRetries must be an integer from 0 to 10',
      );
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
      vi.stubEnv('TEST_LOG', 'debug');
      await core({ logger }).api.POST('/x', { body: { a: 1 } });
      expect(lines.map((l) => l.level)).toEqual(['debug', 'info']);
      expect(lines[1]!.message).toMatch(/^\[test\] POST \/x 200 attempt=1 \d+ms$/);
      expect(JSON.stringify(lines)).not.toContain(API_KEY);
    });

    it('lets logLevel win over the environment, and ignores an unknown level there', async () => {
      server.handle(status(200, { ok: true }));
      const { lines, logger } = capture();
      vi.stubEnv('TEST_LOG', 'debug');
      await core({ logger, logLevel: 'off' }).api.POST('/x', { body: { a: 1 } });
      await core({ logger, logLevel: 'error' }).api.POST('/x', { body: { a: 1 } });
      vi.stubEnv('TEST_LOG', 'verbose');
      await core({ logger }).api.POST('/x', { body: { a: 1 } });
      vi.stubEnv('TEST_LOG', undefined);
      await core({ logger }).api.POST('/x', { body: { a: 1 } });
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
  it('prefers the option', () => {
    vi.stubEnv('ACME_API_KEY', 'from-env');
    expect(requireCredential(errors, 'Acme', 'apiKey', 'from-option', 'ACME_API_KEY')).toBe('from-option');
  });

  it('falls back to the environment variable, trimmed', () => {
    vi.stubEnv('ACME_API_KEY', '  from-env \n');
    expect(requireCredential(errors, 'Acme', 'apiKey', undefined, 'ACME_API_KEY')).toBe('from-env');
  });

  it.each([undefined, '   '])('names the option and the environment variable when it is %j', (value) => {
    vi.stubEnv('ACME_API_KEY', value);
    let err: unknown;
    try {
      requireCredential(errors, 'Acme', 'apiKey', undefined, 'ACME_API_KEY');
    } catch (caught) {
      err = caught;
    }
    expect(err).toBeInstanceOf(errors.SDKError);
    expect((err as Error).message).toBe(
      'Missing apiKey: pass it as new Acme({ apiKey }) or set the ACME_API_KEY environment variable.',
    );
  });

  it('does not fall back to the environment for an explicit empty string', () => {
    vi.stubEnv('ACME_API_KEY', 'from-env');
    expect(() => requireCredential(errors, 'Acme', 'apiKey', '', 'ACME_API_KEY')).toThrow(/Missing apiKey/);
  });
});
