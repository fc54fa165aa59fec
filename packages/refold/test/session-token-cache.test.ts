import { type Handler, json, startServer, type TestServer } from '@org/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CachedSessionToken,
  DEFAULT_TOKEN_LIFETIME_MS,
  MemorySessionTokenStore,
  Refold,
  RefoldAbortError,
  RefoldAPIError,
  RefoldError,
  SessionTokenCache,
  type SessionTokenStore,
} from '../src/index.js';

const HOUR = 60 * 60 * 1000;

/** A JWT (unsigned: only its payload matters here) whose `exp` is `expSeconds`. */
const jwt = (claims: object) =>
  ['{"alg":"HS256"}', JSON.stringify(claims), 'sig'].map((part) => Buffer.from(part).toString('base64url')).join('.');

let server: TestServer;
let minted = 0;
/** What the fake Refold mints next: its token and optional expires_in. */
let next: (n: number) => { token: string; expires_in?: number } | 'fail';

const mint: Handler = (_, res) => {
  const answer = next(++minted);
  if (answer === 'fail') json(res, 500, { message: 'No linked account found for account id : x in environment test' });
  else json(res, 200, answer);
};

beforeAll(async () => {
  server = await startServer(mint);
});
afterAll(() => server.close());
afterEach(() => {
  server.handle(mint);
  server.requests.length = 0;
  minted = 0;
  vi.useRealTimers();
});

const refold = () => new Refold({ apiKey: 'tk_key', baseUrl: server.url });
const urls = () => server.requests.map((r) => r.url);
const silentLogger = () => ({ error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() });

/** Holds every mint's answer (`token-<n>`, an hour) until the test calls `release(n)`. */
function holdMints(): (n: number) => void {
  const releases = new Map<number, () => void>();
  server.handle(async (_, res) => {
    const n = ++minted;
    await new Promise<void>((resolve) => releases.set(n, resolve));
    json(res, 200, { token: `token-${n}`, expires_in: 3600 });
  });
  return (n) => releases.get(n)!();
}

/** Waits (a second at most, so that a broken cache fails the test rather than hangs it) for `condition`. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 1_000; waited += 5)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

/** An error such as a Redis client throws: its message carries the connection string. */
const storeError = () =>
  Object.assign(new Error('connect to redis://default:hunter2@cache:6379 failed'), { code: 'ECONNREFUSED' });

describe('SessionTokenCache', () => {
  it('mints once, then serves the cached token', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const cache = new SessionTokenCache(refold());
    expect(await cache.get('acct')).toBe('token-1');
    expect(await cache.get('acct')).toBe('token-1');
    expect(server.requests).toHaveLength(1);
    expect(await cache.get('other')).toBe('token-2');
  });

  it('shares one request among 10 000 concurrent gets for one account', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const cache = new SessionTokenCache(refold());
    const tokens = await Promise.all(Array.from({ length: 10_000 }, () => cache.get('acct')));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(server.requests).toHaveLength(1);
  });

  it('takes the lifetime from expires_in and refreshes ahead of expiry with force_refresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const cache = new SessionTokenCache(refold(), { refreshMarginMs: 60_000 });
    await cache.get('acct');

    vi.setSystemTime(new Date('2026-01-01T00:58:59Z')); // 61 s before expiry: still fresh
    expect(await cache.get('acct')).toBe('token-1');
    vi.setSystemTime(new Date('2026-01-01T00:59:01Z')); // inside the margin: refresh
    expect(await cache.get('acct')).toBe('token-2');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v2/public/session-token',
      '/api/v2/public/session-token?force_refresh=true',
    ]);
  });

  it('never serves a cached token with less than refreshMarginMs left', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-01-01T00:00:00Z');
    vi.setSystemTime(start);
    const store = new MemorySessionTokenStore();
    const cache = new SessionTokenCache(refold(), { store, refreshMarginMs: 5 * 60_000 });

    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    expect(await cache.get('acct')).toBe('token-1');
    vi.setSystemTime(start + 55 * 60_000); // exactly the margin left: still served
    expect(await cache.get('acct')).toBe('token-1');
    vi.setSystemTime(start + 55 * 60_000 + 1);
    expect(await cache.get('acct')).toBe('token-2');

    // A token that lives 2 minutes never has the 5-minute margin left: each get mints.
    next = (n) => ({ token: `short-${n}`, expires_in: 120 });
    expect(await cache.get('short')).toBe('short-3');
    expect(await cache.get('short')).toBe('short-4');

    // Nor does an entry from another process whose refreshAt would keep it past this margin.
    await store.set('shared', {
      linkedAccountId: 'shared',
      token: 'late',
      expiresAt: Date.now() + 4 * 60_000,
      refreshAt: Date.now() + 3 * 60_000,
    });
    expect(await cache.get('shared')).toBe('short-5');
  });

  it('hands a token that lives no longer than the margin to the callers of its mint, without storing it', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 300 }); // exactly the 5-minute default margin
    const store = new MemorySessionTokenStore();
    const cache = new SessionTokenCache(refold(), { store });
    expect(await Promise.all([cache.get('acct'), cache.get('acct'), cache.get('acct')])).toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    expect(server.requests).toHaveLength(1);
    expect(store.size).toBe(0);
  });

  it('lets one caller stop waiting without failing the others that share the mint', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.handle(async (_, res) => {
      await gate;
      json(res, 200, { token: 'token-1', expires_in: 3600 });
    });
    const cache = new SessionTokenCache(refold());
    const controller = new AbortController();
    const impatient = cache.get('acct', { signal: controller.signal });
    const patient = cache.get('acct');
    controller.abort();
    await expect(impatient).rejects.toBeInstanceOf(RefoldAbortError);
    release();
    await expect(patient).resolves.toBe('token-1');
    expect(server.requests).toHaveLength(1);
  });

  it('starts nothing for a caller whose signal is already aborted', async () => {
    next = () => 'fail';
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(new SessionTokenCache(refold()).get('acct', { signal: controller.signal })).rejects.toBeInstanceOf(
        RefoldAbortError,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.requests).toHaveLength(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it("falls back to the JWT's exp claim when expires_in is absent", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Date.parse('2026-01-01T00:00:00Z');
    vi.setSystemTime(now);
    const store = new MemorySessionTokenStore();
    next = () => ({ token: jwt({ exp: now / 1000 + 2 * 3600 }) });
    await new SessionTokenCache(refold(), { store }).get('acct');
    expect((await store.get('acct'))!.expiresAt).toBe(now + 2 * HOUR);
  });

  it('assumes the documented 24 h only when neither expires_in nor a JWT exp says otherwise', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Date.parse('2026-01-01T00:00:00Z');
    vi.setSystemTime(now);
    const store = new MemorySessionTokenStore();
    next = () => ({ token: 'opaque-token' });
    await new SessionTokenCache(refold(), { store }).get('acct');
    expect((await store.get('acct'))!.expiresAt).toBe(now + DEFAULT_TOKEN_LIFETIME_MS);
    expect(DEFAULT_TOKEN_LIFETIME_MS).toBe(24 * HOUR);
  });

  it('does not cache a failed mint: the next get tries again', async () => {
    next = (n) => (n === 1 ? 'fail' : { token: `token-${n}`, expires_in: 3600 });
    const cache = new SessionTokenCache(refold());
    const results = await Promise.allSettled([cache.get('acct'), cache.get('acct')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(RefoldAPIError);
    expect(server.requests).toHaveLength(1);
    expect(await cache.get('acct')).toBe('token-2');
  });

  it('falls back to the old token on a failed refresh only while it still has refreshMarginMs left', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-01-01T00:00:00Z');
    vi.setSystemTime(start);
    next = () => 'fail';
    const store = new MemorySessionTokenStore();
    // Its writer asked for a refresh half an hour before expiry, well ahead of this cache's margin.
    await store.set('acct', {
      linkedAccountId: 'acct',
      token: 'old',
      expiresAt: start + HOUR,
      refreshAt: start + HOUR / 2,
    });
    const cache = new SessionTokenCache(refold(), { store, refreshMarginMs: 10 * 60_000 });
    expect(await cache.get('acct')).toBe('old');
    expect(server.requests).toHaveLength(0);

    vi.setSystemTime(start + 40 * 60_000); // refresh due, and it fails; 20 minutes left
    expect(await cache.get('acct')).toBe('old');
    expect(urls()).toEqual(['/api/v2/public/session-token?force_refresh=true']);

    vi.setSystemTime(start + 55 * 60_000); // still valid, but 5 minutes left: the failure surfaces
    await expect(cache.get('acct')).rejects.toBeInstanceOf(RefoldAPIError);
  });

  it('uses the store it is given, so a fleet can share tokens', async () => {
    const entries = new Map<string, CachedSessionToken>();
    const store: SessionTokenStore = {
      get: async (id) => entries.get(id),
      set: async (id, entry) => void entries.set(id, entry),
      delete: async (id) => void entries.delete(id),
    };
    entries.set('acct', { linkedAccountId: 'acct', token: 'shared-token', expiresAt: Date.now() + HOUR });
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const cache = new SessionTokenCache(refold(), { store });
    expect(await cache.get('acct')).toBe('shared-token');
    expect(server.requests).toHaveLength(0);
    await cache.delete('acct');
    expect(await cache.get('acct')).toBe('token-1');
    expect(entries.get('acct')!.token).toBe('token-1');
  });

  it('refuses a refreshMarginMs that is not a finite number >= 0', () => {
    for (const refreshMarginMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new SessionTokenCache(refold(), { refreshMarginMs })).toThrow(RefoldError);
      expect(() => new SessionTokenCache(refold(), { refreshMarginMs })).toThrow(
        /refreshMarginMs must be a finite number >= 0/,
      );
    }
    expect(() => new SessionTokenCache(refold(), { refreshMarginMs: 0 })).not.toThrow();
  });
});

describe('SessionTokenCache.delete', () => {
  it('forces a new token on the first mint after delete(), and only on that one', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const store = new MemorySessionTokenStore();
    const cache = new SessionTokenCache(refold(), { store });
    await cache.get('acct');
    await cache.delete('acct');
    expect(await cache.get('acct')).toBe('token-2');
    await store.delete('acct'); // gone without the caller discarding it, e.g. evicted
    expect(await cache.get('acct')).toBe('token-3');
    expect(urls()).toEqual([
      '/api/v2/public/session-token',
      '/api/v2/public/session-token?force_refresh=true',
      '/api/v2/public/session-token',
    ]);
  });

  it('does not let a mint in flight during delete() store its token', async () => {
    const release = holdMints();
    const store = new MemorySessionTokenStore();
    const cache = new SessionTokenCache(refold(), { store });
    const joinedBefore = cache.get('acct');
    await until(() => server.requests.length === 1);
    await cache.delete('acct');
    release(1);
    await expect(joinedBefore).resolves.toBe('token-1');
    expect(store.size).toBe(0);

    const afterDelete = cache.get('acct');
    await until(() => server.requests.length === 2);
    release(2);
    await expect(afterDelete).resolves.toBe('token-2');
    expect(urls()).toEqual(['/api/v2/public/session-token', '/api/v2/public/session-token?force_refresh=true']);
  });

  it('starts a new, forced mint for gets made after delete() rather than joining the one in flight', async () => {
    const release = holdMints();
    const store = new MemorySessionTokenStore();
    const cache = new SessionTokenCache(refold(), { store });
    const joinedBefore = cache.get('acct');
    await until(() => server.requests.length === 1);
    await cache.delete('acct');
    const madeAfter = [cache.get('acct'), cache.get('acct')];
    await until(() => server.requests.length === 2);
    expect(urls()).toEqual(['/api/v2/public/session-token', '/api/v2/public/session-token?force_refresh=true']);

    // The pre-delete mint landing last must not overwrite its successor.
    release(2);
    expect(await Promise.all(madeAfter)).toEqual(['token-2', 'token-2']);
    release(1);
    expect(await joinedBefore).toBe('token-1');
    expect((await store.get('acct'))!.token).toBe('token-2');
    expect(await cache.get('acct')).toBe('token-2');
    expect(server.requests).toHaveLength(2);
  });

  it("rejects with the store's error when the store cannot delete, yet never serves the discarded token", async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const entries = new Map<string, CachedSessionToken>([
      ['acct', { linkedAccountId: 'acct', token: 'discarded', expiresAt: Date.now() + HOUR }],
    ]);
    const failure = storeError();
    const store: SessionTokenStore = {
      get: async (id) => entries.get(id),
      set: async (id, entry) => void entries.set(id, entry),
      delete: async () => Promise.reject(failure),
    };
    const cache = new SessionTokenCache(refold(), { store });
    await expect(cache.delete('acct')).rejects.toBe(failure);
    expect(await cache.get('acct')).toBe('token-1');
    expect(entries.get('acct')!.token).toBe('token-1'); // its successor replaced it in the store
    expect(await cache.get('acct')).toBe('token-1');
    expect(urls()).toEqual(['/api/v2/public/session-token?force_refresh=true']);
  });
});

describe('SessionTokenCache with a failing store', () => {
  it('still hands out the minted token when store.set fails', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const store: SessionTokenStore = {
      get: async () => undefined,
      set: () => Promise.reject(storeError()),
      delete: async () => {},
    };
    const cache = new SessionTokenCache(refold(), { store, logger: silentLogger() });
    expect(await cache.get('acct')).toBe('token-1');
    expect(await cache.get('acct')).toBe('token-2');
  });

  it('treats a store.get that throws or rejects as a miss', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const throwing: SessionTokenStore = {
      get: () => {
        throw storeError();
      },
      set: async () => {},
      delete: async () => {},
    };
    const rejecting: SessionTokenStore = { ...throwing, get: () => Promise.reject(storeError()) };
    expect(await new SessionTokenCache(refold(), { store: throwing, logger: silentLogger() }).get('acct')).toBe(
      'token-1',
    );
    expect(await new SessionTokenCache(refold(), { store: rejecting, logger: silentLogger() }).get('acct')).toBe(
      'token-2',
    );
  });

  it('treats a malformed entry as a miss', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const later = Date.now() + HOUR;
    const malformed: unknown[] = [
      'a-token',
      42,
      {},
      { linkedAccountId: 'acct', token: '', expiresAt: later },
      { linkedAccountId: 'acct', token: 42, expiresAt: later },
      { linkedAccountId: 'acct', token: 'bad', expiresAt: String(later) },
      { linkedAccountId: 'acct', token: 'bad', expiresAt: Number.POSITIVE_INFINITY },
      { linkedAccountId: 'acct', token: 'bad', expiresAt: later, refreshAt: Number.POSITIVE_INFINITY },
      { linkedAccountId: 'acct', token: 'bad', expiresAt: later, refreshAt: 'never' },
      { token: 'bad', expiresAt: later }, // no account
    ];
    for (const [i, entry] of malformed.entries()) {
      const store: SessionTokenStore = {
        get: async () => entry as CachedSessionToken,
        set: async () => {},
        delete: async () => {},
      };
      const cache = new SessionTokenCache(refold(), { store, logger: silentLogger() });
      expect(await cache.get('acct'), `entry ${i}`).toBe(`token-${i + 1}`);
    }
  });

  it('never serves an entry stored under another account', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    let slot: CachedSessionToken | undefined; // a store that ignores the key, as a wrongly keyed one would
    const store: SessionTokenStore = {
      get: async () => slot,
      set: async (_, entry) => void (slot = entry),
      delete: async () => void (slot = undefined),
    };
    const cache = new SessionTokenCache(refold(), { store, logger: silentLogger() });
    expect(await cache.get('alice')).toBe('token-1');
    expect(await cache.get('bob')).toBe('token-2');
    expect(slot).toEqual({ linkedAccountId: 'bob', token: 'token-2', expiresAt: expect.any(Number) });
  });

  it('reports the first store failure once, at warn, by method, name and code, never its message or a token', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const logger = silentLogger();
    const store: SessionTokenStore = {
      get: () => Promise.reject(storeError()),
      set: () => Promise.reject(new TypeError('cannot store token-1')),
      delete: async () => {},
    };
    const cache = new SessionTokenCache(refold(), { store, logger });
    for (let i = 0; i < 3; i++) await cache.get('acct');
    expect(logger.warn).toHaveBeenCalledOnce();
    const message = String(logger.warn.mock.calls[0]![0]);
    expect(message).toContain('store.get');
    expect(message).toContain('Error, code ECONNREFUSED');
    expect(message).not.toMatch(/hunter2|redis:|token-/);
    for (const level of ['error', 'info', 'debug'] as const) expect(logger[level]).not.toHaveBeenCalled();

    const setOnly = silentLogger();
    await new SessionTokenCache(refold(), { store: { ...store, get: async () => undefined }, logger: setOnly }).get(
      'acct',
    );
    expect(String(setOnly.warn.mock.calls[0]![0])).toMatch(/store\.set failed \(TypeError\)/);
    expect(String(setOnly.warn.mock.calls[0]![0])).not.toContain('token-');
  });

  it('reports nothing when given no logger: the client logs nothing unless asked', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const store: SessionTokenStore = {
        get: () => Promise.reject(storeError()),
        set: async () => {},
        delete: async () => {},
      };
      expect(await new SessionTokenCache(refold(), { store }).get('acct')).toBe('token-1');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('reports a new run of store failures once the store worked in between', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    let failing = true;
    const store: SessionTokenStore = {
      get: async () => (failing ? Promise.reject(storeError()) : undefined),
      set: async () => {},
      delete: async () => {},
    };
    const logger = silentLogger();
    const cache = new SessionTokenCache(refold(), { store, logger });
    await cache.get('a');
    await cache.get('b');
    failing = false;
    await cache.get('c');
    failing = true;
    await cache.get('d');
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('treats a store that never answers as a miss after storeTimeoutMs, instead of wedging every get', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const never = () => new Promise<never>(() => {});
    const store: SessionTokenStore = { get: never, set: never, delete: never };
    const started = performance.now();
    expect(await new SessionTokenCache(refold(), { store, storeTimeoutMs: 100 }).get('acct')).toBe('token-1');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(() => new SessionTokenCache(refold(), { storeTimeoutMs: 0 })).toThrow(
      'SessionTokenCache: storeTimeoutMs must be an integer >= 1; got 0.',
    );
  });

  it('never serves the discarded token to a get() whose store read began before delete()', async () => {
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const memory = new MemorySessionTokenStore();
    let slow: (() => void) | undefined;
    const store: SessionTokenStore = {
      // The first read answers only when the test says so, after delete() and its forced mint.
      get: async (id) => {
        const entry = await memory.get(id);
        if (slow === undefined) await new Promise<void>((resolve) => (slow = resolve));
        return entry;
      },
      set: (id, entry) => memory.set(id, entry),
      delete: (id) => memory.delete(id),
    };
    await memory.set('acct', { linkedAccountId: 'acct', token: 'discarded', expiresAt: Date.now() + HOUR });
    const cache = new SessionTokenCache(refold(), { store });
    const early = cache.get('acct');
    await until(() => slow !== undefined);
    await cache.delete('acct');
    expect(await cache.get('acct')).toBe('token-1');
    slow!();
    expect(await early).not.toBe('discarded');
  });

  it('counts a token’s lifetime from before the request, so that a slow answer does not overstate it', async () => {
    server.handle(async (_, res) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      json(res, 200, { token: `token-${++minted}`, expires_in: 61 });
    });
    const store = new MemorySessionTokenStore();
    const before = Date.now();
    await new SessionTokenCache(refold(), { store, refreshMarginMs: 60_000 }).get('acct');
    const entry = await store.get('acct');
    expect(entry!.expiresAt).toBeLessThanOrEqual(before + 61_000 + 50);
  });
});

describe('MemorySessionTokenStore', () => {
  const entry = (account: string) => ({
    linkedAccountId: account,
    token: `token-${account}`,
    expiresAt: Date.now() + HOUR,
  });

  it('holds at most maxEntries accounts, keeping the one just stored', async () => {
    for (let run = 0; run < 20; run++) {
      const store = new MemorySessionTokenStore(2);
      await store.set('a', entry('a'));
      await store.set('b', entry('b'));
      await store.set('c', entry('c'));
      expect(store.size).toBe(2);
      expect((await store.get('c'))!.token).toBe('token-c');
      const kept = [await store.get('a'), await store.get('b')].filter(Boolean);
      expect(kept).toHaveLength(1);
      await store.set('c', entry('c')); // storing a held account again drops nothing
      expect(store.size).toBe(2);
    }
  });

  it('keeps most accounts when a server cycles through one more than it holds, where least-recently-used would keep none', async () => {
    const store = new MemorySessionTokenStore(1_000);
    let hits = 0;
    let gets = 0;
    for (let round = 0; round < 10; round++) {
      for (let account = 0; account <= 1_000; account++) {
        gets++;
        if (await store.get(`acct-${account}`)) hits++;
        else await store.set(`acct-${account}`, entry(`acct-${account}`));
      }
    }
    // At random, about 94 % of the gets hit from the second round on (0 % under strict LRU).
    expect(hits / gets).toBeGreaterThan(0.75);
    expect(store.size).toBe(1_000);
  });

  it('drops what delete() and expiry drop, and reuses their room', async () => {
    const store = new MemorySessionTokenStore(3);
    for (const account of ['a', 'b', 'c']) await store.set(account, entry(account));
    await store.delete('b');
    await store.delete('b');
    await store.set('d', entry('d'));
    expect(store.size).toBe(3);
    expect(await Promise.all(['a', 'c', 'd'].map(async (account) => (await store.get(account))?.token))).toEqual([
      'token-a',
      'token-c',
      'token-d',
    ]);
  });

  it('forgets expired entries', async () => {
    const store = new MemorySessionTokenStore();
    await store.set('a', { linkedAccountId: 'a', token: 'A', expiresAt: Date.now() - 1 });
    expect(await store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('refuses a maxEntries that is not an integer >= 1', () => {
    for (const maxEntries of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1.5]) {
      expect(() => new MemorySessionTokenStore(maxEntries)).toThrow(RefoldError);
      expect(() => new MemorySessionTokenStore(maxEntries)).toThrow(/maxEntries must be an integer >= 1/);
    }
    expect(new MemorySessionTokenStore(1).maxEntries).toBe(1);
  });
});
