// @org/mesh/testing: the MSW mock of Mesh, with the clients as users make them (before the mock
// starts, with either sender), answering documented examples, forced answers and Prefer.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Mesh, MeshAPIError } from '../src/index.js';
import { createMeshMock } from '../src/testing.js';

const mock = createMeshMock();
// Made before the mock listens, as an application's module-level client is.
const clients = {
  'Node http': new Mesh({ clientId: 'test-id', clientSecret: 'test-secret', environment: 'sandbox', maxRetries: 0 }),
  fetch: new Mesh({
    clientId: 'test-id',
    clientSecret: 'test-secret',
    environment: 'sandbox',
    maxRetries: 0,
    fetch: (input, init) => globalThis.fetch(input, init),
  }),
};
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

describe.each(Object.entries(clients))('over %s', (_, mesh) => {
  it('answers every operation with its documented example, and records what was sent', async () => {
    const { linkToken } = await mesh.createLinkToken({ userId: 'user-1' });
    expect(linkToken).toBe(
      (mock.documented('createLinkToken')['200'] as { content: { linkToken: string } }).content.linkToken,
    );
    expect(mock.requests).toMatchObject([
      { operationId: 'createLinkToken', method: 'POST', body: { userId: 'user-1' } },
    ]);
    expect(mock.requests[0]!.url.href).toBe('https://sandbox-integration-api.meshconnect.com/api/v1/linktoken');
    expect(mock.requests[0]!.headers.get('x-client-id')).toBe('test-id');
  });

  it('answers a forced documented status with its example, and any status with a body of the test’s own', async () => {
    mock.respond('createLinkToken', 401);
    const unauthorized = await mesh.createLinkToken({ userId: 'user-1' }).catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(MeshAPIError);
    expect(unauthorized).toMatchObject({
      status: 401,
      errorType: undefined,
      message: 'Client Id or Client Secret are not correct or missing.',
    });

    mock.respond('createLinkToken', 200, {
      body: {
        status: 'serverFailure',
        message: 'Upstream broker failed',
        displayMessage: 'Try again later',
        errorType: 'brokerError',
      },
    });
    const failure = await mesh.createLinkToken({ userId: 'user-1' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      status: 200,
      code: 'brokerError',
      message: 'Upstream broker failed',
      displayMessage: 'Try again later',
    });
  });

  it('answers a forced answer the given number of times, then the documented one again', async () => {
    mock.respond('listNetworks', 429, { times: 1, headers: { 'retry-after': '0' } });
    const limited = await mesh.listNetworks().catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429 });
    await expect(mesh.listNetworks()).resolves.toMatchObject({ networks: expect.any(Array) });
  });

  it('takes Prism’s Prefer: code=<status>, and says which statuses a wrong one could have been', async () => {
    const notFound = await mesh
      .createLinkToken({ userId: 'user-1' }, { headers: { prefer: 'code=404' } })
      .catch((e: unknown) => e);
    expect(notFound).toMatchObject({ status: 404 });
    const undocumented = await mesh
      .createLinkToken({ userId: 'user-1' }, { headers: { prefer: 'code=418' } })
      .catch((e: unknown) => e);
    expect(undocumented).toMatchObject({
      status: 500,
      message: 'Mesh mock: createLinkToken documents no 418 answer (it documents 200, 400, 401, 404).',
    });
  });
});

it('answers verifyTransfer, a GET with a body, though MSW shows the mock no GET body', async () => {
  await expect(
    clients['Node http'].verifyTransfer({ token: 'USDC', networkId: 'e3c7fdd8-b1fc-4e51-85ae-bb276e075611' }),
  ).resolves.toMatchObject({ status: 'succeeded' });
  // MSW hands handlers a fetch Request, which cannot hold a GET's body (the README says so).
  expect(mock.requests[0]).toMatchObject({ operationId: 'verifyTransfer', method: 'GET', body: undefined });
});

it('mocks a client given its own baseUrl, and refuses an operation it does not have', () => {
  const local = createMeshMock({ baseUrl: 'http://127.0.0.1:9999' });
  expect(local.handlers.every((handler) => String(handler.info.path).startsWith('http://127.0.0.1:9999/'))).toBe(true);
  expect(() => local.respond('createLinkTokens' as never, 200)).toThrow(
    'Mesh mock: there is no operation "createLinkTokens".',
  );
});
