// Whether to try again, and how long to wait first: the whole retry policy, in one place.
//
// Neither vendor documents an idempotency key, so a request may be repeated only when repeating
// it cannot do anything twice: the operation is safe to repeat (GET, PUT, DELETE, or marked
// `x-idempotent` in the spec), or the failure proves the server never processed it (the
// connection was refused, 429, 503). A POST cut off after sending, timed out or answered 502 may
// have minted a token or moved money; it is not retried. An operation the spec marks
// `x-no-retry` (a money movement) is not repeated after any failure (transport.ts).

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** Longest Retry-After we wait for; a server asking for more gets the usual backoff instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/** What an attempt ended with, as the retry policy sees it. */
export type Outcome =
  | { kind: 'answer'; status: number; deterministic: boolean }
  /** Nothing reached the server: the connection was refused, the name did not resolve, the host was unreachable. */
  | { kind: 'refused' }
  /** The connection broke, or the answer was unreadable: the server may have processed the request. */
  | { kind: 'broken' }
  | { kind: 'timeout' };

/**
 * Statuses that say the request was not processed: repeating it is safe for any operation.
 * (A proxy such as Envoy may answer 503 after its upstream reset the connection; Mesh and
 * Refold document 503 as "unavailable", and neither documents it after processing.)
 */
const NOT_PROCESSED = new Set([429, 503]);

// Codes (Node, undici, Bun) and messages (Deno: "Connection refused (os error 111)") that say no
// connection was ever made, so the server cannot have seen the request. A connection that broke
// after it was made says nothing of the kind, kept-alive or not.
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ConnectionRefused',
]);
const NEVER_SENT_MESSAGE = /ECONNREFUSED|connection refused/i;

/** Whether a sender's error proves that no connection was made, along its cause chain. */
export function neverSent(error: unknown): boolean {
  for (
    let current = error, depth = 0;
    current && depth < 5;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
    if (typeof message === 'string' && NEVER_SENT_MESSAGE.test(message)) return true;
  }
  return false;
}

/** Whether `outcome` is worth another attempt of a request that is (or is not) safe to repeat. */
export function shouldRetry(outcome: Outcome, safeToRepeat: boolean): boolean {
  switch (outcome.kind) {
    case 'refused':
      return true;
    case 'broken':
    case 'timeout':
      return safeToRepeat;
    case 'answer':
      // "No linked account found" and its kind answer the same every time: retrying adds latency.
      if (outcome.deterministic) return false;
      return NOT_PROCESSED.has(outcome.status) || (safeToRepeat && isRetryableStatus(outcome.status));
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Methods that HTTP defines as idempotent (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * The spec's `x-idempotent`: `true`, or `{ unless: name }` for an operation that is safe to repeat
 * unless that input is set (minting a session token is, unless it forces a new one); `false` for
 * one whose method says it is but that is not (a PUT that publishes a new version each time).
 */
export type Idempotency = boolean | { readonly unless: string };

/** The retries a call may make: none for an operation the spec marks `x-no-retry` (a money movement). */
export function allowedRetries(noRetry: boolean | undefined, maxRetries: number): number {
  return noRetry ? 0 : maxRetries;
}

export function isSafeToRepeat(
  method: string,
  idempotent: Idempotency | undefined,
  input: (name: string) => unknown,
): boolean {
  if (idempotent === false) return false;
  if (IDEMPOTENT_METHODS.has(method)) return true;
  if (idempotent === undefined) return false;
  if (idempotent === true) return true;
  const value = input(idempotent.unless);
  return value === undefined || value === null || value === false || value === 'false';
}

/**
 * Delay before retry number `retry` (1-based): Retry-After when the server sent a usable one,
 * else exponential backoff. Both are jittered, so that clients told the same time do not all
 * come back at the same instant: backoff downwards by up to a quarter, Retry-After upwards by up
 * to a fifth (never sooner than asked).
 */
export function retryDelayMs(
  retry: number,
  retryAfter: string | null,
  now = Date.now(),
  random = Math.random(),
): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined && asked <= MAX_RETRY_AFTER_MS) return asked * (1 + random * 0.2);
  const backoff = Math.min(INITIAL_DELAY_MS * 2 ** (retry - 1), MAX_DELAY_MS);
  return backoff * (1 - random * 0.25);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse accepts almost anything ("-1", "soon 12"); an HTTP date starts with its weekday.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
