// Every error the SDK raises is scrubbed of every secret it was given or sent: credentials, the
// request's token-bearing fields and every `auth_object` value, by value as well as by name,
// in its message, stack, cause, properties, JSON and util.inspect. Against real servers.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { json } from '../testing/server.js';
import { API_KEY, core, errors, rejectionOf, server, status, transport, useServer } from './support.js';

useServer();

const BOT_TOKEN = 'xoxb-BOT-4f1c9e';
const WORKSPACE_TOKEN = 'xoxp-WORKSPACE-77aa';
const body = JSON.stringify({
  slug: 'slack',
  auth_object: { bot_token: BOT_TOKEN, nested: { workspace_token: WORKSPACE_TOKEN } },
});
const SECRETS = [API_KEY, BOT_TOKEN, WORKSPACE_TOKEN];

/** Every way an error can be read: what a logger, an error tracker or a developer sees. */
function everyView(error: Error): string[] {
  const cause = (error as { cause?: unknown }).cause;
  return [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    inspect(error, { depth: 20, showHidden: true }),
    inspect(cause, { depth: 20, showHidden: true }),
    JSON.stringify(cause ?? null),
    String((cause as Error | undefined)?.stack ?? ''),
  ];
}

function expectScrubbed(error: Error): void {
  for (const view of everyView(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
}

const request = () =>
  new Request(`${server.url}/x`, {
    method: 'PUT',
    body,
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
  });

describe('secrets in errors', () => {
  it('scrubs a failing fetch whose error quotes the request (a mock agent, a proxy), keeping a scrubbed cause', async () => {
    // Like undici's MockAgent or nock: the message and properties quote what was sent.
    const echoing: typeof fetch = async (input, init) => {
      const sent = await new Request(input, init).text();
      const error = new TypeError(
        `No match for request PUT ${String(input)} headers x-api-key=${API_KEY} body ${sent}`,
      );
      throw Object.assign(error, { code: 'ERR_NO_MATCH', request: { headers: { 'x-api-key': API_KEY }, body: sent } });
    };
    const err = await rejectionOf(transport({ fetch: echoing, maxRetries: 0 })(request()));
    expect(err).toBeInstanceOf(errors.ConnectionError);
    expect(err.message).toContain('No match for request PUT');
    expect(err.message).toContain('[redacted]');
    // The cause is kept, in scrubbed form: its name, message and code, not its other properties.
    const cause = err.cause as Error & { code?: string; request?: unknown };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('TypeError');
    expect(cause.code).toBe('ERR_NO_MATCH');
    expect(cause.request).toBeUndefined();
    expectScrubbed(err);
  });

  it('scrubs a JSON-escaped or URL-encoded echo of a secret too', async () => {
    const quoting: typeof fetch = async () => {
      throw new Error(
        `proxy said ${JSON.stringify(JSON.stringify({ bot: BOT_TOKEN }))} for ?key=${encodeURIComponent(API_KEY)}`,
      );
    };
    const err = await rejectionOf(transport({ fetch: quoting, maxRetries: 0 })(request()));
    expectScrubbed(err);
  });

  it('scrubs an APIError whose body and headers echo the secrets under names a name list misses', async () => {
    server.handle((_, res) =>
      json(
        res,
        400,
        {
          message: `bad auth_object ${BOT_TOKEN}`,
          echo: {
            bot_token: BOT_TOKEN,
            workspace_token: WORKSPACE_TOKEN,
            session_token: 's',
            id_token: 'i',
            jwt: 'j',
            'x-api-key': API_KEY,
            note: `got ${WORKSPACE_TOKEN}`,
          },
        },
        { 'x-echo-key': API_KEY, 'x-debug': `body was ${BOT_TOKEN}` },
      ),
    );
    const client = core();
    const rules = { method: 'PUT', path: '/x', parameters: [] } as const;
    const parts = { body: JSON.parse(body) as object };
    const err = (await rejectionOf(
      client.call('migrate', rules, parts, undefined, (init) =>
        client.api.PUT('/x' as never, { body: parts.body, ...init } as never),
      ),
    )) as InstanceType<typeof errors.APIError>;
    expect(err).toBeInstanceOf(errors.APIError);
    expect(err.status).toBe(400);
    expect(err.message).toBe('bad auth_object [redacted]');
    const echo = (err.body as { echo: Record<string, unknown> }).echo;
    for (const name of ['bot_token', 'workspace_token', 'session_token', 'id_token', 'jwt', 'x-api-key'])
      expect(echo[name], name).toBe('[redacted]');
    expect(echo.note).toBe('got [redacted]');
    expect(err.headers['x-debug']).toBe('body was [redacted]');
    expectScrubbed(err);
  });

  it('scrubs an error thrown before sending (by openapi-fetch or a middleware) of the call’s secrets', async () => {
    const client = core();
    const rules = { method: 'PUT', path: '/x', parameters: [] } as const;
    const err = await rejectionOf(
      client.call('migrate', rules, { body: JSON.parse(body) as object }, undefined, () => {
        throw new Error(`middleware rejected ${body}`);
      }),
    );
    expect(err).toBeInstanceOf(errors.SDKError);
    expectScrubbed(err);
  });

  it('keeps a `__proto__` key of an error body as a plain property, not the body’s prototype', async () => {
    server.handle((_, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"message":"no","__proto__":{"polluted":true}}');
    });
    const client = core();
    const rules = { method: 'PUT', path: '/x', parameters: [] } as const;
    const err = (await rejectionOf(
      client.call('x', rules, {}, undefined, (init) => client.api.PUT('/x' as never, init as never)),
    )) as InstanceType<typeof errors.APIError>;
    const errorBody = err.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(errorBody)).toBe(Object.prototype);
    expect((errorBody as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.hasOwn(errorBody, '__proto__')).toBe(true);
  });

  it('keeps at most a bounded text of an oversized error body, not megabytes of it', async () => {
    const big = {
      message: 'too big',
      items: Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: 'x'.repeat(40) })),
    };
    server.handle(status(400, big));
    const client = core();
    const rules = { method: 'PUT', path: '/x', parameters: [] } as const;
    const err = (await rejectionOf(
      client.call('x', rules, {}, undefined, (init) => client.api.PUT('/x' as never, init as never)),
    )) as InstanceType<typeof errors.APIError>;
    expect(err.message).toBe('too big');
    expect(typeof err.body).toBe('string');
    expect(JSON.stringify(err).length).toBeLessThan(5_000);
  });

  it('scrubs a secret however an echo escaped it: JSON inside JSON, \\/, \\u002f, lower-case %2f, a PEM key’s lines', async () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----';
    const base64Key = 'Zm9vYmFy/c2VjcmV0+a2V5PQ==';
    const sent = JSON.stringify({ auth_object: { private_key: pem } });
    const echoing: typeof fetch = async () => {
      throw new Error(
        [
          `nock: ${JSON.stringify(JSON.stringify(sent))}`,
          `php: ${base64Key.replaceAll('/', '\\/')}`,
          `unicode: ${base64Key.replaceAll('/', '\\u002f').replaceAll('+', '\\u002b')}`,
          `lower: ${encodeURIComponent(base64Key).toLowerCase()}`,
        ].join(' | '),
      );
    };
    const request = new Request(`${server.url}/x`, { method: 'PUT', body: sent, headers: { 'x-api-key': base64Key } });
    const err = await rejectionOf(transport({ fetch: echoing, maxRetries: 0, secrets: [base64Key] })(request));
    for (const view of everyView(err)) {
      for (const line of [
        'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
        'BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
        'Zm9vYmFy',
        'c2VjcmV0',
        'a2V5PQ',
      ])
        expect(view).not.toContain(line);
    }
  });

  it('cuts a longer secret whole, even when a shorter one sits inside it', async () => {
    const echoing: typeof fetch = async () => {
      throw new Error(`echo refresh_token=rt_live_PREFIX-SUFFIXSECRET`);
    };
    const request = new Request(`${server.url}/x`, {
      method: 'PUT',
      body: JSON.stringify({ token: 'rt_live_PREFIX', refresh_token: 'rt_live_PREFIX-SUFFIXSECRET' }),
    });
    const err = await rejectionOf(transport({ fetch: echoing, maxRetries: 0 })(request));
    expect(err.message).not.toContain('SUFFIXSECRET');
  });

  it('scrubs before truncating, so that no part of a secret straddling the cut survives', async () => {
    server.handle(status(400, { message: `${'x'.repeat(1_990)}${API_KEY}` }));
    const client = core();
    const rules = { method: 'PUT', path: '/x', parameters: [] } as const;
    const err = await rejectionOf(
      client.call('x', rules, {}, undefined, (init) => client.api.PUT('/x' as never, init as never)),
    );
    expect(err.message).not.toMatch(/secret-key/);
    expect(JSON.stringify(err)).not.toMatch(/secret-key/);
  });

  it('scrubs an echo nested deeper than any walk goes, and survives a body nested 20 000 levels deep', async () => {
    let deep: unknown = { echo: API_KEY };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    server.handle(status(400, { message: 'deep', deep }));
    const client = core();
    const rules = { method: 'PUT', path: '/x', parameters: [] } as const;
    const call = () => client.call('x', rules, {}, undefined, (init) => client.api.PUT('/x' as never, init as never));
    expect(JSON.stringify(await rejectionOf(call()))).not.toContain(API_KEY);
    server.handle((_, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    });
    expect(await rejectionOf(call())).toBeInstanceOf(errors.APIError);
  });

  it('scrubs a foreign cause’s code too', async () => {
    const echoing: typeof fetch = async () => {
      throw Object.assign(new Error('failed'), { code: `E_${API_KEY}` });
    };
    const err = await rejectionOf(transport({ fetch: echoing, maxRetries: 0 })(request()));
    expectScrubbed(err);
  });

  it('hands the caller’s own abort reason back as it was given, through a method too', async () => {
    server.handle(() => {});
    const client = core();
    const controller = new AbortController();
    const reason = { why: 'user left the page' };
    setTimeout(() => controller.abort(reason), 20);
    const rules = { method: 'PUT', path: '/x', parameters: [] } as const;
    const err = await rejectionOf(
      client.call('x', rules, {}, { signal: controller.signal }, (init) =>
        client.api.PUT('/x' as never, init as never),
      ),
    );
    expect(err).toBeInstanceOf(errors.AbortError);
    expect(err.cause).toBe(reason);
  });

  it('scrubs a session token sent as a default or per-call Authorization header from an APIError that echoes it', async () => {
    const sessionToken = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY2N0In0.sig-SECRET-part';
    server.handle(status(401, { message: `Token ${sessionToken} is invalid` }));
    const rules = { method: 'PUT', path: '/x', parameters: [] } as const;
    for (const [client, options] of [
      [core({ defaultHeaders: { authorization: `Bearer ${sessionToken}` } }), undefined],
      [core(), { headers: { authorization: `Bearer ${sessionToken}` } }],
    ] as const) {
      const err = await rejectionOf(
        client.call('x', rules, {}, options, (init) => client.api.PUT('/x' as never, init as never)),
      );
      expect(err.message).toBe('Token Bearer [redacted] is invalid'.replace('Bearer ', ''));
      expect(JSON.stringify(err)).not.toContain('sig-SECRET-part');
    }
  });
});
