import { startServer, json, type Handler, type TestServer } from '@org/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_TOKEN_LIFETIME_MS,
  MemorySessionTokenStore,
  Refold,
  RefoldAbortError,
  RefoldAPIError,
  SessionTokenCache,
  type CachedSessionToken,
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
    expect(server.requests.map((r) => r.url)).toEqual(['/session-token', '/session-token?force_refresh=true']);
  });

  it('serves a token that lives less than the margin from the cache until halfway through its life', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    next = (n) => ({ token: `token-${n}`, expires_in: 120 }); // 2 minutes, under the 5-minute default margin
    const cache = new SessionTokenCache(refold());
    for (let i = 0; i < 5; i++) expect(await cache.get('acct')).toBe('token-1');
    vi.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    expect(await cache.get('acct')).toBe('token-2');
    expect(server.requests).toHaveLength(2);
  });

  it("lets one caller stop waiting without failing the others that share the mint", async () => {
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
      await expect(new SessionTokenCache(refold()).get('acct', { signal: controller.signal })).rejects.toBeInstanceOf(RefoldAbortError);
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

  it('keeps serving a still-valid token when its early refresh fails', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    next = (n) => (n === 1 ? { token: 'token-1', expires_in: 3600 } : 'fail');
    const cache = new SessionTokenCache(refold(), { refreshMarginMs: 10 * 60_000 });
    await cache.get('acct');
    vi.setSystemTime(new Date('2026-01-01T00:55:00Z'));
    expect(await cache.get('acct')).toBe('token-1');
    vi.setSystemTime(new Date('2026-01-01T01:00:01Z')); // expired: the failure surfaces
    await expect(cache.get('acct')).rejects.toBeInstanceOf(RefoldAPIError);
  });

  it('uses the store it is given, so a fleet can share tokens', async () => {
    const entries = new Map<string, CachedSessionToken>();
    const store: SessionTokenStore = {
      get: async (id) => entries.get(id),
      set: async (id, entry) => void entries.set(id, entry),
      delete: async (id) => void entries.delete(id),
    };
    entries.set('acct', { token: 'shared-token', expiresAt: Date.now() + HOUR });
    next = (n) => ({ token: `token-${n}`, expires_in: 3600 });
    const cache = new SessionTokenCache(refold(), { store });
    expect(await cache.get('acct')).toBe('shared-token');
    expect(server.requests).toHaveLength(0);
    await cache.delete('acct');
    expect(await cache.get('acct')).toBe('token-1');
    expect(entries.get('acct')!.token).toBe('token-1');
  });
});

describe('MemorySessionTokenStore', () => {
  it('holds at most maxEntries accounts, dropping the least recently used', async () => {
    const store = new MemorySessionTokenStore(2);
    const entry = (token: string) => ({ token, expiresAt: Date.now() + HOUR });
    await store.set('a', entry('A'));
    await store.set('b', entry('B'));
    await store.get('a'); // a is now the most recently used
    await store.set('c', entry('C'));
    expect(store.size).toBe(2);
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('a'))!.token).toBe('A');
    expect((await store.get('c'))!.token).toBe('C');
  });

  it('forgets expired entries', async () => {
    const store = new MemorySessionTokenStore();
    await store.set('a', { token: 'A', expiresAt: Date.now() - 1 });
    expect(await store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });
});
