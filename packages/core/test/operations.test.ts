// The operation table at run time: a method's params placed in the request, the answer judged by
// the table's success rules, and methods defined from the table. Against a real server.
import { describe, expect, it } from 'vitest';
import { defineOperations, type Operation } from '../src/index.js';
import { failureOf, requestOf, resultOf } from '../src/operations.js';
import { core, errors, rejection, server, status, useServer } from './support.js';
import type { ClientCore } from '../src/index.js';

useServer();

const mint: Operation = {
  method: 'POST',
  path: '/items/{item_id}/tokens',
  parameters: [
    { name: 'item_id', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'force', in: 'query', required: false, schema: { type: 'boolean' } },
    { name: 'x-tenant', in: 'header', required: false, schema: { type: 'string' } },
  ],
  body: { required: true, spread: true, schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
  success: { failure: { property: 'error' }, requires: { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1 } } } },
};
const listed: Operation = {
  method: 'GET',
  path: '/items',
  parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
  success: { envelope: { status: 'status', ok: 'ok', content: 'content' } },
};
const raw: Operation = {
  method: 'PUT',
  path: '/blobs',
  parameters: [],
  body: { required: true, spread: false, schema: { type: 'array', items: { type: 'string' } } },
  success: {},
};

describe('requestOf: a method’s params as a request', () => {
  it('puts each parameter in its place and the rest in the body', () => {
    const { parts, issues } = requestOf('mint', mint, { item_id: 'i1', force: true, 'x-tenant': 't', name: 'n' });
    expect(issues).toEqual([]);
    expect(parts).toEqual({ params: { path: { item_id: 'i1' }, query: { force: true }, header: { 'x-tenant': 't' } }, body: { name: 'n' } });
  });

  it('takes a body that does not spread from `body`, and names any other key as no parameter', () => {
    expect(requestOf('put', raw, { body: ['a'] })).toEqual({ parts: { params: {}, body: ['a'] }, issues: [] });
    expect(requestOf('list', listed, { limt: 5 }).issues).toEqual([{ field: 'limt', rule: 'parameter', message: 'is not a parameter of list' }]);
  });
});

describe('failureOf: when a 2xx is a failure after all', () => {
  it('rejects a body with the x-failure property, or without what the success requires', () => {
    expect(failureOf('mint', mint, 'Test', { token: 't' })).toBeUndefined();
    expect(failureOf('mint', mint, 'Test', { error: 'no' })).toBe('Test reported a failure of mint.');
    expect(failureOf('mint', mint, 'Test', { token: '' })).toBe('The mint response has no valid token (minLength).');
    expect(failureOf('mint', mint, 'Test', undefined)).toBe('The mint response has no body.');
  });

  it('rejects an envelope whose status is not ok, or whose content is missing, and resolves to the content', () => {
    expect(failureOf('list', listed, 'Test', { status: 'serverFailure', content: [] })).toBe('Test answered with status "serverFailure".');
    expect(failureOf('list', listed, 'Test', { status: 'ok', content: null })).toBe('The list response carries no content.');
    expect(failureOf('list', listed, 'Test', { status: 'ok', content: [1] })).toBeUndefined();
    expect(resultOf(listed, { status: 'ok', content: [1] })).toEqual([1]);
  });
});

describe('defineOperations: methods from the table', () => {
  class Client {
    static {
      defineOperations(this, { mint, listed }, (client: Client) => client.core);
    }
    constructor(readonly core: ClientCore<{}>) {}
  }
  const methods = (client: Client) => client as unknown as Record<'mint' | 'listed', (params?: object, options?: object) => Promise<unknown>>;

  it('sends the operation’s method and path with each parameter in its place', async () => {
    server.handle(status(200, { token: 'tok' }));
    await expect(methods(new Client(core())).mint({ item_id: 'a b', force: true, 'x-tenant': 'acme', name: 'n' })).resolves.toEqual({ token: 'tok' });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/items/a%20b/tokens?force=true', body: '{"name":"n"}' });
    expect(request!.headers['x-tenant']).toBe('acme');
  });

  it('checks the input before sending, and judges a 200 by the table', async () => {
    server.handle(status(200, { error: 'refused in a 200' }));
    const client = methods(new Client(core()));
    expect(await rejection(client.mint({ item_id: 'a' }))).toBeInstanceOf(errors.ValidationError);
    expect(server.requests).toHaveLength(0);
    const failure = (await rejection(client.mint({ item_id: 'a', name: 'n' }))) as InstanceType<typeof errors.APIError>;
    expect(failure).toBeInstanceOf(errors.APIError);
    expect(failure.status).toBe(200);
  });

  it('resolves to the envelope’s content', async () => {
    server.handle(status(200, { status: 'ok', content: [{ id: 1 }] }));
    await expect(methods(new Client(core())).listed({ limit: 2 })).resolves.toEqual([{ id: 1 }]);
    expect(server.requests[0]!.url).toBe('/items?limit=2');
  });
});
