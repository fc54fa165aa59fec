// Options checked once at the edge (options.ts), as a security review and a real integration
// tried them: nothing secret echoed, nothing misleading, nothing sent that should not be.
import { describe, expect, it } from 'vitest';
import { readEnv, requireCredential } from '../src/index.js';
import { core, errors, rejectionOf, server, status, useServer } from './support.js';

useServer();

describe('baseUrl', () => {
  it('never echoes a baseUrl, which may carry a password or a token', () => {
    for (const baseUrl of [
      'http://user:pw-SECRET@127.0.0.1:9',
      'http://127.0.0.1:9/?key=SECRET',
      'not a url SECRET',
      'ftp://SECRET.example.com',
    ]) {
      const err = (() => {
        try {
          core({ baseUrl });
        } catch (caught) {
          return caught as Error;
        }
      })();
      expect(err, baseUrl).toBeInstanceOf(errors.SDKError);
      expect(err!.message).not.toContain('SECRET');
    }
  });

  it('refuses a bare trailing "?" or "#", which URL parsing would drop silently', () => {
    expect(() => core({ baseUrl: `${server.url}/?` })).toThrow(
      'baseUrl must not have a query or fragment (no "?" or "#").',
    );
    expect(() => core({ baseUrl: `${server.url}/#` })).toThrow('baseUrl must not have a query or fragment');
  });
});

describe('headers', () => {
  it('leaves out an undefined or null header instead of sending "undefined"', async () => {
    server.handle(status(200, { ok: true }));
    const client = core({ defaultHeaders: { 'x-tenant': undefined, 'x-trace': null, 'x-kept': 'yes' } });
    await client.api.POST('/x', { body: { a: 1 }, ...client.callInit({ headers: { 'x-call': undefined } }) });
    const sent = server.requests[0]!.headers;
    expect(sent['x-kept']).toBe('yes');
    expect(sent).not.toHaveProperty('x-tenant');
    expect(sent).not.toHaveProperty('x-trace');
    expect(sent).not.toHaveProperty('x-call');
  });

  it('says a non-string header value must be a string, naming it', () => {
    expect(() => core({ defaultHeaders: { 'x-n': 3 as unknown as string } })).toThrow(
      'defaultHeaders["x-n"] must be a string, got number.',
    );
  });

  it('refuses the headers that frame the request (Transfer-Encoding beside Content-Length smuggles requests)', () => {
    for (const name of ['Transfer-Encoding', 'content-length', 'Connection', 'Host', 'upgrade']) {
      expect(() => core({ defaultHeaders: { [name]: 'chunked' } }), name).toThrow(
        `defaultHeaders["${name}"] is set by the HTTP layer itself; remove it.`,
      );
      expect(() => core().callInit({ headers: { [name]: 'x' } }), name).toThrow(errors.SDKError);
    }
  });

  it('refuses a header name that is not a token', () => {
    expect(() => core({ defaultHeaders: { 'bad name': 'x' } })).toThrow(
      'defaultHeaders["bad name"] is not a valid header name.',
    );
  });
});

describe('credentials', () => {
  it('refuses a credential that is not a string instead of sending "[object Promise]"', () => {
    const pending = Promise.resolve('k');
    expect(() => requireCredential(errors, 'Acme', 'apiKey', pending, 'ACME_API_KEY')).toThrow(
      'apiKey must be a string, got object (a Promise: await it first).',
    );
    expect(() => requireCredential(errors, 'Acme', 'apiKey', 42, 'ACME_API_KEY')).toThrow(
      'apiKey must be a string, got number.',
    );
  });
});

describe('the environment', () => {
  it('treats an environment it may not read (Deno without --allow-env) as unset', () => {
    const env = process.env;
    process.env = new Proxy(env, {
      get() {
        throw new Error('Requires env access to "ACME_API_KEY", run again with the --allow-env flag');
      },
    });
    try {
      expect(readEnv('ACME_API_KEY')).toBeUndefined();
    } finally {
      process.env = env;
    }
  });

  it('reads no variable when options decide everything', () => {
    const env = process.env;
    const read: string[] = [];
    process.env = new Proxy(env, {
      get(target, name) {
        if (typeof name === 'string') read.push(name);
        return Reflect.get(target, name);
      },
    });
    try {
      core({ logLevel: 'off' });
    } finally {
      process.env = env;
    }
    expect(read).toEqual([]);
  });
});

describe('the browser guard', () => {
  it('fires in a browser’s Web Worker, which has no window or document', () => {
    const scope = globalThis as { WorkerGlobalScope?: unknown; importScripts?: unknown };
    scope.WorkerGlobalScope = function WorkerGlobalScope() {};
    scope.importScripts = () => {};
    try {
      expect(() => core()).toThrow(/refuses to run in a browser/);
      expect(() => core({ dangerouslyAllowBrowser: true })).not.toThrow();
    } finally {
      delete scope.WorkerGlobalScope;
      delete scope.importScripts;
    }
  });

  it('does not fire in a server runtime that has worker-like globals but no importScripts (workerd, Deno)', () => {
    const scope = globalThis as { WorkerGlobalScope?: unknown; self?: unknown };
    scope.WorkerGlobalScope = function WorkerGlobalScope() {};
    try {
      expect(() => core()).not.toThrow();
    } finally {
      delete scope.WorkerGlobalScope;
    }
  });
});

describe('close()', () => {
  it('releases the client’s connections, and every later call fails at once with a clear error', async () => {
    server.handle(status(200, { ok: true }));
    const client = core();
    await client.api.POST('/x', { body: { a: 1 } });
    client.close();
    const err = await rejectionOf(client.api.POST('/x', { body: { a: 1 } }));
    expect(err).toBeInstanceOf(errors.SDKError);
    expect(err.message).toBe('This client was closed; create a new one to make requests.');
    expect(server.requests).toHaveLength(1);
  });
});
