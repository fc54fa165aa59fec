// The operation table at run time: a method's params placed in the request, the answer judged by
// the table's success rules, and methods defined from the table. Against a real server.
import { describe, expect, it } from 'vitest';
import type { ClientCore } from '../src/index.js';
import { defineOperations, type Operation } from '../src/index.js';
import { failureOf, requestOf, resultOf } from '../src/operations.js';
import { core, errors, rejectionOf, sequence, server, status, useServer } from './support.js';

useServer();

const mint: Operation = {
  method: 'POST',
  path: '/items/{item_id}/tokens',
  parameters: [
    { name: 'item_id', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'force', in: 'query', required: false, schema: { type: 'boolean' } },
    { name: 'x-tenant', in: 'header', required: false, schema: { type: 'string' } },
  ],
  body: {
    required: true,
    spread: true,
    schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
  },
  success: {
    failure: { property: 'error' },
    requires: { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1 } } },
  },
};
const listed: Operation = {
  method: 'GET',
  path: '/items',
  parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
  success: { envelope: { status: 'status', ok: 'ok', content: 'content' } },
};
const pages: Operation = {
  method: 'GET',
  path: '/things',
  parameters: [
    { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
  ],
  success: {},
  paginated: { items: 'docs' },
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
    expect(parts).toEqual({
      params: { path: { item_id: 'i1' }, query: { force: true }, header: { 'x-tenant': 't' } },
      body: { name: 'n' },
    });
  });

  it('takes a body that does not spread from `body`, and names any other key as no parameter', () => {
    expect(requestOf('put', raw, { body: ['a'] })).toEqual({ parts: { params: {}, body: ['a'] }, issues: [] });
    expect(requestOf('list', listed, { limt: 5 }).issues).toEqual([
      { field: 'limt', rule: 'parameter', message: 'is not a parameter of list' },
    ]);
  });
});

describe('requestOf: what would send a request somewhere else', () => {
  it('refuses a path parameter of "", "." or "..", which URL parsing would resolve to another endpoint', () => {
    for (const item_id of ['', '.', '..']) {
      expect(requestOf('mint', mint, { item_id, name: 'n' }).issues, item_id).toEqual([
        {
          field: 'item_id',
          rule: 'path',
          message: 'must not be empty, "." or ".." (the URL would name another endpoint)',
        },
      ]);
    }
    expect(requestOf('mint', mint, { item_id: '../x', name: 'n' }).issues).toEqual([]);
  });

  it('sends a name the spec declares in two places (header and query) in both', () => {
    const twice: Operation = {
      method: 'GET',
      path: '/apps',
      parameters: [
        { name: 'linked_account_id', in: 'header', required: false, schema: { type: 'string' } },
        { name: 'linked_account_id', in: 'query', required: false, schema: { type: 'string' } },
      ],
      success: {},
    };
    expect(requestOf('listApps', twice, { linked_account_id: 'acct' }).parts).toEqual({
      params: { header: { linked_account_id: 'acct' }, query: { linked_account_id: 'acct' } },
    });
  });

  it('sends no body for an optional spread body the caller gave nothing of', () => {
    const optional: Operation = {
      ...mint,
      parameters: mint.parameters.slice(0, 1),
      body: { required: false, spread: true, schema: { type: 'object', properties: { name: { type: 'string' } } } },
    };
    expect(requestOf('get', optional, { item_id: 'a' }).parts).toEqual({ params: { path: { item_id: 'a' } } });
    expect(requestOf('get', optional, { item_id: 'a', name: 'n' }).parts.body).toEqual({ name: 'n' });
  });

  it('refuses params that are not an object', () => {
    expect(requestOf('mint', mint, null as never).issues[0]).toMatchObject({ field: 'params', rule: 'type' });
  });
});

describe('failureOf: when a 2xx is a failure after all', () => {
  it('rejects a body with the x-failure property, or without what the success requires', () => {
    expect(failureOf('mint', mint, 'Test', { token: 't' })).toBeUndefined();
    expect(failureOf('mint', mint, 'Test', { error: 'no' })).toBe('Test reported a failure of mint.');
    expect(failureOf('mint', mint, 'Test', { token: 't', error: null })).toBeUndefined();
    expect(failureOf('mint', mint, 'Test', { token: '' })).toBe('The mint response has no valid token (minLength).');
    expect(failureOf('mint', mint, 'Test', undefined)).toBe('The mint response has no body.');
  });

  it('rejects an envelope whose status is not ok, or whose content is missing, and resolves to the content', () => {
    expect(failureOf('list', listed, 'Test', { status: 'serverFailure', content: [] })).toBe(
      'Test answered with status "serverFailure".',
    );
    expect(failureOf('list', listed, 'Test', { status: 'ok', content: null })).toBe(
      'The list response carries no content.',
    );
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
  const methods = (client: Client) =>
    client as unknown as Record<'mint' | 'listed', (params?: object, options?: object) => Promise<unknown>>;

  it('sends the operation’s method and path with each parameter in its place', async () => {
    server.handle(status(200, { token: 'tok' }));
    await expect(
      methods(new Client(core())).mint({ item_id: 'a b', force: true, 'x-tenant': 'acme', name: 'n' }),
    ).resolves.toEqual({ token: 'tok' });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/items/a%20b/tokens?force=true', body: '{"name":"n"}' });
    expect(request!.headers['x-tenant']).toBe('acme');
  });

  it('checks the input before sending, and judges a 200 by the table', async () => {
    server.handle(status(200, { error: 'refused in a 200' }));
    const client = methods(new Client(core()));
    expect(await rejectionOf(client.mint({ item_id: 'a' }))).toBeInstanceOf(errors.ValidationError);
    expect(server.requests).toHaveLength(0);
    const failure = (await rejectionOf(client.mint({ item_id: 'a', name: 'n' }))) as InstanceType<
      typeof errors.APIError
    >;
    expect(failure).toBeInstanceOf(errors.APIError);
    expect(failure.status).toBe(200);
  });

  it('rejects, rather than throws, when a method is called without its client', async () => {
    const detached = methods(new Client(core())).mint;
    const called = detached({ item_id: 'a', name: 'n' });
    expect(called).toBeInstanceOf(Promise);
    await expect(called).rejects.toThrow(TypeError);
  });

  it('hands a middleware of .api.use() a real Request and Response for a method’s call, from its first use on', async () => {
    server.handle(status(200, { token: 'tok' }));
    const client = new Client(core());
    await methods(client).mint({ item_id: 'a', name: 'n' }); // no middleware yet: the light path
    const seen: string[] = [];
    client.core.api.use({
      onRequest: ({ request }) =>
        void seen.push(`request ${request instanceof Request} ${request.method} ${new URL(request.url).pathname}`),
      onResponse: async ({ response }) =>
        void seen.push(`response ${response instanceof Response} ${JSON.stringify(await response.clone().json())}`),
    });
    await expect(methods(client).mint({ item_id: 'a', name: 'n' })).resolves.toEqual({ token: 'tok' });
    expect(seen).toEqual(['request true POST /items/a/tokens', 'response true {"token":"tok"}']);
    expect(server.requests.map((r) => r.body)).toEqual(['{"name":"n"}', '{"name":"n"}']);
  });

  it('resolves to the envelope’s content', async () => {
    server.handle(status(200, { status: 'ok', content: [{ id: 1 }] }));
    await expect(methods(new Client(core())).listed({ limit: 2 })).resolves.toEqual([{ id: 1 }]);
    expect(server.requests[0]!.url).toBe('/items?limit=2');
  });
});

describe('.all(): every item of a paginated list', () => {
  class Lister {
    static {
      defineOperations(this, { pages }, (client: Lister) => client.core);
    }
    constructor(readonly core: ClientCore<{}>) {}
  }
  type ListMethod = ((params?: object) => Promise<unknown>) & {
    all(params?: object, options?: object): AsyncIterableIterator<unknown>;
  };
  const list = (client: Lister) => (client as unknown as { pages: ListMethod }).pages;
  /** Three pages of two things, as mongoose-paginate answers; page 3 says there is no next. */
  const answerPages = (total = 3) =>
    server.handle((request, res) => {
      const page = Number(new URL(request.url, 'http://x').searchParams.get('page'));
      status(200, {
        docs: [`t${page}a`, `t${page}b`],
        page,
        hasNextPage: page < total,
        nextPage: page < total ? page + 1 : null,
      })(request, res, undefined as never);
    });

  it('walks the pages, one request per page, from the page asked for', async () => {
    answerPages();
    const things: unknown[] = [];
    for await (const thing of list(new Lister(core())).all({ limit: 2 })) things.push(thing);
    expect(things).toEqual(['t1a', 't1b', 't2a', 't2b', 't3a', 't3b']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/things?limit=2&page=1',
      '/things?limit=2&page=2',
      '/things?limit=2&page=3',
    ]);
  });

  it('asks for the next page only when the caller takes past this one', async () => {
    answerPages();
    for await (const thing of list(new Lister(core())).all({ page: 2 })) {
      expect(thing).toBe('t2a');
      break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it('stops at maxPages with an error rather than looping on a server that always has more', async () => {
    answerPages(Number.POSITIVE_INFINITY);
    const err = await rejectionOf(
      (async () => {
        for await (const _ of list(new Lister(core())).all({}, { maxPages: 2 })) void _;
      })(),
    );
    expect(err).toBeInstanceOf(errors.SDKError);
    expect(err.message).toBe('The list has more than 2 pages; pass a larger maxPages to .all() to read further.');
    expect(server.requests).toHaveLength(2);
  });

  it('stops when the caller’s signal fires between pages', async () => {
    answerPages();
    const controller = new AbortController();
    const err = await rejectionOf(
      (async () => {
        for await (const thing of list(new Lister(core())).all({}, { signal: controller.signal }))
          if (thing === 't1b') controller.abort();
      })(),
    );
    expect(err).toBeInstanceOf(errors.AbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('fails, rather than stopping quietly, when a page holds no list of items', async () => {
    server.handle(status(200, { items: [1, 2], hasNextPage: true }));
    const err = await rejectionOf(
      (async () => {
        for await (const _ of list(new Lister(core())).all()) void _;
      })(),
    );
    expect(err.message).toBe("The page's docs is not a list of items; .all() cannot go on.");
  });

  it('is still a method: called, it answers one page', async () => {
    answerPages();
    await expect(list(new Lister(core()))({ page: 3 })).resolves.toMatchObject({
      docs: ['t3a', 't3b'],
      hasNextPage: false,
    });
  });
});

describe('.all() by offset and by cursor (Mesh’s Count/Offset lists and cursor histories)', () => {
  const byOffset: Operation = {
    method: 'GET',
    path: '/assets',
    parameters: [
      { name: 'Count', in: 'query', required: false, schema: { type: 'integer' } },
      { name: 'Offset', in: 'query', required: false, schema: { type: 'integer' } },
    ],
    success: { envelope: { status: 'status', ok: 'ok', content: 'content' } },
    paginated: { items: 'items', offset: 'Offset', limit: 'Count', total: 'total' },
  };
  const byCursor: Operation = {
    method: 'POST',
    path: '/transfers/list',
    parameters: [],
    body: {
      required: true,
      spread: true,
      schema: { type: 'object', properties: { authToken: { type: 'string' }, cursor: { type: ['string', 'null'] } } },
    },
    success: { envelope: { status: 'status', ok: 'ok', content: 'content' } },
    paginated: { items: 'transfers', cursor: 'cursor' },
  };
  class Lists {
    static {
      defineOperations(this, { byOffset, byCursor }, (client: Lists) => client.core);
    }
    constructor(readonly core: ClientCore<{}>) {}
  }
  type ListMethod = ((params?: object) => Promise<unknown>) & {
    all(params?: object, options?: object): AsyncIterableIterator<unknown>;
  };
  const lists = (client: Lists) => client as unknown as Record<'byOffset' | 'byCursor', ListMethod>;
  const collect = async (items: AsyncIterableIterator<unknown>) => {
    const out: unknown[] = [];
    for await (const item of items) out.push(item);
    return out;
  };
  /** Five items, served `Count` at a time from `Offset`, with the total. */
  const answerOffsets = (total = 5) =>
    server.handle((request, res) => {
      const query = new URL(request.url, 'http://x').searchParams;
      const offset = Number(query.get('Offset'));
      const count = Number(query.get('Count') ?? 10);
      const items = Array.from({ length: Math.max(0, Math.min(count, total - offset)) }, (_, i) => `a${offset + i}`);
      status(200, { status: 'ok', content: { items, total } })(request, res, undefined as never);
    });

  it('skips what it has read: Offset grows by each page’s items until the total', async () => {
    answerOffsets();
    expect(await collect(lists(new Lists(core())).byOffset.all({ Count: 2 }))).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/assets?Count=2&Offset=0',
      '/assets?Count=2&Offset=2',
      '/assets?Count=2&Offset=4',
    ]);
  });

  it('starts at the Offset asked for, and stops at an empty page when there is no total', async () => {
    server.handle(
      (() => {
        let calls = 0;
        return (request, res) =>
          status(200, { status: 'ok', content: { items: calls++ < 2 ? ['x'] : [] } })(request, res, undefined as never);
      })(),
    );
    expect(await collect(lists(new Lists(core())).byOffset.all({ Offset: 7 }))).toEqual(['x', 'x']);
    expect(server.requests.map((r) => r.url)).toEqual(['/assets?Offset=7', '/assets?Offset=8', '/assets?Offset=9']);
  });

  it('refuses an Offset that is not a whole number >= 0', async () => {
    const err = await rejectionOf(collect(lists(new Lists(core())).byOffset.all({ Offset: -1 })));
    expect(err.message).toBe('Offset must be an integer >= 0, got -1.');
    expect(server.requests).toHaveLength(0);
  });

  it('sends each page’s cursor for the next, and stops when the cursor does not move', async () => {
    const pages: Record<string, { transfers: string[]; cursor: string | null }> = {
      '': { transfers: ['t1', 't2'], cursor: 'c1' },
      c1: { transfers: ['t3'], cursor: 'c2' },
      c2: { transfers: ['t4'], cursor: 'c2' },
    };
    server.handle((request, res) => {
      const cursor = (JSON.parse(request.body) as { cursor?: string }).cursor ?? '';
      status(200, { status: 'ok', content: pages[cursor] })(request, res, undefined as never);
    });
    expect(await collect(lists(new Lists(core())).byCursor.all({ authToken: 'tok' }))).toEqual([
      't1',
      't2',
      't3',
      't4',
    ]);
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([
      { authToken: 'tok' },
      { authToken: 'tok', cursor: 'c1' },
      { authToken: 'tok', cursor: 'c2' },
    ]);
  });

  it('ends at a page whose list is null, as Mesh’s nullable lists may be', async () => {
    server.handle(
      sequence(
        status(200, { status: 'ok', content: { transfers: ['t1'], cursor: 'c1' } }),
        status(200, { status: 'ok', content: { transfers: null, cursor: 'c2' } }),
      ),
    );
    expect(await collect(lists(new Lists(core())).byCursor.all({ authToken: 'tok' }))).toEqual(['t1']);
    expect(server.requests).toHaveLength(2);
  });

  it('stops after a page without a cursor', async () => {
    server.handle(status(200, { status: 'ok', content: { transfers: ['only'], cursor: null } }));
    expect(await collect(lists(new Lists(core())).byCursor.all({ authToken: 'tok' }))).toEqual(['only']);
    expect(server.requests).toHaveLength(1);
  });
});

describe('an envelope without content, and a GET with a body', () => {
  const acknowledged: Operation = {
    method: 'DELETE',
    path: '/account',
    parameters: [],
    success: { envelope: { status: 'status', ok: 'ok' } },
  };
  const verify: Operation = {
    method: 'GET',
    path: '/verify',
    parameters: [],
    body: {
      required: true,
      spread: true,
      schema: { type: 'object', properties: { token: { type: ['string', 'null'] } } },
    },
    success: {},
  };
  class Client {
    static {
      defineOperations(this, { acknowledged, verify }, (client: Client) => client.core);
    }
    constructor(readonly core: ClientCore<{}>) {}
  }
  const methods = (client: Client) =>
    client as unknown as Record<'acknowledged' | 'verify', (params?: object) => Promise<unknown>>;

  it('resolves an ok acknowledgement to undefined, and still rejects one that is not ok', async () => {
    server.handle(
      sequence(
        status(200, { status: 'ok', message: '' }),
        status(200, { status: 'notFound', message: 'No such account' }),
      ),
    );
    await expect(methods(new Client(core())).acknowledged()).resolves.toBeUndefined();
    const err = (await rejectionOf(methods(new Client(core())).acknowledged())) as InstanceType<typeof errors.APIError>;
    expect(err).toBeInstanceOf(errors.APIError);
    expect(err.message).toContain('No such account');
  });

  it('sends a GET’s JSON body with Node’s http, as Mesh’s transfer verification reads it', async () => {
    server.handle(status(200, { verified: true }));
    await expect(methods(new Client(core())).verify({ token: 'USDC' })).resolves.toEqual({ verified: true });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/verify', body: '{"token":"USDC"}' });
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('says why, and sends nothing, when the client sends with a fetch, which cannot carry it', async () => {
    server.handle(status(200, { verified: true }));
    const err = await rejectionOf(methods(new Client(core({ fetch: globalThis.fetch }))).verify({ token: 'USDC' }));
    expect(err).toBeInstanceOf(errors.SDKError);
    expect(err.message).toBe(
      "This GET request carries a JSON body, which fetch cannot send. Call it from Node without a `fetch` option: the client then sends it with Node's own http.",
    );
    expect(server.requests).toHaveLength(0);
  });
});
