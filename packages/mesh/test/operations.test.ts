// The generated Mesh operations against a real server on 127.0.0.1: what each kind of answer
// resolves or rejects to, which calls are repeated, and the paged lists.
import { type Answer, rejectionOf, startServer, type TestServer } from '@org/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Mesh, MeshAPIError, MeshError } from '../src/index.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const mesh = () => new Mesh({ clientId: 'client-id', clientSecret: 'client-secret-value', baseUrl: server.url });
const ok = (content?: object) => ({
  status: 'ok',
  message: '',
  errorHash: '8d443794',
  errorType: '',
  ...(content && { content }),
});
const from = { fromAuthToken: 'account-token-0f8e2d41', fromType: 'coinbase' } as const;
const body = (i = 0) => JSON.parse(server.requests[i]!.body) as Record<string, unknown>;

describe('answers', () => {
  it('rejects an ok envelope whose content lacks what the operation is about', async () => {
    server.answer([200, ok({ paymentLink: null })]);
    const error = (await rejectionOf(mesh().createLinkToken({ userId: 'user-1' }))) as MeshAPIError;
    expect(error).toBeInstanceOf(MeshAPIError);
    expect(error.message).toBe('The createLinkToken response has no valid linkToken (required).');
  });

  it('rejects a managed transfer step whose content has no status, and resolves one that has', async () => {
    server.answer([200, ok({ holdings: [] })], [200, ok({ status: 'succeeded', holdings: [] })]);
    expect(await rejectionOf(mesh().configureTransfer({ ...from, amountInFiat: 10 }))).toBeInstanceOf(MeshAPIError);
    await expect(mesh().configureTransfer({ ...from, amountInFiat: 10 })).resolves.toEqual({
      status: 'succeeded',
      holdings: [],
    });
  });

  it('resolves an operation whose answer has no content to undefined', async () => {
    server.answer([200, ok()]);
    await expect(
      mesh().removeConnection({ authToken: 'account-token-0f8e2d41', type: 'coinbase' }),
    ).resolves.toBeUndefined();
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', url: '/api/v1/account' });
  });

  it('carries the envelope’s errorData, and words a ProblemDetails answer by its title', async () => {
    const errorData = { fields: ['toAddress'], reason: 'addressNotWhitelisted' };
    server.answer(
      [
        200,
        {
          status: 'badRequest',
          message: 'Address is not whitelisted',
          displayMessage: 'Add the address first',
          errorHash: 'ab12',
          errorType: 'invalidAddress',
          errorData,
        },
      ],
      [
        400,
        {
          type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
          title: 'One or more validation errors occurred.',
          status: 400,
          errors: { Side: ['The Side field is required.'] },
        },
      ],
    );
    const envelope = (await rejectionOf(mesh().previewTransfer({ ...from, amount: 1 }))) as MeshAPIError;
    expect(envelope).toMatchObject({
      status: 200,
      code: 'invalidAddress',
      message: 'Address is not whitelisted',
      displayMessage: 'Add the address first',
      errorData,
    });
    expect(JSON.parse(JSON.stringify(envelope))).toMatchObject({ errorData });
    const problem = (await rejectionOf(
      mesh().getTradingFeatures({ authToken: 'account-token-0f8e2d41', type: 'coinbase' }),
    )) as MeshAPIError;
    expect(problem).toMatchObject({
      status: 400,
      message: 'One or more validation errors occurred.',
      errorData: undefined,
    });
  });

  it('passes through an enum value Mesh added after this release, both ways', async () => {
    server.answer([200, ok({ status: 'succeeded', type: 'brokerAddedLater', cryptocurrencyPositions: [] })]);
    const holdings = await mesh().getHoldings({ authToken: 'account-token-0f8e2d41', type: 'brokerAddedLater' });
    expect(holdings.type).toBe('brokerAddedLater');
    expect(body()).toEqual({ authToken: 'account-token-0f8e2d41', type: 'brokerAddedLater' });
  });
});

describe('what is repeated', () => {
  it('never repeats executeTransfer after an answer that may mean it ran: 500, 502, 504', async () => {
    for (const status of [500, 502, 504]) {
      server.requests.length = 0;
      server.answer(
        [status, { status: 'serverFailure', message: `HTTP ${status}` }],
        [200, ok({ status: 'succeeded' })],
      );
      const error = (await rejectionOf(
        mesh().executeTransfer({ ...from, previewId: '29b185b1-2305-40fb-a0e2-929d61451568' }),
      )) as MeshAPIError;
      expect(error, String(status)).toBeInstanceOf(MeshAPIError);
      expect(error.status).toBe(status);
      expect(server.requests, String(status)).toHaveLength(1);
    }
  });

  it('never repeats a money movement, not even after a 503 or 429, which prove nothing ran elsewhere', async () => {
    const moves = {
      executeTransfer: () => mesh().executeTransfer({ ...from, previewId: '29b185b1-2305-40fb-a0e2-929d61451568' }),
      placeOrder: () =>
        mesh().placeOrder({
          side: 'buy',
          authToken: 'account-token-0f8e2d41',
          type: 'coinbase',
          symbol: 'BTC',
          paymentSymbol: 'USD',
          amount: 1,
          orderType: 'market',
          timeInForce: 'goodTillCanceled',
          amountIsInPaymentSymbol: false,
          paymentIsCryptocurrency: false,
        } as never),
      createTransfer: () =>
        mesh().createTransfer({
          authToken: 'account-token-0f8e2d41',
          type: 'coinbase',
          targetAddress: '0x0Ff0000f0A0f0000F0F000000000ffFf00f0F0f0',
          amount: 1,
        }),
    };
    for (const [name, move] of Object.entries(moves)) {
      for (const status of [503, 429]) {
        server.requests.length = 0;
        server.answer(
          [status, { status: 'serverFailure', message: `HTTP ${status}` }, { 'retry-after': '0' }],
          [200, ok({ status: 'succeeded' })],
        );
        const error = (await rejectionOf(move())) as MeshAPIError;
        expect(error, `${name} ${status}`).toBeInstanceOf(MeshAPIError);
        expect(server.requests, `${name} ${status}`).toHaveLength(1);
      }
    }
  });

  it('does not repeat a money movement whose connection was refused either', async () => {
    const closed = await startServer();
    const url = closed.url;
    await closed.close();
    const client = new Mesh({
      clientId: 'client-id',
      clientSecret: 'client-secret-value',
      baseUrl: url,
      logLevel: 'debug',
      logger: { debug: (line: string) => lines.push(line), info() {}, warn() {}, error() {} },
    });
    const lines: string[] = [];
    const error = await rejectionOf(
      client.executeTransfer({ ...from, previewId: '29b185b1-2305-40fb-a0e2-929d61451568' }),
    );
    expect(error).toBeInstanceOf(MeshError);
    expect(lines.filter((line) => line.includes('/api/v1/transfers/managed/execute start'))).toEqual([
      expect.stringContaining('maxRetries=0 (retries: none)'),
    ]);
  });

  it('repeats a preview, which only reads, after a 502', async () => {
    server.answer(
      [502, { status: 'serverFailure', message: 'bad gateway' }],
      [200, ok({ status: 'succeeded', previewResult: { previewId: 'p1' } })],
    );
    await expect(mesh().previewTransfer({ ...from, amount: 1 })).resolves.toMatchObject({ status: 'succeeded' });
    expect(server.requests).toHaveLength(2);
  });
});

describe('paged lists', () => {
  it('reads every Mesh-initiated transfer, Count at a time, up to the total', async () => {
    const page = (ids: string[]): Answer => [
      200,
      ok({ items: ids.map((id) => ({ id, status: 'succeeded' })), total: 5 }),
    ];
    server.answer(page(['a', 'b']), page(['c', 'd']), page(['e']));
    const ids: unknown[] = [];
    for await (const transfer of mesh().listMeshTransfers.all({ UserId: 'user-1', Count: 2 })) ids.push(transfer.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/transfers/managed/mesh?UserId=user-1&Count=2&Offset=0',
      '/api/v1/transfers/managed/mesh?UserId=user-1&Count=2&Offset=2',
      '/api/v1/transfers/managed/mesh?UserId=user-1&Count=2&Offset=4',
    ]);
  });

  it('follows the transfer history’s cursor until a page brings no new one', async () => {
    server.answer(
      [200, ok({ transfers: [{ id: 't1' }], cursor: 'c1', total: 2 })],
      [200, ok({ transfers: [{ id: 't2' }], cursor: 'c1', total: 2 })],
    );
    const ids: unknown[] = [];
    for await (const transfer of mesh().listTransfers.all({ authToken: 'account-token-0f8e2d41', type: 'coinbase' }))
      ids.push(transfer.id);
    expect(ids).toEqual(['t1', 't2']);
    expect([body(0).cursor, body(1).cursor]).toEqual([undefined, 'c1']);
  });
});

describe('verifyTransfer, a GET with a body', () => {
  it('sends its body with Node’s http', async () => {
    server.answer([200, ok({ status: 'succeeded', errorMessage: 'transfer request verification is successful' })]);
    const request = {
      integrationId: '47624467-e52e-4938-a41a-7926b6c27acf',
      networkId: 'e3c7fdd8-b1fc-4e51-85ae-bb276e075611',
      token: 'USDC',
      targetAddress: '0x0Ff0000f0A0f0000F0F000000000ffFf00f0F0f0',
    };
    await expect(mesh().verifyTransfer(request)).resolves.toMatchObject({ status: 'succeeded' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/api/v1/transfers/managed/verify' });
    expect(body()).toEqual(request);
  });

  it('is refused before sending when the client sends with fetch', async () => {
    const client = new Mesh({
      clientId: 'client-id',
      clientSecret: 'client-secret-value',
      baseUrl: server.url,
      fetch: globalThis.fetch,
    });
    const error = await rejectionOf(client.verifyTransfer({ token: 'USDC' }));
    expect(error).toBeInstanceOf(MeshError);
    expect((error as Error).message).toMatch(/fetch cannot send/);
    expect(server.requests).toHaveLength(0);
  });
});
