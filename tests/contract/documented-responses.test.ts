// Every documented response of every operation, forced out of Prism with `Prefer`, must come out
// of the client as the spec's example says: resolved to the payload, or as the typed API error.
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { APIErrorOf, call, clients, exchanges, expectedOutcome, getWithBody, operations, SENDERS } from './support.js';

// What another file of this worker left is not this file's (isolate: false).
beforeAll(() => {
  exchanges.length = 0;
});
afterEach(() => {
  // Request conformance: Prism checks every request against the spec and says what it breaks.
  expect(exchanges.filter((e) => e.violations).map((e) => `${e.url}: ${e.violations}`)).toEqual([]);
  exchanges.length = 0;
});

describe.each(SENDERS)('over %s', (_, fetchImpl) => {
  const client = clients(inject('mockUrls'), { fetch: fetchImpl });

  describe.each(operations().map((op) => [`${op.spec} ${op.operationId}`, op] as const))('%s', (_, op) => {
    it('has a method on the client and documented responses', () => {
      expect(typeof (client[op.spec] as unknown as Record<string, unknown>)[op.operationId]).toBe('function');
      expect(op.responses.length).toBeGreaterThan(0);
    });

    it.each(op.responses.map((r) => [`${r.status} ${r.name}`, r] as const))('%s', async (_, response) => {
      const prefer = `code=${response.status}, example=${response.name}`;
      const outcome = await call(client[op.spec], op.operationId, op.input, { headers: { prefer } }).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if (fetchImpl && getWithBody(op.spec, op.operationId)) {
        // fetch cannot carry a GET's body: the client says so and sends nothing.
        expect((outcome as { error?: Error }).error?.message).toMatch(
          /^This GET request carries a JSON body, which fetch cannot send/,
        );
        expect(exchanges).toHaveLength(0);
        return;
      }
      expect(exchanges).toHaveLength(1);
      expect(exchanges[0]!.status).toBe(response.status);

      const expected = expectedOutcome(op, response.status, response.value);
      if ('resolves' in expected) {
        expect(outcome).toEqual({ value: expected.resolves });
        return;
      }
      expect('error' in outcome && outcome.error).toBeInstanceOf(APIErrorOf[op.spec]);
      const error = (outcome as { error: InstanceType<(typeof APIErrorOf)[typeof op.spec]> }).error;
      const example = (response.value ?? {}) as Record<string, unknown>;
      expect(error.status).toBe(response.status);
      expect(error.body).toEqual(response.value);
      if (typeof example.message === 'string' && example.message) expect(error.message).toBe(example.message);
      else if (typeof example.error === 'string') expect(error.message).toBe(example.error);
      if (typeof example.request_id === 'string') expect(error.requestId).toBe(example.request_id);
      if (typeof example.error_code === 'string') expect(error.code).toBe(example.error_code);
      if (typeof example.errorType === 'string' && example.errorType) expect(error.code).toBe(example.errorType);
    });
  });
});

describe('request conformance', () => {
  const client = clients(inject('mockUrls'));

  it('is live: a deliberately invalid raw request is flagged by Prism and refused', async () => {
    // Through .api, so that the client's own validation does not stop it first.
    const { refold } = client as { refold: import('@org/refold').Refold };
    const { response, error } = await refold.api.PUT('/api/v2/public/migrate-token', {
      params: { header: { linked_account_id: 'a' } },
      body: { slug: 'slack', auth_object: { bot_token: 42 as unknown as string } },
    });
    const flagged = exchanges.splice(0);
    expect(flagged).toHaveLength(1);
    // A number is neither of what auth_object's values may be (a string, or an object of fields).
    expect(JSON.parse(flagged[0]!.violations!)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: ['request', 'body', 'auth_object', 'bot_token'], code: 'type' }),
      ]),
    );
    // Prism answers an invalid request with the operation's documented 400 (422 only when none is documented).
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ http_error_type: 'BAD_REQUEST' });
  });
});
