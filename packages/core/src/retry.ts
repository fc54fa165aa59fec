// When to try again and how long to wait first. DESIGN.md: retry connection errors, timeouts,
// 408, 409, 429 and 5xx with exponential backoff and jitter, honouring Retry-After within a cap.

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** Longest Retry-After we wait for; a server asking for more gets the usual backoff instead. */
const MAX_RETRY_AFTER_MS = 60_000;

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Delay before retry number `retry` (1-based), from Retry-After when the server sent a usable one. */
export function retryDelayMs(retry: number, retryAfter: string | null, now = Date.now()): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined && asked <= MAX_RETRY_AFTER_MS) return asked;
  const backoff = Math.min(INITIAL_DELAY_MS * 2 ** (retry - 1), MAX_DELAY_MS);
  return backoff * (1 - Math.random() * 0.25);
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
