// The contract against the real APIs, when credentials are in the environment; reported as
// skipped otherwise. Every operation is called with its spec example (the linked account from
// the environment), and must answer as the spec documents: a documented status, a body that
// matches that status's schema, and the same resolved value or typed error as against the mocks.

import { Mesh, MeshAPIError } from '@org/mesh';
import { Refold, RefoldAPIError } from '@org/refold';
import { describe, expect, it } from 'vitest';
import { specValidator } from '../support/spec.js';
import { APIErrorOf, call, exchanges, expectedOutcome, methodOf, operations, watched } from './support.js';

const env = process.env;
const ready = {
  refold: Boolean(env.REFOLD_API_KEY && env.REFOLD_LINKED_ACCOUNT_ID),
  mesh: Boolean(env.MESH_CLIENT_ID && env.MESH_CLIENT_SECRET),
};
// Against a real account, only what reads by default (and the two mints the SDK exists for):
// a write would create, overwrite, execute or delete real things. LIVE_WRITES=1 allows them all.
const MINTS = new Set(['getTokenForLinkedAccount', 'createLinkToken']);
const allowed = (op: { spec: 'refold' | 'mesh'; operationId: string }) =>
  env.LIVE_WRITES === '1' || methodOf(op.spec, op.operationId) === 'GET' || MINTS.has(op.operationId);
const validator = specValidator();

describe.each(operations().map((op) => [`live ${op.spec} ${op.operationId}`, op] as const))('%s', (_, op) => {
  it.skipIf(!ready[op.spec] || !allowed(op))('answers as the spec documents', async () => {
    // Credentials, and Refold's base URL, from the environment; Mesh's sandbox.
    const client = watched(
      op.spec === 'refold' ? new Refold({ maxRetries: 0 }) : new Mesh({ environment: 'sandbox', maxRetries: 0 }),
    );
    const input = op.spec === 'refold' ? { ...op.input, linked_account_id: env.REFOLD_LINKED_ACCOUNT_ID } : op.input;
    exchanges.length = 0;
    const outcome = await call(client, op.operationId, input).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const exchange = exchanges.at(-1);
    // Failures the transport raises itself (no connection, a refused redirect) never reach openapi-fetch.
    if (!exchange) throw new Error(`No answer reached the client: ${String((outcome as { error?: unknown }).error)}`);
    const documented = op.responses.find((r) => r.status === exchange.status);
    expect(documented, `status ${exchange.status} is not documented`).toBeDefined();
    let body: unknown = exchange.body;
    try {
      body = exchange.body ? JSON.parse(exchange.body) : undefined;
    } catch {
      // A body that is not JSON is checked as text, and fails any object schema.
    }
    expect(validator.check(op.spec, documented!.schemaPath, body)).toBe('');
    const expected = expectedOutcome(op, exchange.status, body);
    if ('resolves' in expected) expect(outcome).toEqual({ value: expected.resolves });
    else expect((outcome as { error?: unknown }).error).toBeInstanceOf(APIErrorOf[op.spec]);
  });
});

describe('live credentials', () => {
  it.skipIf(!ready.refold)('a wrong Refold API key is a RefoldAPIError 401', async () => {
    const error = await new Refold({ apiKey: 'tk_invalid_contract_test' })
      .getTokenForLinkedAccount({ linked_account_id: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldAPIError);
    expect((error as RefoldAPIError).status).toBe(401);
  });

  it.skipIf(!ready.mesh)('a wrong Mesh client secret is a MeshAPIError 401', async () => {
    const wrong = new Mesh({ environment: 'sandbox', clientSecret: 'wrong-contract-test-secret' });
    const error = await wrong.createLinkToken({ userId: 'contract-test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshAPIError);
    expect((error as MeshAPIError).status).toBe(401);
  });
});
