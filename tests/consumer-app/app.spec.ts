// The application’s own tests (vitest, in the consumer project tests/published-packages.test.ts
// makes), mocking both APIs through the packages’ /testing entries. `.spec.ts`: not the root suite’s.

import { createMeshMock } from '@org/mesh/testing';
import { createRefoldMock } from '@org/refold/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { linkTokenFor, sessionTokenFor } from './app.js';

const mesh = createMeshMock();
const refold = createRefoldMock();
const server = setupServer(...mesh.handlers, ...refold.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  mesh.reset();
  refold.reset();
});
afterAll(() => server.close());

it('hands the page a link token and a session token', async () => {
  expect(await linkTokenFor('user-1')).toMatchObject({ ok: true, value: expect.stringMatching(/^aHR0cHM6/) });
  expect(await sessionTokenFor('acct-1')).toMatchObject({ ok: true, value: expect.any(String) });
  expect(mesh.requests[0]).toMatchObject({
    operationId: 'createLinkToken',
    body: { userId: 'user-1', restrictMultipleAccounts: true },
  });
});

it('says the integration is misconfigured on a 401', async () => {
  mesh.respond('createLinkToken', 401);
  refold.respond('getTokenForLinkedAccount', 401);
  expect(await linkTokenFor('user-1')).toEqual({
    ok: false,
    show: 'The integration is misconfigured; we are on it.',
    retryLater: false,
  });
  expect(await sessionTokenFor('acct-2')).toEqual({
    ok: false,
    show: 'The integration is misconfigured; we are on it.',
    retryLater: false,
  });
});

it('asks to come back later on a 429', async () => {
  mesh.respond('createLinkToken', 429, { headers: { 'retry-after': '30' } });
  expect(await linkTokenFor('user-1')).toEqual({ ok: false, show: 'Busy, try again in a minute.', retryLater: true });
});

it('shows Mesh’s own words for a non-ok envelope, even with HTTP 200', async () => {
  mesh.respond('createLinkToken', 200, {
    body: {
      status: 'serverFailure',
      message: 'Upstream failed',
      displayMessage: 'Mesh is having a moment',
      errorType: 'brokerError',
    },
  });
  expect(await linkTokenFor('user-1')).toEqual({ ok: false, show: 'Mesh is having a moment', retryLater: false });
});
