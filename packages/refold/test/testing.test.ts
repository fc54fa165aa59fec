// @org/refold/testing: the MSW mock of Refold, with a client made before the mock starts.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Refold, RefoldAPIError, SessionTokenCache } from '../src/index.js';
import { createRefoldMock } from '../src/testing.js';

const mock = createRefoldMock();
const refold = new Refold({ apiKey: 'tk_test', maxRetries: 0 });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

it('mints through SessionTokenCache against the documented example, once for concurrent gets', async () => {
  const cache = new SessionTokenCache(refold);
  const [a, b] = await Promise.all([cache.get('markwood@some_email.com'), cache.get('markwood@some_email.com')]);
  expect(a).toBe(b);
  expect(a).toBe((mock.documented('getTokenForLinkedAccount')['200'] as { token: string }).token);
  expect(mock.requests.map((r) => r.operationId)).toEqual(['getTokenForLinkedAccount']);
  expect(mock.requests[0]!.headers.get('x-api-key')).toBe('tk_test');
});

it('answers a forced 401 with the documented example, as a RefoldAPIError', async () => {
  mock.respond('getTokenForLinkedAccount', 401);
  const error = await refold.getTokenForLinkedAccount({ linked_account_id: 'acct' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RefoldAPIError);
  expect(error).toMatchObject({ status: 401 });
});

it('routes a literal path before a templated one, on every server of the spec', async () => {
  const legacy = new Refold({ apiKey: 'tk_test', baseUrl: 'https://api.gocobalt.io', maxRetries: 0 });
  await legacy.listApplicationsForLinkedAccount({ linked_account_id: 'acct' });
  expect(mock.requests[0]).toMatchObject({ operationId: 'listApplicationsForLinkedAccount' });
  expect(mock.requests[0]!.url.origin).toBe('https://api.gocobalt.io');
});
