// The fetch that openapi-fetch calls: one request in, one buffered response out, with the
// attempts, timeouts, retries and logging in between. Every failure leaves it as one of the
// client's own error classes, never as a bare `TypeError: fetch failed` or `SyntaxError`.
import type { APIErrorInit, ErrorFamily } from './errors.js';
import type { Log } from './log.js';
import { redactHeaders } from './redact.js';
import { isRetryableStatus, retryDelayMs } from './retry.js';
import { followRedirects } from './redirect.js';
import { fetchSender, nodeSender, TooLarge, type Incoming, type Outgoing } from './send.js';

/** Options every method (and the raw client) takes as its last argument. */
export interface CallOptions {
  /** Cancels the call, including any wait between attempts. Never retried. */
  signal?: AbortSignal;
  /** Per-attempt timeout, overriding the client's. */
  timeoutMs?: number;
  /** Retries after the first attempt, overriding the client's. */
  maxRetries?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** What a client tells the transport about its API. */
export interface ApiProfile {
  errors: ErrorFamily;
  /** Reads the vendor's error envelope: the message, code and request id it carries. */
  describeError(body: unknown, status: number): Partial<Pick<APIErrorInit, 'message' | 'code' | 'requestId'>>;
  /** Answers the server gives every time for the same request; retrying them only adds latency. */
  isDeterministic?(status: number, body: string): boolean;
}

export interface TransportSettings {
  /** The caller's fetch; without one, Node's http on Node and the global fetch elsewhere. */
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  maxRetries: number;
  log: Log | undefined;
}

export type Transport = (request: Request, call?: Pick<CallOptions, 'timeoutMs' | 'maxRetries'>) => Promise<Response>;

/** Larger answers are refused rather than buffered: neither API sends more than a few kB. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** An API error built from an answer, with the vendor's envelope read by `profile`. */
export function apiErrorFrom(
  profile: ApiProfile,
  response: Pick<Response, 'status' | 'statusText' | 'headers'>,
  body: unknown,
  fallback?: string,
): InstanceType<ErrorFamily['APIError']> {
  const described = profile.describeError(body, response.status);
  const headers = redactHeaders(response.headers);
  return new profile.errors.APIError({
    status: response.status,
    message: described.message || fallback || `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    code: described.code,
    requestId: described.requestId ?? headers['x-request-id'],
    body: body === '' ? undefined : body,
    headers,
  });
}

export function createTransport(profile: ApiProfile, settings: TransportSettings): Transport {
  const { errors, isDeterministic } = profile;
  const { log } = settings;
  const sender =
    (settings.fetch && fetchSender(settings.fetch, MAX_RESPONSE_BYTES)) ??
    nodeSender(MAX_RESPONSE_BYTES) ??
    fetchSender(globalThis.fetch.bind(globalThis), MAX_RESPONSE_BYTES);
  const send = followRedirects(sender, errors);

  return async function transport(request, call) {
    const timeoutMs = call?.timeoutMs ?? settings.timeoutMs;
    const maxRetries = call?.maxRetries ?? settings.maxRetries;
    const userSignal = request.signal;
    const url = request.url;
    const body = request.body ? await request.text() : null;
    const where = log ? `${request.method} ${new URL(url).pathname}` : '';
    if (log?.enabled('debug')) log.write('debug', `${where} headers ${JSON.stringify(redactHeaders(request.headers))}`);

    for (let attempt = 1; ; attempt++) {
      if (userSignal.aborted) throw new errors.AbortError('The request was aborted.', { cause: userSignal.reason });
      const started = performance.now();
      let answer: Incoming | undefined;
      let failure: Error | undefined;
      try {
        answer = await attemptOnce(url, { method: request.method, headers: request.headers, body }, userSignal, timeoutMs);
        failure = checkAnswer(answer);
      } catch (error) {
        failure = classify(error, userSignal, timeoutMs);
      }
      const retriesLeft = maxRetries - (attempt - 1);
      const retry =
        retriesLeft > 0 &&
        (failure
          ? failure instanceof errors.ConnectionError || failure instanceof errors.TimeoutError
          : isRetryableStatus(answer!.status) && !isDeterministic?.(answer!.status, answer!.text));

      if (log) {
        const ms = Math.round(performance.now() - started);
        const outcome = answer ? String(answer.status) : failure!.name;
        const failed = failure !== undefined || answer!.status >= 400;
        log.write(failed ? (retry ? 'warn' : 'error') : 'info', `${where} ${outcome} attempt=${attempt} ${ms}ms${retry ? ' (will retry)' : ''}`);
      }
      if (!retry) {
        if (failure) throw failure;
        const { status, statusText, headers, text } = answer!;
        return new Response(NULL_BODY_STATUSES.has(status) ? null : text, { status, statusText, headers });
      }
      await sleep(retryDelayMs(attempt, answer?.headers.get('retry-after') ?? null), userSignal, errors);
    }
  };

  async function attemptOnce(url: string, request: Omit<Outgoing, 'signal'>, userSignal: AbortSignal, timeoutMs: number): Promise<Incoming> {
    const controller = new AbortController();
    // The timeout covers the body too: a server that sends headers and then stalls is a timeout.
    const timer = setTimeout(() => controller.abort(new TimedOut()), timeoutMs);
    const onAbort = () => controller.abort(userSignal.reason);
    userSignal.addEventListener('abort', onAbort, { once: true });
    try {
      return await send(url, { ...request, signal: controller.signal });
    } finally {
      clearTimeout(timer);
      userSignal.removeEventListener('abort', onAbort);
    }
  }

  /** What openapi-fetch could not read: a status a Response cannot have, or a success that is not JSON. */
  function checkAnswer(answer: Incoming): Error | undefined {
    if (answer.status === 0) {
      // A browser's fetch hides where a redirect points (an opaque redirect).
      return apiErrorFrom(profile, { ...answer, statusText: '' }, undefined, 'The server redirected, and this runtime does not say where to; not followed.');
    }
    if (answer.status < 200 || answer.status > 599) {
      return apiErrorFrom(profile, { ...answer, statusText: '' }, undefined, `Unexpected HTTP status ${answer.status}.`);
    }
    // openapi-fetch parses every success as JSON, whatever its content-type says (a proxy's HTML page).
    if (answer.status > 299 || !answer.text) return undefined;
    try {
      JSON.parse(answer.text);
      return undefined;
    } catch {
      // The body may hold a token cut short: say how long it was, never what it said.
      return apiErrorFrom(profile, answer, undefined, `The ${answer.status} response is not valid JSON (${answer.text.length} characters).`);
    }
  }

  function classify(error: unknown, userSignal: AbortSignal, timeoutMs: number): Error {
    if (error instanceof errors.SDKError) return error;
    if (error instanceof TooLarge) {
      return apiErrorFrom(profile, { ...error, statusText: '' }, undefined, `The response body exceeds ${MAX_RESPONSE_BYTES} bytes.`);
    }
    if (userSignal.aborted) return new errors.AbortError('The request was aborted.', { cause: userSignal.reason });
    if (error instanceof TimedOut || (error as Error)?.name === 'TimeoutError' || isTimedOut(error)) {
      return new errors.TimeoutError(`The request timed out after ${timeoutMs} ms.`);
    }
    const source = ((error as { cause?: unknown })?.cause ?? error) as { code?: string; message?: string };
    const detail = [source?.code, source?.message].filter(Boolean).join(': ') || String(error);
    return new errors.ConnectionError(`Connection error: ${detail}`, { cause: error });
  }
}

/** The reason our per-attempt timer aborts with, told apart from the caller's abort. */
class TimedOut extends Error {
  override name = 'TimedOut';
}

function isTimedOut(error: unknown): boolean {
  // undici rejects with the abort reason itself, or with an AbortError whose cause is the reason.
  return (error as { cause?: unknown })?.cause instanceof TimedOut;
}

function sleep(ms: number, signal: AbortSignal, errors: ErrorFamily): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new errors.AbortError('The request was aborted.', { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
