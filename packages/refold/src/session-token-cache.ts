// Session tokens live for hours, and minting one is a network round trip: this keeps each
// linked account's token until shortly before it expires, and lets every concurrent caller
// share a single mint.
import type { Logger } from '@org/core';
import type { Refold, SessionToken } from './client.js';
import { RefoldAbortError, RefoldError } from './errors.js';

export interface CachedSessionToken {
  /** The account the token was minted for: an entry read back under another account is ignored. */
  linkedAccountId: string;
  token: string;
  /** When the token expires, in epoch milliseconds. */
  expiresAt: number;
  /**
   * When to mint its successor, in epoch milliseconds, if earlier than `refreshMarginMs` before
   * `expiresAt` (a later one changes nothing). The cache itself never writes it.
   */
  refreshAt?: number;
}

/**
 * Where tokens are kept. Implement it over Redis or similar to share tokens across a fleet.
 * The cache treats a `get` that fails or answers anything but a well-formed entry as a miss.
 */
export interface SessionTokenStore {
  get(linkedAccountId: string): Promise<CachedSessionToken | undefined>;
  set(linkedAccountId: string, entry: CachedSessionToken): Promise<void>;
  delete(linkedAccountId: string): Promise<void>;
}

/**
 * The default store: in this process's memory, holding at most `maxEntries` accounts. When full,
 * it makes room by dropping an account picked at random (never the one just stored). Least
 * recently used would do better by a few points while every active account fits, but misses every
 * `get` once the accounts a server cycles through outnumber `maxEntries` by one; at random, the
 * hit rate falls off gradually instead, to about `maxEntries` / active accounts.
 */
export class MemorySessionTokenStore implements SessionTokenStore {
  readonly #entries = new Map<string, { entry: CachedSessionToken; slot: number }>();
  /** The accounts held, for a random pick in constant time. */
  readonly #accounts: string[] = [];

  constructor(readonly maxEntries = 1_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RefoldError(
        `MemorySessionTokenStore: maxEntries must be an integer >= 1; got ${describeOption(maxEntries)}.`,
      );
    }
  }

  async get(linkedAccountId: string): Promise<CachedSessionToken | undefined> {
    const held = this.#entries.get(linkedAccountId);
    if (!held) return undefined;
    if (held.entry.expiresAt <= Date.now()) {
      this.#drop(linkedAccountId);
      return undefined;
    }
    return held.entry;
  }

  async set(linkedAccountId: string, entry: CachedSessionToken): Promise<void> {
    const held = this.#entries.get(linkedAccountId);
    if (held) {
      held.entry = entry;
      return;
    }
    if (this.#entries.size >= this.maxEntries)
      this.#drop(this.#accounts[Math.floor(Math.random() * this.#accounts.length)]!);
    this.#entries.set(linkedAccountId, { entry, slot: this.#accounts.length });
    this.#accounts.push(linkedAccountId);
  }

  async delete(linkedAccountId: string): Promise<void> {
    if (this.#entries.has(linkedAccountId)) this.#drop(linkedAccountId);
  }

  get size(): number {
    return this.#entries.size;
  }

  #drop(linkedAccountId: string): void {
    const { slot } = this.#entries.get(linkedAccountId)!;
    this.#entries.delete(linkedAccountId);
    // The last account takes the dropped one's slot.
    const last = this.#accounts.pop()!;
    if (last !== linkedAccountId) {
      this.#accounts[slot] = last;
      this.#entries.get(last)!.slot = slot;
    }
  }
}

export interface SessionTokenCacheOptions {
  /** Default: a `MemorySessionTokenStore` of 1 000 accounts. */
  store?: SessionTokenStore;
  /**
   * The least life a token served from the cache has left: one closer to expiry is replaced, and
   * one that lives no longer than this is handed to the callers of its mint but never cached.
   * A finite number >= 0. Default 5 minutes.
   */
  refreshMarginMs?: number;
  /**
   * Where a failing store is reported, at `warn`, once per run of failures (never the error's
   * message). Default: not reported, as the client logs nothing unless asked.
   */
  logger?: Logger;
  /** How long a store call may take before it counts as failed (a miss, for `get`). Default 1 000. */
  storeTimeoutMs?: number;
}

/** The guide's stated lifetime, used only when neither `expires_in` nor the JWT says otherwise. */
export const DEFAULT_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export class SessionTokenCache {
  readonly #refold: Pick<Refold, 'getTokenForLinkedAccount'>;
  readonly #store: SessionTokenStore;
  readonly #refreshMarginMs: number;
  readonly #logger: Logger | undefined;
  readonly #storeTimeoutMs: number;
  readonly #minting = new Map<string, Promise<string>>();
  /** Accounts whose token `delete()` discarded, until a forced mint has replaced it in the store. */
  readonly #rotating = new Set<string>();
  /**
   * When each account was last deleted (a sequence number, and the time for pruning), so that a
   * store read that began before a delete() is not trusted. A read lasts storeTimeoutMs at most,
   * so older marks are dropped.
   */
  readonly #deleted = new Map<string, { seq: number; at: number }>();
  #seq = 0;
  #reported = false;

  constructor(refold: Pick<Refold, 'getTokenForLinkedAccount'>, options: SessionTokenCacheOptions = {}) {
    const { refreshMarginMs = 5 * 60 * 1000, storeTimeoutMs = 1_000 } = options;
    // Refused here rather than discovered later: a NaN margin would make every entry stale.
    if (typeof refreshMarginMs !== 'number' || !Number.isFinite(refreshMarginMs) || refreshMarginMs < 0) {
      throw new RefoldError(
        `SessionTokenCache: refreshMarginMs must be a finite number >= 0; got ${describeOption(refreshMarginMs)}.`,
      );
    }
    if (!Number.isInteger(storeTimeoutMs) || storeTimeoutMs < 1) {
      throw new RefoldError(
        `SessionTokenCache: storeTimeoutMs must be an integer >= 1; got ${describeOption(storeTimeoutMs)}.`,
      );
    }
    this.#storeTimeoutMs = storeTimeoutMs;
    this.#refold = refold;
    this.#store = options.store ?? new MemorySessionTokenStore();
    this.#refreshMarginMs = refreshMarginMs;
    this.#logger = options.logger;
  }

  /**
   * A session token for the account. One served from the cache has at least `refreshMarginMs`
   * of life left; a new one is minted when none such is cached. `signal` stops this caller's
   * wait, not the mint that other callers share.
   */
  get(linkedAccountId: string, options: { signal?: AbortSignal } = {}): Promise<string> {
    const { signal } = options;
    // A caller that has already gone starts nothing (and so leaves no rejection unheard).
    if (signal?.aborted) return Promise.reject(aborted(signal));
    // Joining a mint in flight comes first, so that 10 000 concurrent callers make one request.
    const token = this.#minting.get(linkedAccountId) ?? this.#lookUp(linkedAccountId);
    return signal ? untilAborted(token, signal) : token;
  }

  /**
   * Forgets the account's token, e.g. after Refold rejected it. From this call on, `get()` neither
   * serves that token nor joins a mint already in flight (which will not store its result), and
   * the next mint forces a new token, since Refold may otherwise hand the same one back.
   *
   * If the store's `delete` fails, this process still behaves as above, but the promise rejects
   * with the store's error: other processes sharing the store may serve the discarded token until
   * this one stores its successor, and only the caller can decide whether that matters.
   */
  async delete(linkedAccountId: string): Promise<void> {
    // Marked before the store is touched, so that a get() made meanwhile cannot read the old entry.
    this.#minting.delete(linkedAccountId);
    this.#rotating.add(linkedAccountId);
    const now = Date.now();
    for (const [id, mark] of this.#deleted) if (now - mark.at > 2 * this.#storeTimeoutMs) this.#deleted.delete(id);
    this.#deleted.set(linkedAccountId, { seq: ++this.#seq, at: now });
    await this.#withinTimeout(this.#store.delete(linkedAccountId), 'delete');
  }

  async #lookUp(linkedAccountId: string): Promise<string> {
    let cached: CachedSessionToken | undefined;
    const started = ++this.#seq;
    try {
      const entry: unknown = await this.#withinTimeout(this.#store.get(linkedAccountId), 'get');
      // (A store over Redis may well answer null for a miss.)
      if (entry != null && !isEntryFor(entry, linkedAccountId))
        this.#report('get returned an entry that is malformed or for another account; treated as a miss');
      else {
        cached = entry ?? undefined;
        this.#reported = false;
      }
    } catch (error) {
      // A store outage costs a mint per get, not the caller's request.
      this.#report(`get failed (${errorKind(error)}); treated as a miss`);
    }
    // An entry read before delete() landed in the store, or read by a get() that began before a
    // delete(), may still be the discarded token.
    if (cached && (this.#rotating.has(linkedAccountId) || (this.#deleted.get(linkedAccountId)?.seq ?? 0) > started))
      cached = undefined;
    if (cached && this.#isFresh(cached, Date.now())) return cached.token;
    // Callers that looked the store up at the same time may have started a mint meanwhile.
    return this.#minting.get(linkedAccountId) ?? this.#startMint(linkedAccountId, cached);
  }

  #isFresh(entry: CachedSessionToken, now: number): boolean {
    return entry.expiresAt - now >= this.#refreshMarginMs && (entry.refreshAt === undefined || entry.refreshAt > now);
  }

  #startMint(linkedAccountId: string, cached: CachedSessionToken | undefined): Promise<string> {
    // delete() disowns a mint by taking it off #minting: it must then not store its token, nor
    // may its end take a successor off #minting. (`current` is called only after an await.)
    const current = () => this.#minting.get(linkedAccountId) === minting;
    const minting: Promise<string> = this.#mint(linkedAccountId, cached, current).finally(() => {
      if (current()) this.#minting.delete(linkedAccountId);
    });
    this.#minting.set(linkedAccountId, minting);
    return minting;
  }

  async #mint(
    linkedAccountId: string,
    cached: CachedSessionToken | undefined,
    current: () => boolean,
  ): Promise<string> {
    // Replacing a token, whether expiring or discarded, must force a new one: without it Refold
    // may hand back the old one.
    const force = cached !== undefined || this.#rotating.has(linkedAccountId);
    let result: SessionToken;
    // Its lifetime counts from before the request: the answer may take up to the client's timeout.
    const issuedAt = Date.now();
    try {
      result = await this.#refold.getTokenForLinkedAccount({
        linked_account_id: linkedAccountId,
        ...(force && { force_refresh: true }),
      });
    } catch (error) {
      // A failed refresh falls back to the token it meant to replace, while that still has the
      // margin left and delete() has not discarded it meanwhile.
      if (cached && current() && cached.expiresAt - Date.now() >= this.#refreshMarginMs) return cached.token;
      throw error;
    }
    // delete() came meanwhile: those who joined before get the token, but the store must not.
    if (!current()) return result.token;
    const lifetimeMs =
      result.expires_in !== undefined
        ? result.expires_in * 1000
        : (jwtExpiry(result.token, issuedAt) ?? DEFAULT_TOKEN_LIFETIME_MS);
    // A token that lives no longer than the margin (or is already past its `exp`) goes to this
    // mint's callers only: cached, it would be served with less than the margin left.
    const entry = { linkedAccountId, token: result.token, expiresAt: issuedAt + lifetimeMs };
    const landed = lifetimeMs <= this.#refreshMarginMs || (await this.#set(linkedAccountId, entry));
    // The rotation is over once the successor is stored, or is not to be (unless delete() came again).
    if (landed && current()) this.#rotating.delete(linkedAccountId);
    return result.token;
  }

  /** Stores the entry, or reports why not: a token that cannot be cached is still a token. */
  async #set(linkedAccountId: string, entry: CachedSessionToken): Promise<boolean> {
    try {
      await this.#withinTimeout(this.#store.set(linkedAccountId, entry), 'set');
      return true;
    } catch (error) {
      this.#report(`set failed (${errorKind(error)}); the token was handed out uncached`);
      return false;
    }
  }

  /** A store call, failing after storeTimeoutMs: a store that never answers must not wedge every get. */
  #withinTimeout<T>(call: Promise<T>, method: string): Promise<T> {
    // The memory store answers at once; a timer per cache hit would cost more than the hit.
    if (this.#store instanceof MemorySessionTokenStore) return call;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error(`store.${method} timed out`), { name: 'TimeoutError' })),
        this.#storeTimeoutMs,
      );
    });
    return Promise.race([Promise.resolve(call), timedOut]).finally(() => clearTimeout(timer));
  }

  /** Warns of the first failure of a run of store failures, so that an outage does not flood the log. */
  #report(problem: string): void {
    if (this.#reported) return;
    this.#reported = true;
    try {
      this.#logger?.warn(
        `[refold] SessionTokenCache: store.${problem}. Further failures are not reported until the store works again.`,
      );
    } catch {
      // A logger that throws must not turn a store failure into an outage.
    }
  }
}

/** What the store answered, if it is a well-formed entry for this account. */
function isEntryFor(entry: unknown, linkedAccountId: string): entry is CachedSessionToken {
  if (typeof entry !== 'object' || entry === null) return false;
  const {
    linkedAccountId: owner,
    token,
    expiresAt,
    refreshAt,
  } = entry as Partial<Record<keyof CachedSessionToken, unknown>>;
  return (
    owner === linkedAccountId &&
    typeof token === 'string' &&
    token !== '' &&
    Number.isFinite(expiresAt) &&
    (refreshAt === undefined || Number.isFinite(refreshAt))
  );
}

/** The error's `name` and `code`: its message may carry a connection string or a token. */
function errorKind(error: unknown): string {
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
  };
  const kind = typeof name === 'string' ? name : typeof error;
  return typeof code === 'string' || typeof code === 'number' ? `${kind}, code ${code}` : kind;
}

const describeOption = (value: unknown) =>
  typeof value === 'number' ? String(value) : `a value of type ${typeof value}`;

const aborted = (signal: AbortSignal) =>
  new RefoldAbortError('The wait for a session token was aborted.', { cause: signal.reason });

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Milliseconds until the JWT's `exp` claim, or undefined when the token carries none. */
function jwtExpiry(token: string, now = Date.now()): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 - now : undefined;
  } catch {
    return undefined;
  }
}
