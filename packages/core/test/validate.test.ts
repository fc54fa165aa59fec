import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { operationTable as meshRules } from '../../mesh/src/generated/operations.js';
import { operationTable as refoldRules } from '../../refold/src/generated/operations.js';
import type { ValidationIssue } from '../src/index.js';
import { checkRequest, type OperationRules } from '../src/validate.js';

/** The (field, rule) pairs of a result, which is what the assertions care about. */
const pairs = (issues: ValidationIssue[]) => issues.map(({ field, rule }) => ({ field, rule }));

const UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('checkRequest with hand-written rules', () => {
  const rules: OperationRules = {
    method: 'POST',
    path: '/things/{id}',
    parameters: [
      { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } },
      { name: 'x-trace', in: 'header', required: false, schema: { type: 'string', pattern: '^[a-z]+$' } },
    ],
    body: {
      required: true,
      schema: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 2, maxLength: 5 },
          kind: { enum: ['a', 'b'] },
          fixed: { const: 'v1' },
          ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
          step: { type: 'integer', multipleOf: 5 },
          tags: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
          email: { type: 'string', format: 'email' },
          when: { type: 'string', format: 'date-time' },
          site: { type: 'string', format: 'uri' },
          meta: { type: 'object', minProperties: 1, maxProperties: 2 },
          strict: { type: 'object', properties: { ok: { type: 'boolean' } }, additionalProperties: false },
          both: { allOf: [{ type: 'string' }, { minLength: 3 }] },
          one: { oneOf: [{ type: 'string' }, { type: 'string', minLength: 1 }] },
        },
      },
    },
  };
  const valid = { params: { path: { id: UUID } }, body: { name: 'abc' } };

  it('accepts a valid request', () => {
    expect(checkRequest(rules, valid)).toEqual([]);
    expect(
      checkRequest(rules, {
        params: { path: { id: UUID }, query: { limit: 100 }, header: { 'x-trace': 'abc' } },
        body: {
          name: 'ab',
          kind: 'b',
          fixed: 'v1',
          ratio: 0.5,
          step: 10,
          tags: ['x', 'y'],
          email: 'a@b.co',
          when: '2025-01-01T00:00:00Z',
          site: 'https://example.com/a',
          meta: { a: 1 },
          strict: { ok: true },
          both: 'abcd',
          one: '',
        },
      }),
    ).toEqual([]);
  });

  it('reports a missing required parameter by its name', () => {
    const issues = checkRequest(rules, { body: { name: 'abc' } });
    expect(pairs(issues)).toEqual([{ field: 'id', rule: 'required' }]);
    expect(issues[0]!.message).toContain('path');
  });

  it('checks parameter values against their schema', () => {
    expect(pairs(checkRequest(rules, { ...valid, params: { path: { id: 'nope' } } }))).toEqual([
      { field: 'id', rule: 'format' },
    ]);
    expect(pairs(checkRequest(rules, { ...valid, params: { path: { id: UUID }, query: { limit: 0 } } }))).toEqual([
      { field: 'limit', rule: 'minimum' },
    ]);
    expect(pairs(checkRequest(rules, { ...valid, params: { path: { id: UUID }, query: { limit: 101 } } }))).toEqual([
      { field: 'limit', rule: 'maximum' },
    ]);
    expect(pairs(checkRequest(rules, { ...valid, params: { path: { id: UUID }, query: { limit: 1.5 } } }))).toEqual([
      { field: 'limit', rule: 'type' },
    ]);
    expect(
      pairs(checkRequest(rules, { ...valid, params: { path: { id: UUID }, header: { 'x-trace': 'ABC' } } })),
    ).toEqual([{ field: 'x-trace', rule: 'pattern' }]);
  });

  it('reports a missing required body as `body`', () => {
    expect(pairs(checkRequest(rules, { params: { path: { id: UUID } } }))).toEqual([
      { field: 'body', rule: 'required' },
    ]);
    const optional: OperationRules = { ...rules, body: { required: false, schema: { type: 'object' } } };
    expect(checkRequest(optional, { params: { path: { id: UUID } } })).toEqual([]);
  });

  it('reports a body of the wrong type as `body`', () => {
    expect(pairs(checkRequest(rules, { ...valid, body: 'text' }))).toEqual([{ field: 'body', rule: 'type' }]);
    expect(pairs(checkRequest(rules, { ...valid, body: null }))).toEqual([{ field: 'body', rule: 'type' }]);
    expect(pairs(checkRequest(rules, { ...valid, body: [] }))).toEqual([{ field: 'body', rule: 'type' }]);
  });

  it('reports every keyword with its field', () => {
    const body = {
      name: 'a',
      kind: 'c',
      fixed: 'v2',
      ratio: 1,
      step: 7,
      tags: ['x', 1, 'z'],
      email: 'not an email',
      when: '2025-01-01',
      site: 'not a uri',
      meta: {},
      strict: { ok: true, extra: 1 },
      both: 'ab',
      one: 'x',
    };
    expect(pairs(checkRequest(rules, { ...valid, body }))).toEqual([
      { field: 'name', rule: 'minLength' },
      { field: 'kind', rule: 'enum' },
      { field: 'fixed', rule: 'const' },
      { field: 'ratio', rule: 'exclusiveMaximum' },
      { field: 'step', rule: 'multipleOf' },
      { field: 'tags', rule: 'maxItems' },
      { field: 'tags[1]', rule: 'type' },
      { field: 'email', rule: 'format' },
      { field: 'when', rule: 'format' },
      { field: 'site', rule: 'format' },
      { field: 'meta', rule: 'minProperties' },
      { field: 'strict.extra', rule: 'additionalProperties' },
      { field: 'both', rule: 'minLength' },
      { field: 'one', rule: 'oneOf' },
    ]);
    expect(
      pairs(
        checkRequest(rules, { ...valid, body: { name: 'abcdef', ratio: 0, tags: [], meta: { a: 1, b: 2, c: 3 } } }),
      ),
    ).toEqual([
      { field: 'name', rule: 'maxLength' },
      { field: 'ratio', rule: 'exclusiveMinimum' },
      { field: 'tags', rule: 'minItems' },
      { field: 'meta', rule: 'maxProperties' },
    ]);
  });

  it('treats a property set to undefined as absent', () => {
    expect(pairs(checkRequest(rules, { ...valid, body: { name: undefined } }))).toEqual([
      { field: 'name', rule: 'required' },
    ]);
    expect(checkRequest(rules, { ...valid, body: { name: 'abc', strict: { ok: true, extra: undefined } } })).toEqual(
      [],
    );
  });

  it('counts string length in characters (code points), not UTF-16 units', () => {
    const schema: OperationRules = {
      method: 'POST',
      path: '/',
      parameters: [],
      body: { required: true, schema: { type: 'string', maxLength: 3, minLength: 3 } },
    };
    expect(checkRequest(schema, { body: '😀😀😀' })).toEqual([]);
    expect(pairs(checkRequest(schema, { body: '😀😀😀😀' }))).toEqual([{ field: 'body', rule: 'maxLength' }]);
    expect(pairs(checkRequest(schema, { body: '😀' }))).toEqual([{ field: 'body', rule: 'minLength' }]);
  });

  it('accepts an integer where a number is allowed, not a fraction where an integer is required', () => {
    const schema: OperationRules = {
      method: 'POST',
      path: '/',
      parameters: [],
      body: { required: true, schema: { type: 'number' } },
    };
    expect(checkRequest(schema, { body: 3 })).toEqual([]);
    expect(checkRequest(schema, { body: 3.5 })).toEqual([]);
    expect(pairs(checkRequest(schema, { body: '3' }))).toEqual([{ field: 'body', rule: 'type' }]);
  });

  it('never puts the offending value into an issue message', () => {
    const secret = 'sk_live_SUPERSECRET_0123456789';
    const body = {
      name: secret,
      kind: secret,
      fixed: secret,
      ratio: secret,
      email: `${secret} x`,
      site: secret,
      tags: [secret, secret, secret],
      strict: { ok: secret },
      both: 12345,
    };
    const issues = checkRequest(rules, { params: { path: { id: secret }, header: { 'x-trace': secret } }, body });
    expect(issues.length).toBeGreaterThan(8);
    for (const issue of issues) {
      expect(issue.message).not.toContain('SUPERSECRET');
      expect(issue.field).not.toContain('SUPERSECRET');
    }
    expect(JSON.stringify(issues)).not.toContain('12345');
  });

  it('refuses a Map, a Set or a class instance where the spec wants an object: JSON.stringify would send {}', () => {
    const schema = {
      method: 'PUT',
      path: '/x',
      parameters: [],
      body: { required: true, schema: { type: 'object', properties: { auth_object: { type: 'object' } } } },
    } as const;
    expect(checkRequest(schema, { body: { auth_object: new Map([['bot_token', 'x']]) } })).toEqual([
      { field: 'auth_object', rule: 'type', message: 'must be object, got Map' },
    ]);
    expect(checkRequest(schema, { body: { auth_object: new Set() } })[0]?.message).toBe('must be object, got Set');
    expect(checkRequest(schema, { body: { auth_object: Object.create(null) as object } })).toEqual([]);
    // A plain object of another realm (an edge runtime's VM, a frame) is still a plain object.
    expect(checkRequest(schema, { body: { auth_object: runInNewContext('({ bot_token: "x" })') as object } })).toEqual(
      [],
    );
    expect(checkRequest(schema, { body: { auth_object: { bot_token: 'x' } } })).toEqual([]);
  });
});

describe('checkRequest with the generated Mesh rules (createLinkToken)', () => {
  const rules = meshRules.createLinkToken;
  const check = (body: unknown) => checkRequest(rules, { body });

  it('accepts a minimal and a full valid request', () => {
    expect(check({ userId: 'user-1' })).toEqual([]);
    expect(
      check({
        userId: 'user-1',
        brokerType: 'coinbase',
        restrictMultipleAccounts: true,
        integrationId: UUID,
        transferOptions: {
          toAddresses: [{ networkId: UUID, symbol: 'USDC', address: '0xabc', amount: 10 }],
          clientFee: 0.025,
          transferType: 'payment',
          isInclusiveFeeEnabled: false,
        },
        verifyWalletOptions: { networkType: 'evm', verificationMethods: ['signedMessage'], addresses: ['0xabc'] },
      }),
    ).toEqual([]);
  });

  it('requires the body and its userId', () => {
    expect(pairs(checkRequest(rules, {}))).toEqual([{ field: 'body', rule: 'required' }]);
    expect(pairs(check({}))).toEqual([{ field: 'userId', rule: 'required' }]);
  });

  it('limits userId to 1..300 characters', () => {
    expect(check({ userId: 'u'.repeat(300) })).toEqual([]);
    const over = check({ userId: 'u'.repeat(301) });
    expect(pairs(over)).toEqual([{ field: 'userId', rule: 'maxLength' }]);
    expect(over[0]!.message).toBe('must have at most 300 characters');
    expect(pairs(check({ userId: '' }))).toEqual([{ field: 'userId', rule: 'minLength' }]);
    // 300 astral characters are 600 UTF-16 code units and still valid.
    expect(check({ userId: '𝒳'.repeat(300) })).toEqual([]);
    expect(pairs(check({ userId: '𝒳'.repeat(301) }))).toEqual([{ field: 'userId', rule: 'maxLength' }]);
  });

  it('keeps transferOptions.clientFee within 0..1', () => {
    for (const clientFee of [0, 0.5, 1, null])
      expect(check({ userId: 'u', transferOptions: { clientFee } })).toEqual([]);
    expect(pairs(check({ userId: 'u', transferOptions: { clientFee: 1.01 } }))).toEqual([
      { field: 'transferOptions.clientFee', rule: 'maximum' },
    ]);
    expect(pairs(check({ userId: 'u', transferOptions: { clientFee: -0.01 } }))).toEqual([
      { field: 'transferOptions.clientFee', rule: 'minimum' },
    ]);
    expect(pairs(check({ userId: 'u', transferOptions: { clientFee: '0.5' } }))).toEqual([
      { field: 'transferOptions.clientFee', rule: 'type' },
    ]);
  });

  it('checks uuid formats, naming the array index in the path', () => {
    expect(pairs(check({ userId: 'u', integrationId: 'not-a-uuid' }))).toEqual([
      { field: 'integrationId', rule: 'format' },
    ]);
    expect(
      pairs(check({ userId: 'u', transferOptions: { toAddresses: [{ networkId: UUID }, { networkId: 'nope' }] } })),
    ).toEqual([{ field: 'transferOptions.toAddresses[1].networkId', rule: 'format' }]);
    expect(pairs(check({ userId: 'u', transferOptions: { toAddresses: [{ networkId: 'x' }] } }))).toEqual([
      { field: 'transferOptions.toAddresses[0].networkId', rule: 'format' },
    ]);
  });

  it('takes values Mesh adds to its open enums after this release, and still checks their type', () => {
    // BrokerType, TransferTypeEnum and NetworkType are x-open-enum: a broker Mesh lists tomorrow
    // must reach it, also when a caller passes back a value an answer gave it.
    expect(check({ userId: 'u', brokerType: 'aBrokerAddedLater' })).toEqual([]);
    expect(check({ userId: 'u', transferOptions: { transferType: 'gift' } })).toEqual([]);
    expect(check({ userId: 'u', verifyWalletOptions: { networkType: 'newChain' } })).toEqual([]);
    expect(pairs(check({ userId: 'u', brokerType: 7 }))).toEqual([{ field: 'brokerType', rule: 'type' }]);
    expect(pairs(check({ userId: 'u', transferOptions: { transferType: false } }))).toEqual([
      { field: 'transferOptions.transferType', rule: 'type' },
    ]);
  });

  it('accepts null wherever the type allows null, and only there', () => {
    expect(
      check({
        userId: 'u',
        brokerType: null,
        integrationId: null,
        subClientId: null,
        transferOptions: {
          toAddresses: null,
          amountInFiat: null,
          transactionId: null,
          clientFee: null,
          transferType: null,
          description: null,
          goodsDetails: null,
        },
        verifyWalletOptions: null,
      }),
    ).toEqual([]);
    expect(check({ userId: 'u', transferOptions: null })).toEqual([]);
    expect(pairs(check({ userId: null }))).toEqual([{ field: 'userId', rule: 'type' }]);
    expect(pairs(check({ userId: 'u', restrictMultipleAccounts: null }))).toEqual([
      { field: 'restrictMultipleAccounts', rule: 'type' },
    ]);
    expect(pairs(check({ userId: 'u', transferOptions: { toAddresses: [{ networkId: null }] } }))).toEqual([
      { field: 'transferOptions.toAddresses[0].networkId', rule: 'type' },
    ]);
  });

  it('rejects unknown properties, naming them with their path', () => {
    expect(pairs(check({ userId: 'u', userid: 'typo' }))).toEqual([{ field: 'userid', rule: 'additionalProperties' }]);
    expect(pairs(check({ userId: 'u', transferOptions: { fee: 0.1 } }))).toEqual([
      { field: 'transferOptions.fee', rule: 'additionalProperties' },
    ]);
    expect(pairs(check({ userId: 'u', transferOptions: { toAddresses: [{ networkId: UUID, memo: 'x' }] } }))).toEqual([
      { field: 'transferOptions.toAddresses[0].memo', rule: 'additionalProperties' },
    ]);
  });

  it('reports every issue of a request at once', () => {
    expect(pairs(check({ userId: 'u'.repeat(301), integrationId: 'x', transferOptions: { clientFee: 2 } }))).toEqual([
      { field: 'userId', rule: 'maxLength' },
      { field: 'integrationId', rule: 'format' },
      { field: 'transferOptions.clientFee', rule: 'maximum' },
    ]);
  });
});

describe('checkRequest with the generated Refold rules', () => {
  it('getTokenForLinkedAccount: requires a non-empty linked_account_id and a boolean force_refresh', () => {
    const rules = refoldRules.getTokenForLinkedAccount;
    expect(checkRequest(rules, { body: { linked_account_id: 'markwood@some_email.com' } })).toEqual([]);
    expect(
      checkRequest(rules, { params: { query: { force_refresh: true } }, body: { linked_account_id: 'a' } }),
    ).toEqual([]);
    expect(pairs(checkRequest(rules, { body: {} }))).toEqual([{ field: 'linked_account_id', rule: 'required' }]);
    expect(pairs(checkRequest(rules, { body: { linked_account_id: '' } }))).toEqual([
      { field: 'linked_account_id', rule: 'minLength' },
    ]);
    expect(
      pairs(checkRequest(rules, { params: { query: { force_refresh: 'yes' } }, body: { linked_account_id: 'a' } })),
    ).toEqual([{ field: 'force_refresh', rule: 'type' }]);
    expect(pairs(checkRequest(rules, {}))).toEqual([{ field: 'body', rule: 'required' }]);
  });

  it('migrateToken: requires the linked_account_id header', () => {
    const rules = refoldRules.migrateToken;
    const body = { slug: 'slack', auth_object: { bot_token: 'xoxb-1' } };
    expect(checkRequest(rules, { params: { header: { linked_account_id: 'acct' } }, body })).toEqual([]);
    const missing = checkRequest(rules, { body });
    expect(pairs(missing)).toEqual([{ field: 'linked_account_id', rule: 'required' }]);
    expect(missing[0]!.message).toContain('header');
    expect(pairs(checkRequest(rules, { params: { header: { linked_account_id: '' } }, body }))).toEqual([
      { field: 'linked_account_id', rule: 'minLength' },
    ]);
    // The value in another group does not count.
    expect(pairs(checkRequest(rules, { params: { query: { linked_account_id: 'acct' } }, body }))).toEqual([
      { field: 'linked_account_id', rule: 'required' },
    ]);
  });

  it('migrateToken: auth_object values are strings, or objects of fields nested under the auth type', () => {
    const rules = refoldRules.migrateToken;
    const params = { header: { linked_account_id: 'acct' } };
    expect(pairs(checkRequest(rules, { params, body: { slug: 'slack', auth_object: { bot_token: 123 } } }))).toEqual([
      { field: 'auth_object.bot_token', rule: 'type' },
    ]);
    // The current documents nest the fields under the auth type: Refold accepts it, so must we.
    expect(
      checkRequest(rules, {
        params,
        body: { slug: 'hubspot', auth_object: { oauth2: { access_token: 'a', refresh_token: 'r' } } },
      }),
    ).toEqual([]);
    expect(
      pairs(checkRequest(rules, { params, body: { slug: 'slack', auth_object: { a: 'x', list: ['y'] } } })),
    ).toEqual([{ field: 'auth_object.list', rule: 'type' }]);
    expect(pairs(checkRequest(rules, { params, body: { slug: 'slack' } }))).toEqual([
      { field: 'auth_object', rule: 'required' },
    ]);
    expect(pairs(checkRequest(rules, { params, body: { slug: '', auth_object: 'xoxb' } }))).toEqual([
      { field: 'slug', rule: 'minLength' },
      { field: 'auth_object', rule: 'type' },
    ]);
    // Extra top-level properties are allowed: the schema does not close the object.
    expect(checkRequest(rules, { params, body: { slug: 'slack', auth_object: {}, other: 1 } })).toEqual([]);
  });

  it('migrateToken: a token in a bad auth_object never reaches the issue', () => {
    const issues = checkRequest(refoldRules.migrateToken, {
      params: { header: { linked_account_id: 'acct' } },
      body: { slug: 'slack', auth_object: { bot_token: ['xoxb-SECRET-TOKEN'] } },
    });
    expect(pairs(issues)).toEqual([{ field: 'auth_object.bot_token', rule: 'type' }]);
    expect(JSON.stringify(issues)).not.toContain('SECRET');
  });
});

describe('checkRequest: known gaps', () => {
  // Binary floating point: 0.3 / 0.1 = 2.9999999999999996.
  it('accepts decimal multiples of a fractional multipleOf', () => {
    const rules: OperationRules = {
      method: 'POST',
      path: '/',
      parameters: [],
      body: { required: true, schema: { type: 'number', multipleOf: 0.1 } },
    };
    expect(checkRequest(rules, { body: 0.3 })).toEqual([]);
  });
});
