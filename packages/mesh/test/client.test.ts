import { inspect } from 'node:util';
import { rejectionOf, startServer, type TestServer } from '@org/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MESH_ENVIRONMENTS,
  Mesh,
  MeshAPIError,
  MeshConnectionError,
  MeshError,
  MeshTimeoutError,
  MeshValidationError,
} from '../src/index.js';

const CLIENT_ID = 'client-id-0123';
const CLIENT_SECRET = 'client-secret-s3cr3t-value';
const LINK_TOKEN = 'aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tL2IyYi1pZnJhbWU=';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const mesh = (options: ConstructorParameters<typeof Mesh>[0] = {}) =>
  new Mesh({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, ...options });

const ok = (content: object) => ({ status: 'ok', message: '', errorHash: '8d443794', errorType: '', content });

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, MeshError);

describe('new Mesh()', () => {
  it("selects the spec's servers by environment, production by default", () => {
    const creds = { clientId: 'id', clientSecret: 'secret' };
    expect(new Mesh(creds)).toMatchObject({
      environment: 'production',
      baseUrl: 'https://integration-api.meshconnect.com',
    });
    expect(new Mesh({ ...creds, environment: 'sandbox' })).toMatchObject({
      environment: 'sandbox',
      baseUrl: 'https://sandbox-integration-api.meshconnect.com',
    });
    expect(MESH_ENVIRONMENTS.sandbox).toBe('https://sandbox-integration-api.meshconnect.com');
  });

  it('lets an explicit baseUrl win over environment', () => {
    const client = new Mesh({
      clientId: 'id',
      clientSecret: 'secret',
      environment: 'sandbox',
      baseUrl: 'http://127.0.0.1:9',
    });
    expect(client.baseUrl).toBe('http://127.0.0.1:9');
    expect(client.environment).toBeUndefined();
  });

  it('lets an explicit environment win over MESH_BASE_URL, and MESH_BASE_URL over MESH_ENVIRONMENT', () => {
    vi.stubEnv('MESH_BASE_URL', 'http://127.0.0.1:9');
    vi.stubEnv('MESH_ENVIRONMENT', 'sandbox');
    const creds = { clientId: 'id', clientSecret: 'secret' };
    expect(new Mesh({ ...creds, environment: 'production' })).toMatchObject({
      environment: 'production',
      baseUrl: 'https://integration-api.meshconnect.com',
    });
    expect(new Mesh(creds)).toMatchObject({ environment: undefined, baseUrl: 'http://127.0.0.1:9' });
    vi.stubEnv('MESH_BASE_URL', '');
    expect(new Mesh(creds)).toMatchObject({ environment: 'sandbox' });
  });

  it('ignores MESH_ENVIRONMENT when a baseUrl decides', () => {
    vi.stubEnv('MESH_ENVIRONMENT', 'staging');
    expect(new Mesh({ clientId: 'id', clientSecret: 'secret', baseUrl: 'http://127.0.0.1:9' }).baseUrl).toBe(
      'http://127.0.0.1:9',
    );
    expect(() => new Mesh({ clientId: 'id', clientSecret: 'secret' })).toThrow(/environment must be one of/);
  });

  it('refuses a client secret a header cannot carry, without echoing it', () => {
    expect(() => new Mesh({ clientId: 'id', clientSecret: 'secret-value\r\nX: 1' })).toThrow(
      /clientSecret has characters an HTTP header cannot carry/,
    );
    expect(() => new Mesh({ clientId: 'id', clientSecret: 'secret-value\r\nX: 1' })).not.toThrow(/secret-value/);
  });

  it('rejects an unknown environment', () => {
    expect(() => new Mesh({ clientId: 'id', clientSecret: 'secret', environment: 'staging' as 'sandbox' })).toThrow(
      /environment must be one of production, sandbox/,
    );
  });

  it('reads the credentials from MESH_CLIENT_ID and MESH_CLIENT_SECRET', async () => {
    vi.stubEnv('MESH_CLIENT_ID', 'env-id');
    vi.stubEnv('MESH_CLIENT_SECRET', 'env-secret');
    server.answer([200, ok({ linkToken: LINK_TOKEN })]);
    await new Mesh({ baseUrl: server.url }).createLinkToken({ userId: 'user-1' });
    expect(server.requests[0]!.headers).toMatchObject({ 'x-client-id': 'env-id', 'x-client-secret': 'env-secret' });
  });

  it('names the missing option and its variable', () => {
    vi.stubEnv('MESH_CLIENT_ID', '');
    vi.stubEnv('MESH_CLIENT_SECRET', '');
    expect(() => new Mesh({ clientId: 'id' })).toThrow(/clientSecret.*MESH_CLIENT_SECRET/);
    expect(() => new Mesh({ clientSecret: 's' })).toThrow(/clientId.*MESH_CLIENT_ID/);
  });
});

describe('createLinkToken', () => {
  it('POSTs the request with both credential headers and resolves to the unwrapped content', async () => {
    server.answer([200, ok({ linkToken: LINK_TOKEN })]);
    await expect(mesh().createLinkToken({ userId: 'user-1', restrictMultipleAccounts: true })).resolves.toEqual({
      linkToken: LINK_TOKEN,
    });
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/api/v1/linktoken');
    expect(request!.headers).toMatchObject({
      'x-client-id': CLIENT_ID,
      'x-client-secret': CLIENT_SECRET,
      'content-type': 'application/json',
    });
    expect(JSON.parse(request!.body)).toEqual({ userId: 'user-1', restrictMultipleAccounts: true });
  });

  it('rejects an HTTP 200 whose envelope status is not ok, with the envelope fields', async () => {
    server.answer([
      200,
      {
        status: 'serverFailure',
        message: 'Upstream failed',
        displayMessage: 'Try again later',
        errorHash: 'ab12cd34',
        errorType: 'brokerError',
        content: null,
      },
    ]);
    const error = (await rejection(mesh().createLinkToken({ userId: 'user-1' }))) as MeshAPIError;
    expect(error).toBeInstanceOf(MeshAPIError);
    expect(error).toMatchObject({
      name: 'MeshAPIError',
      status: 200,
      code: 'brokerError',
      message: 'Upstream failed',
      displayMessage: 'Try again later',
      errorHash: 'ab12cd34',
      errorType: 'brokerError',
    });
  });

  it('turns the documented 400 into a MeshAPIError without retrying', async () => {
    server.answer([
      400,
      {
        status: 'badRequest',
        message: 'Error message',
        displayMessage: 'Optional display message',
        errorHash: '7dcbb73d',
        errorType: 'missingField',
      },
    ]);
    const error = (await rejection(mesh().createLinkToken({ userId: 'user-1' }))) as MeshAPIError;
    expect(error).toMatchObject({
      status: 400,
      code: 'missingField',
      displayMessage: 'Optional display message',
      errorHash: '7dcbb73d',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('turns a 401 with an empty body into a MeshAPIError', async () => {
    server.answer([401, '']);
    const error = (await rejection(mesh().createLinkToken({ userId: 'user-1' }))) as MeshAPIError;
    expect(error).toMatchObject({
      status: 401,
      message: 'HTTP 401 Unauthorized',
      body: undefined,
      displayMessage: undefined,
    });
  });

  it('takes requestId from the x-request-id header', async () => {
    server.answer([404, { status: 'notFound', message: 'API Client not found' }, { 'x-request-id': 'req-42' }]);
    const error = (await rejection(mesh().createLinkToken({ userId: 'user-1' }))) as MeshAPIError;
    expect(error).toMatchObject({ status: 404, requestId: 'req-42', code: 'notFound' });
  });

  it('retries a 503 and then succeeds', async () => {
    server.answer(
      [503, '<html>Service Unavailable</html>', { 'content-type': 'text/html' }],
      [200, ok({ linkToken: LINK_TOKEN })],
    );
    await expect(mesh().createLinkToken({ userId: 'user-1' })).resolves.toEqual({ linkToken: LINK_TOKEN });
    expect(server.requests).toHaveLength(2);
  });

  it('rejects a 200 without content', async () => {
    server.answer([200, { status: 'ok', content: null }]);
    const error = await rejection(mesh().createLinkToken({ userId: 'user-1' }));
    expect(error).toMatchObject({ status: 200, message: 'The createLinkToken response carries no content.' });
  });

  it('times out an attempt after timeoutMs, and connection failures are typed', async () => {
    server.handle(() => new Promise(() => {}));
    expect(await rejection(mesh({ maxRetries: 0, timeoutMs: 50 }).createLinkToken({ userId: 'u' }))).toBeInstanceOf(
      MeshTimeoutError,
    );

    const closed = await startServer();
    await closed.close();
    expect(
      await rejection(mesh({ baseUrl: closed.url, maxRetries: 0 }).createLinkToken({ userId: 'u' })),
    ).toBeInstanceOf(MeshConnectionError);
  });

  it('never puts the client secret or a link token into an error, its JSON or its inspection', async () => {
    server.answer([200, { status: 'locked', message: 'Account locked', content: { linkToken: LINK_TOKEN } }]);
    const error = await rejection(mesh().createLinkToken({ userId: 'user-1' }));
    for (const view of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(view).not.toContain(CLIENT_SECRET);
      expect(view).not.toContain(LINK_TOKEN);
    }
  });
});

describe('retries of createLinkToken, a POST that mints', () => {
  it('is not repeated after a 500, which may have minted a token already', async () => {
    server.answer([500, { status: 'serverFailure', message: 'boom' }], [200, ok({ linkToken: LINK_TOKEN })]);
    const error = (await rejection(mesh().createLinkToken({ userId: 'user-1' }))) as MeshAPIError;
    expect(error.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });

  it('is repeated after a 503, which says nothing was done', async () => {
    server.answer([503, { status: 'serverFailure', message: 'busy' }], [200, ok({ linkToken: LINK_TOKEN })]);
    await expect(mesh().createLinkToken({ userId: 'user-1' })).resolves.toEqual({ linkToken: LINK_TOKEN });
    expect(server.requests).toHaveLength(2);
  });
});

describe('close()', () => {
  it('ends the client, also as an AsyncDisposable: later calls fail at once and send nothing', async () => {
    server.answer([200, ok({ linkToken: LINK_TOKEN })]);
    const client = mesh();
    await client[Symbol.asyncDispose]();
    const error = await rejection(client.createLinkToken({ userId: 'user-1' }));
    expect(error.message).toBe('This client was closed; create a new one to make requests.');
    expect(server.requests).toHaveLength(0);
  });
});

describe('validation before sending', () => {
  const cases: Array<[string, Record<string, unknown>, { field: string; rule: string }]> = [
    ['a missing userId', {}, { field: 'userId', rule: 'required' }],
    ['an empty userId', { userId: '' }, { field: 'userId', rule: 'minLength' }],
    ['a userId over 300 characters', { userId: 'u'.repeat(301) }, { field: 'userId', rule: 'maxLength' }],
    [
      'an integrationId that is not a uuid',
      { userId: 'u', integrationId: 'coinbase' },
      { field: 'integrationId', rule: 'format' },
    ],
    ['a brokerType that is no string', { userId: 'u', brokerType: 7 }, { field: 'brokerType', rule: 'type' }],
    [
      'a clientFee above 1',
      { userId: 'u', transferOptions: { clientFee: 1.5 } },
      { field: 'transferOptions.clientFee', rule: 'maximum' },
    ],
    [
      'a networkId that is not a uuid',
      { userId: 'u', transferOptions: { toAddresses: [{ networkId: 'eth', symbol: 'ETH' }] } },
      { field: 'transferOptions.toAddresses[0].networkId', rule: 'format' },
    ],
    [
      'a clientFee that is not a number JSON can carry',
      { userId: 'u', transferOptions: { clientFee: Number.NaN } },
      { field: 'transferOptions.clientFee', rule: 'type' },
    ],
    [
      'the documented but unsupported configurationId',
      { userId: 'u', configurationId: '18a20b11-e47f-43b9-8546-94284e9ee547' },
      { field: 'configurationId', rule: 'additionalProperties' },
    ],
  ];

  it.each(cases)('rejects %s, naming the field and the rule, and sends nothing', async (_, params, issue) => {
    const error = (await rejection(mesh().createLinkToken(params as never))) as MeshValidationError;
    expect(error).toBeInstanceOf(MeshValidationError);
    expect(error.issues).toEqual([expect.objectContaining(issue)]);
    expect(error.message).toContain(`${issue.field} `);
    expect(error.message).toContain(`(${issue.rule})`);
    expect(server.requests).toHaveLength(0);
  });

  it('accepts null where the spec allows it, and 300 characters', async () => {
    server.answer([200, ok({ linkToken: LINK_TOKEN })]);
    await mesh().createLinkToken({
      userId: 'u'.repeat(300),
      brokerType: null,
      integrationId: null,
      transferOptions: null,
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('mesh.api', () => {
  it('is the typed openapi-fetch client with both credential headers', async () => {
    server.answer([404, { status: 'notFound', message: 'API Client not found.' }]);
    const { error, response } = await mesh().api.POST('/api/v1/linktoken', { body: { userId: 'u' } });
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ status: 'notFound' });
    expect(server.requests[0]!.headers['x-client-secret']).toBe(CLIENT_SECRET);
  });
});
