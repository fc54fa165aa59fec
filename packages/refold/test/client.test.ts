import { inspect } from 'node:util';
import { rejectionOf, startServer, type TestServer } from '@org/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Refold,
  RefoldAbortError,
  RefoldAPIError,
  RefoldConnectionError,
  RefoldError,
  RefoldTimeoutError,
  RefoldValidationError,
} from '../src/index.js';

const API_KEY = 'tk_live_secret_key_0123456789';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLXNlY3JldA';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const refold = (options: ConstructorParameters<typeof Refold>[0] = {}) =>
  new Refold({ apiKey: API_KEY, baseUrl: server.url, ...options });

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, RefoldError);

describe('new Refold()', () => {
  it('takes the API key from REFOLD_API_KEY when no option is given', async () => {
    vi.stubEnv('REFOLD_API_KEY', 'tk_from_env');
    server.answer([200, { token: TOKEN }]);
    await new Refold({ baseUrl: server.url }).getTokenForLinkedAccount({ linked_account_id: 'a' });
    expect(server.requests[0]!.headers['x-api-key']).toBe('tk_from_env');
  });

  it('fails at construction, naming the option and the variable, when the key is missing', () => {
    vi.stubEnv('REFOLD_API_KEY', '');
    expect(() => new Refold()).toThrow(RefoldError);
    expect(() => new Refold()).toThrow(/apiKey.*REFOLD_API_KEY/);
  });

  it("defaults to the spec's first server, and REFOLD_BASE_URL overrides it", () => {
    expect(new Refold({ apiKey: 'k' }).baseUrl).toBe('https://app.refold.ai');
    vi.stubEnv('REFOLD_BASE_URL', 'http://127.0.0.1:9/');
    expect(new Refold({ apiKey: 'k' }).baseUrl).toBe('http://127.0.0.1:9');
  });

  it('refuses a baseUrl that reaches into the API’s paths (/api/v2/public, as before 0.2), saying what to pass instead', () => {
    for (const baseUrl of [
      'https://app.refold.ai/api/v2/public',
      'http://127.0.0.1:9/api/v2/public/',
      'https://app.refold.ai/api/v2',
      'https://app.refold.ai/api/v1/workflow',
    ]) {
      expect(() => new Refold({ apiKey: 'k', baseUrl }), baseUrl).toThrow(
        "baseUrl is the server's origin now (such as https://app.refold.ai): drop its /api/... path, which every operation's path carries.",
      );
    }
    // A proxy that serves Refold under a path of its own is an origin plus a prefix: accepted.
    expect(() => new Refold({ apiKey: 'k', baseUrl: 'https://proxy.example.com/refold' })).not.toThrow();
    vi.stubEnv('REFOLD_BASE_URL', 'https://api.gocobalt.io/api/v2/public');
    expect(() => new Refold({ apiKey: 'k' })).toThrow(RefoldError);
  });

  it('refuses a key a header cannot carry, without echoing it', () => {
    expect(() => new Refold({ apiKey: 'tk_secret_value\nX-Injected: 1' })).toThrow(
      /apiKey has characters an HTTP header cannot carry/,
    );
    expect(() => new Refold({ apiKey: 'tk_secret_value\nX-Injected: 1' })).not.toThrow(/tk_secret_value/);
  });

  it('refuses a baseUrl that is not an http(s) URL at construction', () => {
    expect(() => new Refold({ apiKey: 'k', baseUrl: 'not a url' })).toThrow(
      'baseUrl must be an absolute http or https URL, such as https://api.example.com.',
    );
    expect(() => new Refold({ apiKey: 'k', baseUrl: 'ftp://example.com' })).toThrow(RefoldError);
  });

  it('refuses to run in a browser unless dangerouslyAllowBrowser is set', () => {
    const g = globalThis as { window?: unknown; document?: unknown };
    g.window = {};
    g.document = {};
    try {
      expect(() => refold()).toThrow(/browser/);
      expect(() => refold({ dangerouslyAllowBrowser: true })).not.toThrow();
    } finally {
      delete g.window;
      delete g.document;
    }
  });
});

describe('getTokenForLinkedAccount', () => {
  it('sends accept and a user-agent naming the SDK', async () => {
    server.answer([200, { token: TOKEN }]);
    await refold().getTokenForLinkedAccount({ linked_account_id: 'a' });
    expect(server.requests[0]!.headers).toMatchObject({
      accept: 'application/json',
      'user-agent': `@org/refold node/${process.versions.node}`,
    });
  });

  it('POSTs the linked account id with the API key and resolves to the body', async () => {
    server.answer([200, { token: TOKEN, expires_in: 604800 }]);
    const result = await refold().getTokenForLinkedAccount({ linked_account_id: 'markwood@some_email.com' });

    expect(result).toEqual({ token: TOKEN, expires_in: 604800 });
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/api/v2/public/session-token');
    expect(request!.headers['x-api-key']).toBe(API_KEY);
    expect(JSON.parse(request!.body)).toEqual({ linked_account_id: 'markwood@some_email.com' });
  });

  it('sends force_refresh as a query parameter, not in the body', async () => {
    server.answer([200, { token: TOKEN }]);
    await refold().getTokenForLinkedAccount({ linked_account_id: 'a', force_refresh: true });
    expect(server.requests[0]!.url).toBe('/api/v2/public/session-token?force_refresh=true');
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ linked_account_id: 'a' });
  });

  it('rejects an empty linked_account_id before sending anything', async () => {
    const error = await rejection(refold().getTokenForLinkedAccount({ linked_account_id: '' }));
    expect(error).toBeInstanceOf(RefoldValidationError);
    expect((error as RefoldValidationError).issues).toEqual([
      { field: 'linked_account_id', rule: 'minLength', message: 'must have at least 1 character' },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('turns the documented error envelope into a RefoldAPIError', async () => {
    server.answer([
      400,
      {
        status_code: 400,
        http_error_type: 'BAD_REQUEST',
        error_code: 'SERVER_ERROR',
        message: 'Linked account Id and Template Id both are required',
        request_id: '0d6eab55-4b60-4eae-a6ca-58d7b6fda80d',
      },
    ]);
    const error = (await rejection(refold().getTokenForLinkedAccount({ linked_account_id: 'a' }))) as RefoldAPIError;
    expect(error).toBeInstanceOf(RefoldAPIError);
    expect(error).toMatchObject({
      name: 'RefoldAPIError',
      status: 400,
      code: 'SERVER_ERROR',
      requestId: '0d6eab55-4b60-4eae-a6ca-58d7b6fda80d',
      message: 'Linked account Id and Template Id both are required',
    });
    expect(error.body).toMatchObject({ http_error_type: 'BAD_REQUEST' });
    expect(server.requests).toHaveLength(1);
  });

  it('survives the documented 401, whose body is not valid JSON', async () => {
    // Verbatim from the API reference: the comma after "message" is missing.
    const documented =
      '{\n "status_code": 401,\n "http_error_type": "UNAUTHORIZED",\n "error_code": "SERVER_ERROR",\n "message": "Invalid Credentials"\n "request_id": "89bd1675-a826-46cb-9210-6cb2ae169f67"\n}';
    server.answer([401, documented, { 'content-type': 'application/json' }]);
    const error = (await rejection(refold().getTokenForLinkedAccount({ linked_account_id: 'a' }))) as RefoldAPIError;
    expect(error).toBeInstanceOf(RefoldAPIError);
    expect(error.status).toBe(401);
    expect(error.message).toBe('HTTP 401 Unauthorized');
    expect(error.body).toBe(documented);
  });

  it('turns an HTML error page into a RefoldAPIError after retrying it', async () => {
    server.answer([
      502,
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      { 'content-type': 'text/html', 'retry-after': '0' },
    ]);
    const error = (await rejection(refold().getTokenForLinkedAccount({ linked_account_id: 'a' }))) as RefoldAPIError;
    expect(error).toBeInstanceOf(RefoldAPIError);
    expect(error.status).toBe(502);
    expect(error.body).toContain('502 Bad Gateway');
    expect(server.requests).toHaveLength(3);
  });

  it('turns an empty error body into a RefoldAPIError with the status', async () => {
    server.answer([403, '']);
    const error = (await rejection(refold().getTokenForLinkedAccount({ linked_account_id: 'a' }))) as RefoldAPIError;
    expect(error).toMatchObject({ status: 403, message: 'HTTP 403 Forbidden', body: undefined });
  });

  it('turns a 200 without a token, or with malformed JSON, into a RefoldAPIError', async () => {
    server.answer(
      [200, ''],
      [200, { token: '' }],
      [200, { expires_in: 60 }],
      [200, '{"token": "abc', { 'content-type': 'application/json' }],
    );
    const empty = (await rejection(refold().getTokenForLinkedAccount({ linked_account_id: 'a' }))) as RefoldAPIError;
    expect(empty).toMatchObject({ status: 200, message: 'The getTokenForLinkedAccount response has no body.' });
    // The spec's success rules: token is required, and at least one character long.
    const blank = (await rejection(refold().getTokenForLinkedAccount({ linked_account_id: 'a' }))) as RefoldAPIError;
    expect(blank).toMatchObject({
      status: 200,
      message: 'The getTokenForLinkedAccount response has no valid token (minLength).',
    });
    const missing = (await rejection(refold().getTokenForLinkedAccount({ linked_account_id: 'a' }))) as RefoldAPIError;
    expect(missing).toMatchObject({
      status: 200,
      message: 'The getTokenForLinkedAccount response has no valid token (required).',
    });
    const malformed = (await rejection(
      refold().getTokenForLinkedAccount({ linked_account_id: 'a' }),
    )) as RefoldAPIError;
    expect(malformed).toBeInstanceOf(RefoldAPIError);
    expect(malformed).toMatchObject({
      status: 200,
      message: 'The 200 response is not valid JSON (14 characters).',
      body: undefined,
    });
  });

  it('does not retry the documented "No linked account found" 500', async () => {
    server.answer([
      500,
      {
        status_code: 500,
        http_error_type: 'INTERNAL_SERVER_ERROR',
        error_code: 'SERVER_ERROR',
        message: 'No linked account found for account id : T1234567 in environment test',
        request_id: '0d6eab55-4b60-4eae-a6ca-58d7b6fda80d',
      },
    ]);
    const error = (await rejection(
      refold().getTokenForLinkedAccount({ linked_account_id: 'T1234567' }),
    )) as RefoldAPIError;
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/No linked account found/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries other 500s and 429 and succeeds', async () => {
    server.answer(
      [500, { message: 'Internal error' }],
      [429, { message: 'Too many requests' }],
      [200, { token: TOKEN }],
    );
    await expect(refold().getTokenForLinkedAccount({ linked_account_id: 'a' })).resolves.toEqual({ token: TOKEN });
    expect(server.requests).toHaveLength(3);
  });

  it('does not repeat a forced mint after a 500: a second one would rotate the token again', async () => {
    server.answer([500, { message: 'Internal error' }], [200, { token: TOKEN }]);
    const error = (await rejection(
      refold().getTokenForLinkedAccount({ linked_account_id: 'a', force_refresh: true }),
    )) as RefoldAPIError;
    expect(error.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });

  it('repeats migrateToken, a PUT, after a 502', async () => {
    server.answer([502, { message: 'Bad gateway' }], [200, { success: true, message: 'ok' }]);
    await expect(
      refold().migrateToken({ linked_account_id: 'a', slug: 'slack', auth_object: { bot_token: 'b' } }),
    ).resolves.toEqual({ success: true, message: 'ok' });
    expect(server.requests).toHaveLength(2);
  });

  it('honours per-call maxRetries, timeoutMs and headers', async () => {
    server.answer([503, { message: 'busy' }]);
    await rejection(
      refold().getTokenForLinkedAccount({ linked_account_id: 'a' }, { maxRetries: 0, headers: { 'x-trace': 't1' } }),
    );
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['x-trace']).toBe('t1');

    server.handle(() => new Promise(() => {})); // never answers
    const error = await rejection(
      refold({ maxRetries: 0 }).getTokenForLinkedAccount({ linked_account_id: 'a' }, { timeoutMs: 50 }),
    );
    expect(error).toBeInstanceOf(RefoldTimeoutError);
  });

  it('rejects with RefoldAbortError when the caller aborts', async () => {
    const controller = new AbortController();
    // Aborts once the request has arrived, and never answers it.
    server.handle(() => {
      controller.abort();
      return new Promise(() => {});
    });
    const pending = refold().getTokenForLinkedAccount({ linked_account_id: 'a' }, { signal: controller.signal });
    expect(await rejection(pending)).toBeInstanceOf(RefoldAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with RefoldConnectionError when nothing listens', async () => {
    const closed = await startServer();
    await closed.close();
    const error = await rejection(
      refold({ baseUrl: closed.url, maxRetries: 1 }).getTokenForLinkedAccount({ linked_account_id: 'a' }),
    );
    expect(error).toBeInstanceOf(RefoldConnectionError);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe('migrateToken', () => {
  const params = {
    linked_account_id: 'markwood@some_email.com',
    slug: 'slack',
    auth_object: { bot_token: 'xoxb-secret-bot-token' },
  };

  it('PUTs slug and auth_object with linked_account_id as a header', async () => {
    server.answer([200, { success: true, message: 'Integration - slack created' }]);
    await expect(refold().migrateToken(params)).resolves.toEqual({
      success: true,
      message: 'Integration - slack created',
    });
    const [request] = server.requests;
    expect(request!.method).toBe('PUT');
    expect(request!.url).toBe('/api/v2/public/migrate-token');
    expect(request!.headers.linked_account_id).toBe('markwood@some_email.com');
    expect(JSON.parse(request!.body)).toEqual({ slug: 'slack', auth_object: { bot_token: 'xoxb-secret-bot-token' } });
  });

  it('treats an HTTP 200 carrying { error } as a RefoldAPIError', async () => {
    server.answer([200, { error: 'Custom apps are not supported for this endpoint.' }]);
    const error = (await rejection(refold().migrateToken(params))) as RefoldAPIError;
    expect(error).toBeInstanceOf(RefoldAPIError);
    expect(error).toMatchObject({ status: 200, message: 'Custom apps are not supported for this endpoint.' });
  });

  it('treats a 200 reporting success: false as a RefoldAPIError (the spec requires success: true)', async () => {
    server.answer([200, { success: false, message: 'Integration - slack not created' }]);
    const error = (await rejection(refold().migrateToken(params))) as RefoldAPIError;
    expect(error).toMatchObject({ status: 200, message: 'Integration - slack not created' });
  });

  it('treats a 200 whose body is JSON but not an object as a RefoldAPIError', async () => {
    for (const body of ['"ok"', 'true', '1']) {
      server.answer([200, body, { 'content-type': 'application/json' }]);
      const error = await rejection(refold().migrateToken(params));
      expect(error, body).toBeInstanceOf(RefoldAPIError);
    }
  });

  it('rejects a linked_account_id a header cannot carry, before sending', async () => {
    for (const linked_account_id of ['a\nb', '日本']) {
      const error = (await rejection(refold().migrateToken({ ...params, linked_account_id }))) as RefoldValidationError;
      expect(error).toBeInstanceOf(RefoldValidationError);
      expect(error.issues).toEqual([expect.objectContaining({ field: 'linked_account_id', rule: 'header' })]);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('rejects auth_object values that are not strings, naming the field, and sends nothing', async () => {
    const error = await rejection(
      refold().migrateToken({ ...params, auth_object: { bot_token: 42 as unknown as string } }),
    );
    expect(error).toBeInstanceOf(RefoldValidationError);
    expect(error.message).toBe(
      'Invalid migrateToken request: auth_object.bot_token must be string, got integer (type)',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('never puts the API key or auth_object values into an error, its JSON or its inspection', async () => {
    server.answer([400, { message: 'auth_object values must be valid strings', auth_object: params.auth_object }]);
    const error = await rejection(refold().migrateToken(params));
    for (const view of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(view).not.toContain(API_KEY);
      expect(view).not.toContain('xoxb-secret-bot-token');
    }
  });
});

describe('refold.api', () => {
  it('is the typed openapi-fetch client, with auth and retries applied', async () => {
    server.answer([503, { message: 'busy' }], [200, { token: TOKEN }]);
    const { data, error } = await refold().api.POST('/api/v2/public/session-token', {
      body: { linked_account_id: 'a' },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual({ token: TOKEN });
    expect(server.requests).toHaveLength(2);
    expect(server.requests.every((r) => r.headers['x-api-key'] === API_KEY)).toBe(true);
  });
});

describe('logging', () => {
  it('writes one line per attempt, and never the key or the token', async () => {
    server.answer([503, { message: 'busy' }], [200, { token: TOKEN }]);
    const lines: string[] = [];
    const logger = {
      error: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      info: (l: string) => lines.push(l),
      debug: (l: string) => lines.push(l),
    };
    await refold({ logger, logLevel: 'debug' }).getTokenForLinkedAccount({ linked_account_id: 'a' });
    const attempts = lines.filter((l) => /attempt=\d/.test(l));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatch(
      /^\[refold\] POST \/api\/v2\/public\/session-token 503 attempt=1 \d+ms \(retrying in \d+ms\)$/,
    );
    expect(attempts[1]).toMatch(/^\[refold\] POST \/api\/v2\/public\/session-token 200 attempt=2 \d+ms$/);
    expect(lines.join('\n')).not.toContain(API_KEY);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('is off by default', async () => {
    server.answer([200, { token: TOKEN }]);
    const spy = vi.spyOn(console, 'info').mockImplementation(() => {});
    try {
      await refold().getTokenForLinkedAccount({ linked_account_id: 'a' });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
