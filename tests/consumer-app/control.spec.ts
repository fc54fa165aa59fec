// It must fail: proof that the application's suite can catch a wrong expectation.

import { createMeshMock } from '@org/mesh/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { linkTokenFor } from './app.js';

const mesh = createMeshMock();
const server = setupServer(...mesh.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('expects a link token although Mesh answers 401', async () => {
  mesh.respond('createLinkToken', 401);
  expect(await linkTokenFor('user-1')).toMatchObject({ ok: true });
});
