// The Mesh README's "From Link to a transfer", call for call, against the Prism mock: a link
// token, a refreshed broker token, holdings, configure → preview → execute, each answer typed and
// as the spec documents it; and a non-ok envelope rejecting with the envelope's own words. (That
// an execution is never repeated is proven against a server that can answer 503: operations.test.ts
// in packages/mesh.)
import { Mesh, MeshAPIError } from '@org/mesh';
import { describe, expect, inject, it } from 'vitest';
import { exchanges, watched } from './support.js';

describe('a managed transfer, from Link to execution, against the mock', () => {
  const mesh = watched(
    new Mesh({ clientId: 'id', clientSecret: 'secret', baseUrl: inject('mockUrls').mesh, maxRetries: 0 }),
  );

  it('runs every step of the README, each answer as documented and conforming', async () => {
    exchanges.length = 0;
    const { linkToken } = await mesh.createLinkToken({ userId: 'user-1', restrictMultipleAccounts: true });
    expect(linkToken).toMatch(/^aHR0cHM6/);

    const refreshed = await mesh.refreshToken({ type: 'coinbase', refreshToken: 'the-refresh-token-link-gave-you' });
    expect(refreshed.status).toBe('succeeded');
    const accessToken = refreshed.accessToken ?? refreshed.brokerAccountTokens?.[0]?.accessToken ?? '';
    expect(accessToken).not.toBe('');

    const holdings = await mesh.getHoldings({ type: 'coinbase', authToken: accessToken, includeMarketValue: true });
    expect(holdings.status).toBe('succeeded');
    expect(holdings.cryptocurrencyPositions?.length).toBeGreaterThan(0);

    const from = { fromAuthToken: accessToken, fromType: 'coinbase' } as const;
    const usdcOnEthereum = {
      networkId: 'e3c7fdd8-b1fc-4e51-85ae-bb276e075611',
      symbol: 'USDC',
      address: '0x0Ff0000f0A0f0000F0F000000000ffFf00f0F0f0',
    };
    const configured = await mesh.configureTransfer({ ...from, toAddresses: [usdcOnEthereum], amountInFiat: 10 });
    expect(configured.status).toBe('succeeded');
    const preview = await mesh.previewTransfer({
      ...from,
      networkId: usdcOnEthereum.networkId,
      symbol: 'USDC',
      toAddress: usdcOnEthereum.address,
      amountInFiat: 10,
    });
    expect(preview.status).toBe('succeeded');
    const previewId = preview.previewResult?.previewId;
    expect(previewId).toEqual(expect.any(String));
    const executed = await mesh.executeTransfer({ ...from, previewId: previewId! });
    expect(executed.status).toBe('succeeded');
    expect(executed.executeTransferResult?.transferId).toEqual(expect.any(String));

    expect(exchanges.map((e) => e.url.replace(/^https?:\/\/[^/]+/, ''))).toEqual([
      '/api/v1/linktoken',
      '/api/v1/token/refresh',
      '/api/v1/holdings/get',
      '/api/v1/transfers/managed/configure',
      '/api/v1/transfers/managed/preview',
      '/api/v1/transfers/managed/execute',
    ]);
    // Prism checked each request against the spec.
    expect(exchanges.filter((e) => e.violations).map((e) => `${e.url}: ${e.violations}`)).toEqual([]);
  });

  it('rejects a non-ok envelope with its own words', async () => {
    exchanges.length = 0;
    const error = await mesh
      .executeTransfer(
        { fromAuthToken: 'account-token', fromType: 'coinbase', previewId: '29b185b1-2305-40fb-a0e2-929d61451568' },
        { headers: { prefer: 'code=400' } },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshAPIError);
    const documented = JSON.parse(exchanges[0]!.body) as {
      status: string;
      message: string;
      displayMessage: string;
      errorType: string;
    };
    expect(documented.status).not.toBe('ok');
    expect(error).toMatchObject({
      status: 400,
      message: documented.message,
      displayMessage: documented.displayMessage,
      errorType: documented.errorType,
    });
  });
});
