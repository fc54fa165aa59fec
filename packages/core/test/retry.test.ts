import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  isRetryableStatus,
  isSafeToRepeat,
  type Outcome,
  parseRetryAfter,
  retryDelayMs,
  shouldRetry,
} from '../src/retry.js';

/** A fixed clock on a whole second, so HTTP dates (second precision) convert exactly. */
const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const httpDate = (ms: number) => new Date(ms).toUTCString();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429 and every 5xx', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504, 599])
      expect(isRetryableStatus(status), String(status)).toBe(true);
  });

  it('does not retry success, redirects or other 4xx', () => {
    for (const status of [200, 201, 204, 304, 400, 401, 403, 404, 405, 410, 422, 428, 431])
      expect(isRetryableStatus(status), String(status)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds, whole and fractional', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('1', NOW)).toBe(1000);
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter('0.25', NOW)).toBe(250);
    expect(parseRetryAfter(' 3 ', NOW)).toBe(3000);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter(httpDate(NOW + 5000), NOW)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:30 GMT', NOW)).toBe(30_000);
    // A date in the past means "now".
    expect(parseRetryAfter(httpDate(NOW - 10_000), NOW)).toBe(0);
  });

  it('defaults now to the current time', () => {
    const asked = parseRetryAfter(httpDate(Date.now() + 10_000));
    expect(asked).toBeGreaterThan(8_000);
    expect(asked).toBeLessThanOrEqual(10_000);
  });

  it('returns undefined for a missing or unusable value', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('garbage', NOW)).toBeUndefined();
    expect(parseRetryAfter('1e3', NOW)).toBeUndefined();
  });

  // V8's Date.parse accepts junk such as "-1", "1,5" or "soon 12" (dates in 2001): taken for a
  // date, it would mean "retry now" instead of backing off.
  it('rejects values that are neither delta-seconds nor an HTTP date', () => {
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon 12', NOW)).toBeUndefined();
    expect(parseRetryAfter('1,5', NOW)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  /** Calls `retryDelayMs` many times: the jittered result must stay within [0.75, 1] of the backoff. */
  function expectBackoff(retry: number, retryAfter: string | null, base: number) {
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(retry, retryAfter, NOW);
      expect(delay).toBeGreaterThanOrEqual(base * 0.75);
      expect(delay).toBeLessThanOrEqual(base);
    }
  }

  it('honours Retry-After up to the 60 s cap, never sooner than asked', () => {
    // random = 0: the wait asked for, exactly.
    expect(retryDelayMs(1, '0', NOW, 0)).toBe(0);
    expect(retryDelayMs(1, '2', NOW, 0)).toBe(2000);
    expect(retryDelayMs(3, '0.5', NOW, 0)).toBe(500);
    expect(retryDelayMs(1, '60', NOW, 0)).toBe(60_000);
    expect(retryDelayMs(2, httpDate(NOW + 7000), NOW, 0)).toBe(7000);
    expect(retryDelayMs(1, httpDate(NOW - 1000), NOW, 0)).toBe(0);
  });

  it('jitters a Retry-After wait upwards by at most a fifth, so clients told the same time spread out', () => {
    const delays = Array.from({ length: 200 }, () => retryDelayMs(1, '2', NOW));
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(2400);
    }
    expect(new Set(delays.map(Math.round)).size).toBeGreaterThan(20);
    expect(retryDelayMs(1, httpDate(NOW + 10_000), NOW, 0.999999)).toBeCloseTo(12_000, 0);
  });

  it('falls back to exponential backoff with jitter when Retry-After is absent', () => {
    expectBackoff(1, null, 500);
    expectBackoff(2, null, 1000);
    expectBackoff(3, null, 2000);
    expectBackoff(4, null, 4000);
  });

  it('caps the backoff at 8 s', () => {
    expectBackoff(5, null, 8000);
    expectBackoff(10, null, 8000);
    expectBackoff(50, null, 8000);
  });

  it('uses the backoff when Retry-After is over the cap or unusable', () => {
    expectBackoff(1, '61', 500);
    expectBackoff(2, '3600', 1000);
    expectBackoff(1, httpDate(NOW + 120_000), 500);
    expectBackoff(3, 'garbage', 2000);
  });

  it('jitters downwards by at most a quarter', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(retryDelayMs(2, null, NOW)).toBe(1000);
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    expect(retryDelayMs(2, null, NOW)).toBeCloseTo(750, 0);
  });
});

describe('shouldRetry: the retry policy', () => {
  const answer = (status: number, deterministic = false): Outcome => ({ kind: 'answer', status, deterministic });

  it('repeats a request that is safe to repeat after any transient failure', () => {
    for (const outcome of [
      { kind: 'refused' },
      { kind: 'broken' },
      { kind: 'timeout' },
      answer(408),
      answer(409),
      answer(429),
      answer(500),
      answer(502),
      answer(503),
    ] as Outcome[]) {
      expect(shouldRetry(outcome, true), JSON.stringify(outcome)).toBe(true);
    }
  });

  it('repeats a request that is not safe to repeat only when the failure proves it was not processed', () => {
    for (const outcome of [{ kind: 'refused' }, answer(429), answer(503)] as Outcome[])
      expect(shouldRetry(outcome, false), JSON.stringify(outcome)).toBe(true);
    // A cut-off answer, a timeout after sending, a 502 from a proxy: the server may have minted or moved money.
    for (const outcome of [
      { kind: 'broken' },
      { kind: 'timeout' },
      answer(408),
      answer(409),
      answer(500),
      answer(502),
      answer(504),
    ] as Outcome[]) {
      expect(shouldRetry(outcome, false), JSON.stringify(outcome)).toBe(false);
    }
  });

  it('never repeats a deterministic answer, a success or another 4xx', () => {
    expect(shouldRetry(answer(500, true), true)).toBe(false);
    expect(shouldRetry(answer(503, true), false)).toBe(false);
    for (const status of [200, 201, 400, 401, 404, 422])
      expect(shouldRetry(answer(status), true), String(status)).toBe(false);
  });
});

describe('isSafeToRepeat', () => {
  const none = () => undefined;

  it('takes GET, HEAD, OPTIONS, PUT and DELETE as safe, POST and PATCH not', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])
      expect(isSafeToRepeat(method, undefined, none), method).toBe(true);
    for (const method of ['POST', 'PATCH']) expect(isSafeToRepeat(method, undefined, none), method).toBe(false);
  });

  it('takes a POST the spec marks x-idempotent as safe, and a PUT it marks x-idempotent: false as not', () => {
    expect(isSafeToRepeat('POST', true, none)).toBe(true);
    expect(isSafeToRepeat('PUT', false, none)).toBe(false);
  });

  it('takes x-idempotent { unless } as safe only while that input is unset or false', () => {
    const rule = { unless: 'force_refresh' };
    for (const value of [undefined, null, false, 'false'])
      expect(
        isSafeToRepeat('POST', rule, () => value),
        String(value),
      ).toBe(true);
    for (const value of [true, 'true', '1'])
      expect(
        isSafeToRepeat('POST', rule, () => value),
        String(value),
      ).toBe(false);
  });
});
