// The contract against the real sandboxes, when credentials are in the environment; reported
// as skipped otherwise. Results must satisfy the same documented schemas the mocks serve.
import { Mesh, MeshAPIError } from '@org/mesh';
import { Refold, RefoldAPIError } from '@org/refold';
import { beforeAll, describe, expect, it } from 'vitest';
import { specValidator } from '../support/spec.js';

const env = process.env;
const validator = specValidator();
const responseSchema = (path: string, method: string, status: string) => ['paths', path, method, 'responses', status, 'content', 'application/json', 'schema'];

describe.skipIf(!env.REFOLD_API_KEY || !env.REFOLD_LINKED_ACCOUNT_ID)('live Refold (REFOLD_API_KEY, REFOLD_LINKED_ACCOUNT_ID)', () => {
  // Built lazily: a skipped suite's body still runs, and without credentials construction throws.
  let refold: Refold;
  beforeAll(() => {
    refold = new Refold({ maxRetries: 1 });
  });

  it('mints a session token that matches the documented 200', async () => {
    const result = await refold.getTokenForLinkedAccount({ linked_account_id: env.REFOLD_LINKED_ACCOUNT_ID! });
    expect(validator.check('refold', responseSchema('/session-token', 'post', '200'), result)).toBe('');
  });

  it('answers an unknown linked account with the documented, unretried 500', async () => {
    const error = await refold.getTokenForLinkedAccount({ linked_account_id: `contract-test-unknown-${Date.now()}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldAPIError);
    expect((error as RefoldAPIError).status).toBe(500);
    expect(validator.check('refold', responseSchema('/session-token', 'post', '500'), (error as RefoldAPIError).body)).toBe('');
  });

  it('refuses a wrong API key with a 401', async () => {
    const error = await new Refold({ apiKey: 'tk_invalid_contract_test' }).getTokenForLinkedAccount({ linked_account_id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldAPIError);
    expect((error as RefoldAPIError).status).toBe(401);
  });
});

describe.skipIf(!env.MESH_CLIENT_ID || !env.MESH_CLIENT_SECRET)('live Mesh sandbox (MESH_CLIENT_ID, MESH_CLIENT_SECRET)', () => {
  let mesh: Mesh;
  beforeAll(() => {
    mesh = new Mesh({ environment: 'sandbox', maxRetries: 1 });
  });

  it('creates a link token whose content matches the documented 200', async () => {
    const content = await mesh.createLinkToken({ userId: `contract-test-${Date.now()}` });
    expect(content.linkToken).toEqual(expect.any(String));
    expect(validator.check('mesh', ['components', 'schemas', 'LinkTokenModel'], content)).toBe('');
  });

  it('refuses a wrong client secret with a 401', async () => {
    const wrong = new Mesh({ environment: 'sandbox', clientSecret: 'wrong-contract-test-secret' });
    const error = await wrong.createLinkToken({ userId: 'contract-test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshAPIError);
    expect((error as MeshAPIError).status).toBe(401);
  });
});
