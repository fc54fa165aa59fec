// What both clients do the same way: read their options (and the environment), refuse to run
// in a browser, wire auth, retries, timeouts and logging into one openapi-fetch client, and turn
// a method's input into a checked request.
import openapiFetch, { type Client } from 'openapi-fetch';
import type { ErrorFamily } from './errors.js';
import { createLog, isLogLevel, type Logger, type LogLevel } from './log.js';
import { REDACTED } from './redact.js';
import { apiErrorFrom, createTransport, type ApiProfile, type CallOptions, type Transport } from './transport.js';
import { checkRequest, HEADER_VALUE, type OperationRules, type RequestParts } from './validate.js';

/** Options both clients take, besides their credentials. */
export interface ClientOptions {
  /** Server URL as the spec's `servers` write it. */
  baseUrl?: string;
  /** Per-attempt timeout in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** A fetch to send with. Default: Node's own http with keep-alive on Node, the global fetch elsewhere. */
  fetch?: typeof fetch;
  /** Where log lines go. Default `console`. */
  logger?: Logger;
  /** Default from the `<NAME>_LOG` environment variable, else `off`. */
  logLevel?: LogLevel;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** The credentials are server-side secrets: set this only if you know why a browser needs them. */
  dangerouslyAllowBrowser?: boolean;
}

// openapi-fetch's CommonJS build sets `exports.default`; required from our CommonJS build, the
// default import is then that whole exports object rather than the function.
const createClient: typeof openapiFetch =
  typeof openapiFetch === 'function' ? openapiFetch : (openapiFetch as unknown as { default: typeof openapiFetch }).default;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

export function readEnv(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name]?.trim();
  return value || undefined;
}

/** The core of one client instance: the raw openapi-fetch client and what its methods need. */
export class ClientCore<Paths extends {}> {
  readonly api: Client<Paths>;
  readonly baseUrl: string;
  readonly #transport: Transport;
  readonly #profile: ApiProfile;
  readonly #errors: ErrorFamily;
  readonly #secrets: string[];

  /** `name` as users know it ("Refold"), `sdk` as npm does ("@org/refold"). */
  constructor(
    readonly name: string,
    sdk: string,
    profile: ApiProfile,
    options: ClientOptions & { baseUrl: string; authHeaders: Record<string, string> },
  ) {
    this.#profile = profile;
    this.#errors = profile.errors;
    this.#secrets = Object.values(options.authHeaders);
    const browser = typeof (globalThis as { window?: unknown }).window !== 'undefined' && typeof (globalThis as { document?: unknown }).document !== 'undefined';
    if (browser && !options.dangerouslyAllowBrowser) {
      throw new profile.errors.SDKError(
        `${name} refuses to run in a browser: its credentials are server-side secrets and would be exposed to your users. ` +
          `Call the API from your server, or pass dangerouslyAllowBrowser: true if you understand the risk.`,
      );
    }
    checkLimits(profile.errors, options);
    checkBaseUrl(profile.errors, options.baseUrl);
    checkHeaders(profile.errors, 'defaultHeaders', options.defaultHeaders);
    const envLevel = readEnv(`${name.toUpperCase()}_LOG`);
    const logLevel = options.logLevel ?? (isLogLevel(envLevel) ? envLevel : 'off');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#transport = createTransport(profile, {
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      log: createLog(name.toLowerCase(), logLevel, options.logger),
    });
    const transport = this.#transport;
    this.api = createClient<Paths>({
      baseUrl: this.baseUrl,
      headers: { accept: 'application/json', 'user-agent': userAgent(sdk), ...options.defaultHeaders, ...options.authHeaders },
      fetch: (request: Request) => transport(request),
    });
  }

  /** openapi-fetch options carrying one call's signal, headers, timeout and retries. */
  callInit(call: CallOptions | undefined): { signal?: AbortSignal; headers?: Record<string, string>; fetch?: (request: Request) => Promise<Response> } {
    if (!call) return {};
    checkLimits(this.#errors, call);
    checkHeaders(this.#errors, 'headers', call.headers);
    const { signal, headers, timeoutMs, maxRetries } = call;
    const transport = this.#transport;
    return {
      ...(signal && { signal }),
      ...(headers && { headers }),
      ...((timeoutMs !== undefined || maxRetries !== undefined) && { fetch: (request: Request) => transport(request, { timeoutMs, maxRetries }) }),
    };
  }

  /**
   * One method call: checks the input against the operation's rules (throwing the
   * ValidationError before anything is sent), calls `send` with this call's openapi-fetch
   * options, and turns an HTTP failure into the client's API error.
   */
  async call<Result extends { data?: unknown; error?: unknown; response: Response }>(
    operationId: string,
    rules: OperationRules,
    parts: RequestParts,
    options: CallOptions | undefined,
    send: (init: ReturnType<ClientCore<Paths>['callInit']>) => Promise<Result>,
  ): Promise<{ data: Result['data']; response: Response }> {
    const issues = checkRequest(rules, parts);
    if (issues.length) throw new this.#errors.ValidationError(issues, operationId);
    let result: Result;
    try {
      result = await send(this.callInit(options));
    } catch (error) {
      if (error instanceof this.#errors.SDKError) throw error;
      // Not ours: keep its message (credentials scrubbed) but not the error itself, whose
      // inspection could show what it was given.
      let message = String((error as Error)?.message ?? error);
      for (const secret of this.#secrets) message = message.replaceAll(secret, REDACTED);
      throw new this.#errors.SDKError(`${operationId} failed: ${message}`);
    }
    if (!result.response.ok) throw apiErrorFrom(this.#profile, result.response, result.error);
    return { data: result.data, response: result.response };
  }
}

function checkBaseUrl(errors: ErrorFamily, baseUrl: string): void {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new errors.SDKError(`baseUrl must be an http or https URL, got ${JSON.stringify(baseUrl)}.`);
  }
  // Said without echoing it: the URL itself would carry the password.
  if (url.username || url.password) throw new errors.SDKError('baseUrl must not carry credentials; pass them as options.');
  if (url.search || url.hash) throw new errors.SDKError(`baseUrl must not have a query or fragment, got ${JSON.stringify(baseUrl)}.`);
}

/** Header values travel as they are; a bad one is refused by name, never echoed (it may be a secret). */
function checkHeaders(errors: ErrorFamily, option: string, headers: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      throw new errors.SDKError(`${option}[${JSON.stringify(name)}] has characters an HTTP header cannot carry (a line break, or non-Latin-1 text).`);
    }
  }
}

function userAgent(sdk: string): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  return node ? `${sdk} node/${node}` : sdk;
}

/** Timers cannot wait longer than 2^31 - 1 ms; a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const MAX_RETRIES = 10;

function checkLimits(errors: ErrorFamily, { timeoutMs, maxRetries }: Pick<CallOptions, 'timeoutMs' | 'maxRetries'>): void {
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new errors.SDKError(`timeoutMs must be an integer from 1 to ${MAX_TIMEOUT_MS}, got ${String(timeoutMs)}.`);
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= MAX_RETRIES)) {
    throw new errors.SDKError(`maxRetries must be an integer from 0 to ${MAX_RETRIES}, got ${String(maxRetries)}.`);
  }
}

/** The credential from the option, else from the environment, else a clear error naming both. */
export function requireCredential(
  errors: ErrorFamily,
  client: string,
  option: string,
  value: string | undefined,
  envVar: string,
): string {
  const resolved = value ?? readEnv(envVar);
  if (!resolved) {
    throw new errors.SDKError(`Missing ${option}: pass it as new ${client}({ ${option} }) or set the ${envVar} environment variable.`);
  }
  // It travels in a header; never echo it, even when it is malformed.
  if (!HEADER_VALUE.test(resolved)) throw new errors.SDKError(`${option} has characters an HTTP header cannot carry (a line break, or non-Latin-1 text).`);
  return resolved;
}
