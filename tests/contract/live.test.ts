// The contract against the real APIs, when credentials are in the environment; reported as
// skipped otherwise. Every operation is called with its spec example (the linked account from
// the environment), and must answer as the spec documents: a documented status, a body that
// matches that status's schema, and the same resolved value or typed error as against the mocks.
// The calls go through Prism's validating proxy in front of each API, and what it finds drifted
// from the specs is written, operation by operation, to reports/live-drift.md.

import { fileURLToPath } from 'node:url';
import { Mesh, MeshAPIError } from '@org/mesh';
import { Refold, RefoldAPIError } from '@org/refold';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mocks, startProxies } from '../../scripts/mocks.mjs';
import { specValidator } from '../support/spec.js';
import { DriftRecord } from './drift.js';
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
const REPORT = fileURLToPath(new URL('../../reports/live-drift.md', import.meta.url));
const UPSTREAMS = {
  refold: env.REFOLD_BASE_URL ?? 'https://app.refold.ai',
  mesh: 'https://sandbox-integration-api.meshconnect.com',
};
const drift = new DriftRecord();
let proxies: Mocks | undefined;

beforeAll(async () => {
  const upstreams = Object.fromEntries(Object.entries(UPSTREAMS).filter(([name]) => ready[name as keyof typeof ready]));
  if (Object.keys(upstreams).length) proxies = await startProxies(upstreams);
}, 60_000);
afterAll(async () => {
  proxies?.stop();
  if (proxies)
    await drift.write(REPORT, `Drift of the live APIs from specs/ (${new Date().toISOString().slice(0, 10)})`);
});

describe.each(operations().map((op) => [`live ${op.spec} ${op.operationId}`, op] as const))('%s', (_, op) => {
  it.skipIf(!ready[op.spec] || !allowed(op))('answers as the spec documents', async () => {
    // Credentials from the environment; Refold's base URL too, and Mesh's sandbox, behind the proxy.
    const baseUrl = proxies!.urls[op.spec]!;
    const client = watched(
      op.spec === 'refold' ? new Refold({ maxRetries: 0, baseUrl }) : new Mesh({ maxRetries: 0, baseUrl }),
    );
    // The account from the environment, for the operations that take one.
    const input =
      op.spec === 'refold' && 'linked_account_id' in op.input
        ? { ...op.input, linked_account_id: env.REFOLD_LINKED_ACCOUNT_ID }
        : op.input;
    exchanges.length = 0;
    const outcome = await call(client, op.operationId, input).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const exchange = exchanges.at(-1);
    // Failures the transport raises itself (no connection, a refused redirect) never reach openapi-fetch.
    if (!exchange) throw new Error(`No answer reached the client: ${String((outcome as { error?: unknown }).error)}`);
    drift.add(`${op.spec} ${op.operationId}`, exchange.violations);
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
