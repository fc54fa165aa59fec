// Session tokens live for hours, and minting one is a network round trip: this keeps each
// linked account's token until shortly before it expires, and lets every concurrent caller
// share a single mint.
import type { Refold } from './client.js';
import { RefoldAbortError } from './errors.js';

export interface CachedSessionToken {
  token: string;
  /** When the token expires, in epoch milliseconds. */
  expiresAt: number;
  /** When to mint its successor, in epoch milliseconds. Default: `refreshMarginMs` before `expiresAt`. */
  refreshAt?: number;
}

/** Where tokens are kept. Implement it over Redis or similar to share tokens across a fleet. */
export interface SessionTokenStore {
  get(linkedAccountId: string): Promise<CachedSessionToken | undefined>;
  set(linkedAccountId: string, entry: CachedSessionToken): Promise<void>;
  delete(linkedAccountId: string): Promise<void>;
}

/** The default store: in this process's memory, holding at most `maxEntries` accounts (least recently used go first). */
export class MemorySessionTokenStore implements SessionTokenStore {
  readonly #entries = new Map<string, CachedSessionToken>();

  constructor(readonly maxEntries = 1_000) {}

  async get(linkedAccountId: string): Promise<CachedSessionToken | undefined> {
    const entry = this.#entries.get(linkedAccountId);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(linkedAccountId);
      return undefined;
    }
    // Re-insert so the Map's order is least recently used first.
    this.#entries.delete(linkedAccountId);
    this.#entries.set(linkedAccountId, entry);
    return entry;
  }

  async set(linkedAccountId: string, entry: CachedSessionToken): Promise<void> {
    this.#entries.delete(linkedAccountId);
    this.#entries.set(linkedAccountId, entry);
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  async delete(linkedAccountId: string): Promise<void> {
    this.#entries.delete(linkedAccountId);
  }

  get size(): number {
    return this.#entries.size;
  }
}

export interface SessionTokenCacheOptions {
  /** Default: a `MemorySessionTokenStore` of 1 000 accounts. */
  store?: SessionTokenStore;
  /** Mint a new token this long before the cached one expires. Default 5 minutes. */
  refreshMarginMs?: number;
}

/** The guide's stated lifetime, used only when neither `expires_in` nor the JWT says otherwise. */
export const DEFAULT_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export class SessionTokenCache {
  readonly #refold: Pick<Refold, 'getTokenForLinkedAccount'>;
  readonly #store: SessionTokenStore;
  readonly #refreshMarginMs: number;
  readonly #minting = new Map<string, Promise<string>>();

  constructor(refold: Pick<Refold, 'getTokenForLinkedAccount'>, options: SessionTokenCacheOptions = {}) {
    this.#refold = refold;
    this.#store = options.store ?? new MemorySessionTokenStore();
    this.#refreshMarginMs = options.refreshMarginMs ?? 5 * 60 * 1000;
  }

  /**
   * A valid session token for the account, minted only when none is cached or it is about to
   * expire. `signal` stops this caller's wait, not the mint that other callers share.
   */
  get(linkedAccountId: string, options: { signal?: AbortSignal } = {}): Promise<string> {
    const { signal } = options;
    // A caller that has already gone starts nothing (and so leaves no rejection unheard).
    if (signal?.aborted) return Promise.reject(aborted(signal));
    // Joining a mint in flight comes first, so that 10 000 concurrent callers make one request.
    const token = this.#minting.get(linkedAccountId) ?? this.#lookUp(linkedAccountId);
    return signal ? untilAborted(token, signal) : token;
  }

  /** Forgets the account's token, e.g. after Refold rejected it. */
  delete(linkedAccountId: string): Promise<void> {
    return this.#store.delete(linkedAccountId);
  }

  async #lookUp(linkedAccountId: string): Promise<string> {
    const cached = await this.#store.get(linkedAccountId);
    if (cached && (cached.refreshAt ?? cached.expiresAt - this.#refreshMarginMs) > Date.now()) return cached.token;
    // Callers that looked the store up at the same time may have started a mint meanwhile.
    const pending = this.#minting.get(linkedAccountId);
    if (pending) return pending;
    const minting = this.#mint(linkedAccountId, cached).finally(() => this.#minting.delete(linkedAccountId));
    this.#minting.set(linkedAccountId, minting);
    return minting;
  }

  async #mint(linkedAccountId: string, cached: CachedSessionToken | undefined): Promise<string> {
    let result;
    try {
      // Refreshing must force a new token: without it Refold may hand back the expiring one.
      result = await this.#refold.getTokenForLinkedAccount({ linked_account_id: linkedAccountId, ...(cached && { force_refresh: true }) });
    } catch (error) {
      // A failed refresh falls back to the token it meant to replace while that is still valid.
      if (cached && cached.expiresAt > Date.now()) return cached.token;
      throw error;
    }
    const issuedAt = Date.now();
    const lifetimeMs = result.expires_in !== undefined ? result.expires_in * 1000 : jwtExpiry(result.token, issuedAt) ?? DEFAULT_TOKEN_LIFETIME_MS;
    // A token already past its `exp` is handed out but not kept. A short-lived one is refreshed
    // halfway through its life at the latest, so that it is served from the cache at all.
    if (lifetimeMs > 0) {
      const refreshAt = issuedAt + lifetimeMs - Math.min(this.#refreshMarginMs, lifetimeMs / 2);
      await this.#store.set(linkedAccountId, { token: result.token, expiresAt: issuedAt + lifetimeMs, refreshAt });
    }
    return result.token;
  }
}

const aborted = (signal: AbortSignal) => new RefoldAbortError('The wait for a session token was aborted.', { cause: signal.reason });

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Milliseconds until the JWT's `exp` claim, or undefined when the token carries none. */
export function jwtExpiry(token: string, now = Date.now()): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 - now : undefined;
  } catch {
    return undefined;
  }
}
