// The fetch that openapi-fetch calls: one request in, one buffered response out, with the
// attempts, timeouts, retries and logging in between. Every failure leaves it as one of the
// client's own error classes, never as a bare `TypeError: fetch failed` or `SyntaxError`.
import type { APIErrorInit, ErrorFamily } from './errors.js';
import type { Log } from './log.js';
import { redactHeaders } from './redact.js';
import { isRetryableStatus, retryDelayMs } from './retry.js';

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
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  log: Log | undefined;
}

export type Transport = (request: Request, call?: Pick<CallOptions, 'timeoutMs' | 'maxRetries'>) => Promise<Response>;

/** Larger answers are refused rather than buffered: neither API sends more than a few kB. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** An API error built from a response, with the vendor's envelope read by `profile`. */
export function apiErrorFrom(profile: ApiProfile, response: Response, body: unknown, fallback?: string): InstanceType<ErrorFamily['APIError']> {
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

  return async function send(request, call) {
    const timeoutMs = call?.timeoutMs ?? settings.timeoutMs;
    const maxRetries = call?.maxRetries ?? settings.maxRetries;
    const userSignal = request.signal;
    const url = request.url;
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: request.body ? await request.text() : null,
      redirect: request.redirect,
    };
    const where = `${request.method} ${new URL(url).pathname}`;
    if (log?.enabled('debug')) log.write('debug', `${where} headers ${JSON.stringify(redactHeaders(request.headers))}`);

    for (let attempt = 1; ; attempt++) {
      if (userSignal.aborted) throw new errors.AbortError('The request was aborted.', { cause: userSignal.reason });
      const started = performance.now();
      let response: Response | undefined;
      let text = '';
      let failure: Error | undefined;
      try {
        [response, text] = await attemptOnce(url, init, userSignal, timeoutMs);
      } catch (error) {
        failure = classify(error, userSignal, timeoutMs);
      }
      const retriesLeft = maxRetries - (attempt - 1);
      const retry =
        retriesLeft > 0 &&
        (failure
          ? failure instanceof errors.ConnectionError || failure instanceof errors.TimeoutError
          : isRetryableStatus(response!.status) && !isDeterministic?.(response!.status, text));

      if (log) {
        const ms = Math.round(performance.now() - started);
        const outcome = failure ? failure.name : String(response!.status);
        const failed = failure !== undefined || response!.status >= 400;
        log.write(failed ? (retry ? 'warn' : 'error') : 'info', `${where} ${outcome} attempt=${attempt} ${ms}ms${retry ? ' (will retry)' : ''}`);
      }
      if (!retry) {
        if (failure) throw failure;
        return finish(response!, text);
      }
      await sleep(retryDelayMs(attempt, response?.headers.get('retry-after') ?? null), userSignal, errors);
    }
  };

  async function attemptOnce(url: string, init: RequestInit, userSignal: AbortSignal, timeoutMs: number): Promise<[Response, string]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimedOut()), timeoutMs);
    const onAbort = () => controller.abort(userSignal.reason);
    userSignal.addEventListener('abort', onAbort, { once: true });
    try {
      // The timeout covers the body too: a server that sends headers and then stalls is a timeout.
      const response = await settings.fetch(url, { ...init, signal: controller.signal });
      return [response, await readText(response)];
    } finally {
      clearTimeout(timer);
      userSignal.removeEventListener('abort', onAbort);
    }
  }

  async function readText(response: Response): Promise<string> {
    if (!response.body) return '';
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > MAX_RESPONSE_BYTES) {
      await response.body.cancel();
      throw tooLarge(response);
    }
    if (declared >= 0) return response.text();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_RESPONSE_BYTES) throw tooLarge(response);
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return new TextDecoder().decode(bytes);
  }

  function tooLarge(response: Response) {
    return apiErrorFrom(profile, response, undefined, `The response body exceeds ${MAX_RESPONSE_BYTES} bytes.`);
  }

  /** The response openapi-fetch reads: the buffered body, checked to be JSON when it says so. */
  function finish(response: Response, text: string): Response {
    if (response.ok && text && /\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
      try {
        JSON.parse(text);
      } catch {
        throw apiErrorFrom(profile, response, text, `The ${response.status} response is not valid JSON.`);
      }
    }
    const body = NULL_BODY_STATUSES.has(response.status) ? null : text;
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  function classify(error: unknown, userSignal: AbortSignal, timeoutMs: number): Error {
    if (error instanceof errors.SDKError) return error;
    if (userSignal.aborted) return new errors.AbortError('The request was aborted.', { cause: userSignal.reason });
    if (error instanceof TimedOut || (error as Error)?.name === 'TimeoutError' || isTimedOut(error)) {
      return new errors.TimeoutError(`The request timed out after ${timeoutMs} ms.`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
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
