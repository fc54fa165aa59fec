// The fetch that openapi-fetch calls: one request in, one buffered response out, with the
// attempts, timeouts, retries and logging in between. Every failure leaves it as one of the
// client's own error classes, never as a bare `TypeError: fetch failed` or `SyntaxError`, and
// with every secret of the request cut out of it.
import type { APIErrorInit, ErrorFamily } from './errors.js';
import type { Log } from './log.js';
import { indexOperations, inputOf } from './operations.js';
import { redactHeaders, requestSecrets, scrubError, scrubText, truncate } from './redact.js';
import { followRedirects } from './redirect.js';
import { bodyOf, LightRequest, LightResponse, refusesBody } from './requests.js';
import { allowedRetries, isSafeToRepeat, neverSent, type Outcome, retryDelayMs, shouldRetry } from './retry.js';
import { fetchSender, type Incoming, nodeSender, type Outgoing, Stop, TooLarge } from './send.js';
import type { OperationRules } from './validate.js';

/** Options every method (and the raw client) takes as its last argument. */
export interface CallOptions {
  /** Cancels the call, including any wait between attempts. Never retried. */
  signal?: AbortSignal;
  /** Per-attempt timeout, overriding the client's. */
  timeoutMs?: number;
  /** The most the whole call may take, attempts and waits between them included, overriding the client's. */
  totalTimeoutMs?: number;
  /** Retries after the first attempt, overriding the client's. */
  maxRetries?: number;
  /** Extra request headers; an `undefined` or `null` value leaves the header out. */
  headers?: Record<string, string | undefined | null>;
}

/** What a client tells the transport about its API. */
export interface ApiProfile {
  errors: ErrorFamily;
  /** Reads the vendor's error envelope: the message, code and request id it carries. */
  describeError(body: unknown, status: number): Partial<Pick<APIErrorInit, 'message' | 'code' | 'requestId'>>;
  /** Answers the server gives every time for the same request; retrying them only adds latency. */
  isDeterministic?(status: number, body: string): boolean;
  /** The spec's operations (generated), for path templates in logs and which requests are safe to repeat. */
  operations?: Readonly<Record<string, OperationRules>>;
}

export interface TransportSettings {
  baseUrl: string;
  /** The caller's fetch; without one, Node's http on Node and the global fetch elsewhere. */
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  /** Default: the larger of 60 s and `timeoutMs`, so that one attempt always gets its whole timeout. */
  totalTimeoutMs?: number | undefined;
  maxRetries: number;
  log: Log | undefined;
  /** The client's credentials, cut out of every error by value. */
  secrets: readonly string[];
}

export type CallLimits = Pick<CallOptions, 'timeoutMs' | 'maxRetries' | 'totalTimeoutMs'>;

export interface Transport {
  (request: Request, call?: CallLimits): Promise<Response>;
  /** Releases kept-alive connections; every later request fails at once. */
  close(): void;
}

/** Larger answers are refused rather than buffered: neither API sends more than a few kB. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_TOTAL_TIMEOUT_MS = 60_000;
const CLOSED = 'This client was closed; create a new one to make requests.';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** A reason phrase a Response accepts (RFC 9110 reason-phrase); any other is dropped, not fatal. */
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** An API error built from an answer, with the vendor's envelope read by `profile`. */
export function apiErrorFrom(
  profile: ApiProfile,
  response: Pick<Response, 'status' | 'statusText' | 'headers'>,
  body: unknown,
  fallback?: string,
): InstanceType<ErrorFamily['APIError']> {
  const described = profile.describeError(body, response.status);
  const headers = redactHeaders(response.headers);
  const statusText = REASON_PHRASE.test(response.statusText) ? response.statusText : '';
  return new profile.errors.APIError({
    status: response.status,
    message: truncate(described.message || fallback || `HTTP ${response.status}${statusText ? ` ${statusText}` : ''}`),
    code: described.code,
    requestId: described.requestId ?? headers['x-request-id'],
    body: body === '' ? undefined : body,
    headers,
  });
}

export function createTransport(profile: ApiProfile, settings: TransportSettings): Transport {
  const { errors, isDeterministic } = profile;
  const { log } = settings;
  const nodeHttp = settings.fetch ? undefined : nodeSender(MAX_RESPONSE_BYTES);
  // The global fetch as it is at each call, not at construction: a test's mock (MSW) that patches
  // it after the client was made must still see the client's requests.
  const sender =
    (settings.fetch && fetchSender(settings.fetch, MAX_RESPONSE_BYTES)) ??
    nodeHttp ??
    fetchSender((input, init) => globalThis.fetch(input, init), MAX_RESPONSE_BYTES);
  const send = followRedirects(sender, errors);
  const operations = indexOperations(profile.operations ?? {}, settings.baseUrl);
  const ours = (error: unknown) => error instanceof errors.SDKError;
  let closed = false;
  /** The attempts in flight, each ended at once by close(). */
  const inFlight = new Set<(reason: unknown) => void>();

  async function transport(request: Request | LightRequest, call?: CallLimits): Promise<Response> {
    const body = await bodyOf(request);
    try {
      if (body !== null && refusesBody(request.method) && sender !== nodeHttp) {
        throw new errors.SDKError(
          `This ${request.method} request carries a JSON body, which fetch cannot send. Call it from Node without a \`fetch\` option: the client then sends it with Node's own http.`,
        );
      }
      return await attempts(request, body, call);
    } catch (error) {
      // Computed only now: most calls never fail, and this walks the headers and the body.
      const secrets = [...settings.secrets, ...requestSecrets(request.headers, body)];
      throw scrubError(
        ours(error) ? (error as Error) : new errors.SDKError(String((error as Error)?.message ?? error)),
        secrets,
        ours,
        request.signal.reason,
      );
    }
  }

  async function attempts(
    request: Request | LightRequest,
    body: string | null,
    call: CallLimits | undefined,
  ): Promise<Response> {
    const { url, method, headers } = request;
    const parsed = new URL(url);
    const operation = operations.find(method, parsed);
    const timeoutMs = call?.timeoutMs ?? settings.timeoutMs;
    const maxRetries = allowedRetries(operation?.noRetry, call?.maxRetries ?? settings.maxRetries);
    const totalMs = call?.totalTimeoutMs ?? settings.totalTimeoutMs ?? Math.max(DEFAULT_TOTAL_TIMEOUT_MS, timeoutMs);
    const deadline = performance.now() + totalMs;
    const userSignal = request.signal;
    const safeToRepeat = isSafeToRepeat(
      method,
      operation?.idempotent,
      (name) => operation && inputOf(operation, name, parsed, headers, body),
    );
    // Not the path itself, which may carry an id or an e-mail, for a path the spec does not have.
    const where = log ? `${method} ${operation?.path ?? '(a path not in the spec)'}` : '';
    if (log?.enabled('debug')) {
      const retries = maxRetries === 0 ? 'none' : safeToRepeat ? 'on any transient failure' : 'only if not processed';
      log.write(
        'debug',
        `${where} start timeoutMs=${timeoutMs} totalTimeoutMs=${totalMs} maxRetries=${maxRetries} (retries: ${retries})`,
      );
    }

    // Shared by the attempts: once a redirect answered the request as processed, none is repeated.
    const trace = { methodChanged: false };
    for (let attempt = 1; ; attempt++) {
      if (userSignal.aborted) throw new errors.AbortError('The request was aborted.', { cause: userSignal.reason });
      if (closed) throw new errors.SDKError(CLOSED);
      const started = performance.now();
      const cutByTotal = deadline - started < timeoutMs;
      const limitMs = Math.max(1, Math.min(timeoutMs, deadline - started));
      let answer: Incoming | undefined;
      let failure: Error | undefined;
      let outcome: Outcome | undefined;
      try {
        answer = await attemptOnce(url, { method, headers, body, trace }, userSignal, limitMs, cutByTotal);
        failure = checkAnswer(answer);
        if (!failure)
          outcome = {
            kind: 'answer',
            status: answer.status,
            deterministic: isDeterministic?.(answer.status, answer.text) ?? false,
          };
      } catch (error) {
        ({ failure, outcome } = classify(error, userSignal, timeoutMs, totalMs, attempt));
      }
      // After close(), a failure may be close() itself cutting the connection: nothing is repeated.
      let retry =
        attempt <= maxRetries &&
        outcome !== undefined &&
        !closed &&
        !trace.methodChanged &&
        shouldRetry(outcome, safeToRepeat);
      const delayMs = retry ? retryDelayMs(attempt, answer?.headers.get('retry-after') ?? null) : 0;
      // A wait that would end past the deadline is not taken: the last answer is the result.
      if (retry && performance.now() + delayMs >= deadline) retry = false;

      if (log) {
        const ms = Math.round(performance.now() - started);
        const outcomeText = answer && !failure ? String(answer.status) : failure!.name;
        const sent = answer?.headers.get('x-request-id');
        const requestId = sent && scrubText(sent, settings.secrets);
        const failed = failure !== undefined || answer!.status >= 400;
        log.write(
          failed ? (retry ? 'warn' : 'error') : 'info',
          `${where} ${outcomeText} attempt=${attempt} ${ms}ms${requestId ? ` request_id=${requestId}` : ''}${retry ? ` (retrying in ${Math.round(delayMs)}ms)` : ''}`,
        );
      }
      if (!retry) {
        if (failure) throw failure;
        const { status, statusText, headers: answerHeaders, text } = answer!;
        const reason = REASON_PHRASE.test(statusText) ? statusText : '';
        const noBody = NULL_BODY_STATUSES.has(status);
        // A method's call (no middleware) reads the text it already has; anything else a Response.
        if (request instanceof LightRequest)
          return new LightResponse(
            status,
            reason,
            answerHeaders,
            noBody ? '' : text,
            answer!.json,
          ) as unknown as Response;
        return new Response(noBody ? null : text, { status, statusText: reason, headers: answerHeaders });
      }
      await sleep(delayMs, userSignal, errors);
    }
  }

  /**
   * One attempt, which ends when the sender answers or when our timer or the caller's signal
   * fires, whichever is first. The race is what guarantees it: a sender that ignores its signal
   * (a user's fetch, a 101 upgrade) cannot make a call outlive its timeout.
   */
  async function attemptOnce(
    url: string,
    request: Omit<Outgoing, 'signal'>,
    userSignal: AbortSignal,
    limitMs: number,
    cutByTotal: boolean,
  ): Promise<Incoming> {
    // fetch needs a real AbortSignal; Node's http sender takes the lighter Stop.
    const controller = nodeHttp && sender === nodeHttp ? new Stop() : new AbortController();
    let stop!: (reason: unknown) => void;
    const stopped = new Promise<never>((_, reject) => {
      stop = (reason) => {
        reject(reason);
        controller.abort(reason);
      };
    });
    // The timeout covers the body too: a server that sends headers and then stalls is a timeout.
    const timer = setTimeout(() => stop(new TimedOut(limitMs, cutByTotal)), limitMs);
    const onAbort = () => stop(userSignal.reason);
    userSignal.addEventListener('abort', onAbort, { once: true });
    inFlight.add(stop);
    try {
      return await Promise.race([send(url, { ...request, signal: controller.signal }), stopped]);
    } catch (error) {
      // Classified by our own signal's reason, not by what the runtime threw for it.
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
      userSignal.removeEventListener('abort', onAbort);
      inFlight.delete(stop);
    }
  }

  /** What openapi-fetch could not read: a status a Response cannot have, or a success that is not JSON. */
  function checkAnswer(answer: Incoming): Error | undefined {
    if (answer.status === 0) {
      // A browser's fetch hides where a redirect points (an opaque redirect).
      return apiErrorFrom(
        profile,
        { ...answer, statusText: '' },
        undefined,
        'The server redirected, and this runtime does not say where to; not followed.',
      );
    }
    if (answer.status < 200 || answer.status > 599) {
      return apiErrorFrom(
        profile,
        { ...answer, statusText: '' },
        undefined,
        `Unexpected HTTP status ${answer.status}.`,
      );
    }
    // openapi-fetch parses every success as JSON, whatever its content-type says (a proxy's HTML page).
    if (answer.status > 299 || !answer.text) return undefined;
    try {
      // Kept: a method's LightResponse hands it to openapi-fetch rather than parsing it again.
      answer.json = JSON.parse(answer.text);
      return undefined;
    } catch {
      // The body may hold a token cut short: say how long it was, never what it said.
      return apiErrorFrom(
        profile,
        answer,
        undefined,
        `The ${answer.status} response is not valid JSON (${answer.text.length} characters).`,
      );
    }
  }

  function classify(
    error: unknown,
    userSignal: AbortSignal,
    timeoutMs: number,
    totalMs: number,
    attempt: number,
  ): { failure: Error; outcome?: Outcome } {
    if (error instanceof errors.SDKError) return { failure: error };
    if (error instanceof TooLarge) {
      return {
        failure: apiErrorFrom(
          profile,
          { ...error, statusText: '' },
          undefined,
          `The response body exceeds ${MAX_RESPONSE_BYTES} bytes.`,
        ),
      };
    }
    if (userSignal.aborted)
      return { failure: new errors.AbortError('The request was aborted.', { cause: userSignal.reason }) };
    if (error instanceof Closed) return { failure: new errors.SDKError(CLOSED) };
    if (error instanceof TimedOut) {
      const message = error.cutByTotal
        ? `The call took longer than its totalTimeoutMs of ${totalMs} ms (${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}).`
        : `The request timed out after ${timeoutMs} ms.`;
      return { failure: new errors.TimeoutError(message), outcome: { kind: 'timeout' } };
    }
    const source = ((error as { cause?: unknown })?.cause ?? error) as { code?: string; message?: string };
    const detail = [source?.code, source?.message].filter(Boolean).join(': ') || String(error);
    return {
      failure: new errors.ConnectionError(`Connection error: ${detail}`, { cause: error }),
      outcome: { kind: neverSent(error) ? 'refused' : 'broken' },
    };
  }

  return Object.assign(transport, {
    close() {
      closed = true;
      for (const stop of inFlight) stop(new Closed());
      nodeHttp?.close();
    },
  });
}

/** The reason close() ends the attempts in flight with. */
class Closed extends Error {}

/** The reason our per-attempt timer aborts with, told apart from the caller's abort. */
class TimedOut extends Error {
  override name = 'TimedOut';
  constructor(
    readonly limitMs: number,
    /** The attempt was cut short by the call's total deadline, not its own timeout. */
    readonly cutByTotal: boolean,
  ) {
    super(`timed out after ${limitMs} ms`);
  }
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
