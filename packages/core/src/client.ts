// What both clients do the same way: read their options (and the environment), refuse to run
// in a browser, wire auth, retries, timeouts and logging into one openapi-fetch client, and turn
// a method's input into a checked request.
import openapiFetch, { type Client } from 'openapi-fetch';
import type { ErrorFamily } from './errors.js';
import { createLog, isLogLevel, type Logger, type LogLevel } from './log.js';
import { failureOf, type Operation, requestOf, resultOf } from './operations.js';
import { checkBaseUrl, checkHeaders, checkLimits, readEnv } from './options.js';
import { allItems, type PageOptions } from './pages.js';
import { isSecretHeader, requestSecrets, scrubError, scrubText, scrubValue } from './redact.js';
import { LightRequest, refusesBody, requestKeepingGetBody } from './requests.js';
import { isBrowser, userAgent } from './runtime.js';
import { type ApiProfile, apiErrorFrom, type CallOptions, createTransport, type Transport } from './transport.js';
import { checkRequest, type OperationRules, type RequestParts } from './validate.js';

// The clients are `AsyncDisposable` (`await using refold = new Refold()`). Declared as
// @types/node declares it, so that projects whose `lib` predates ES2024 still compile.
declare global {
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
}

/** Options both clients take, besides their credentials. */
export interface ClientOptions {
  /** Server URL as the spec's `servers` write it. */
  baseUrl?: string;
  /** Per-attempt timeout in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /**
   * The most one call may take in all, attempts and the waits between them included. Default:
   * 60 000, or `timeoutMs` if that is longer. A retry that could not finish in time is not started.
   */
  totalTimeoutMs?: number;
  /** Retries after the first attempt. Default 2. Only for requests that are safe to repeat (see the README). */
  maxRetries?: number;
  /** A fetch to send with. Default: Node's own http with keep-alive on Node, the global fetch elsewhere. */
  fetch?: typeof fetch;
  /** Where log lines go. Default `console`. */
  logger?: Logger;
  /** Default from the `<NAME>_LOG` environment variable, else `off`. */
  logLevel?: LogLevel;
  /** Headers sent with every request; an `undefined` or `null` value leaves the header out. */
  defaultHeaders?: Record<string, string | undefined | null>;
  /** The credentials are server-side secrets: set this only if you know why a browser needs them. */
  dangerouslyAllowBrowser?: boolean;
}

// openapi-fetch's CommonJS build sets `exports.default`; required from our CommonJS build, the
// default import is then that whole exports object rather than the function.
const createClient: typeof openapiFetch =
  typeof openapiFetch === 'function'
    ? openapiFetch
    : (openapiFetch as unknown as { default: typeof openapiFetch }).default;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;

type CallInit = {
  signal?: AbortSignal;
  headers?: Record<string, string | undefined | null>;
  fetch?: (request: Request) => Promise<Response>;
};

/** The core of one client instance: the raw openapi-fetch client and what its methods need. */
export class ClientCore<Paths extends {}> {
  readonly api: Client<Paths>;
  readonly baseUrl: string;
  readonly #transport: Transport;
  readonly #profile: ApiProfile;
  readonly #errors: ErrorFamily;
  /** The client's error classes, for what is built on the core (list iterators). */
  get errors(): ErrorFamily {
    return this.#errors;
  }
  readonly #secrets: string[];
  /** Whether `.api.use()` added a middleware, which must see real Requests. */
  #middleware = false;

  /** `name` as users know it ("Refold"), `sdk` as npm does ("@org/refold"). */
  constructor(
    readonly name: string,
    sdk: string,
    profile: ApiProfile,
    options: ClientOptions & { baseUrl: string; authHeaders: Record<string, string> },
  ) {
    this.#profile = profile;
    this.#errors = profile.errors;
    // The credentials, and any secret-named default header (a session token in Authorization).
    this.#secrets = [
      ...Object.values(options.authHeaders),
      ...Object.entries(options.defaultHeaders ?? {}).flatMap(([name, value]) =>
        isSecretHeader(name) && typeof value === 'string' ? [value] : [],
      ),
    ];
    if (isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new profile.errors.SDKError(
        `${name} refuses to run in a browser: its credentials are server-side secrets and would be exposed to your users. ` +
          `Call the API from your server, or pass dangerouslyAllowBrowser: true if you understand the risk.`,
      );
    }
    checkLimits(profile.errors, options);
    checkBaseUrl(profile.errors, options.baseUrl);
    checkHeaders(profile.errors, 'defaultHeaders', options.defaultHeaders);
    // Read only when no option decides: Deno asks for a permission to read the environment.
    const envLevel = options.logLevel === undefined ? readEnv(`${name.toUpperCase()}_LOG`) : undefined;
    const logLevel = options.logLevel ?? (isLogLevel(envLevel) ? envLevel : 'off');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#transport = createTransport(profile, {
      baseUrl: this.baseUrl,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      totalTimeoutMs: options.totalTimeoutMs,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      log: createLog(name.toLowerCase(), logLevel, options.logger),
      secrets: this.#secrets,
    });
    const transport = this.#transport;
    this.api = createClient<Paths>({
      baseUrl: this.baseUrl,
      headers: {
        accept: 'application/json',
        'user-agent': userAgent(sdk),
        ...options.defaultHeaders,
        ...options.authHeaders,
      },
      fetch: (request: Request) => transport(request),
    });
    // From the first middleware on, the methods build real Requests for it to see.
    const use = this.api.use.bind(this.api);
    this.api.use = (...middleware) => {
      this.#middleware = true;
      use(...middleware);
    };
  }

  /** openapi-fetch options carrying one call's signal, headers, timeouts and retries. */
  callInit(call: CallOptions | undefined): CallInit {
    if (!call) return {};
    checkLimits(this.#errors, call);
    checkHeaders(this.#errors, 'headers', call.headers);
    const { signal, headers, timeoutMs, maxRetries, totalTimeoutMs } = call;
    const transport = this.#transport;
    const limits = timeoutMs !== undefined || maxRetries !== undefined || totalTimeoutMs !== undefined;
    return {
      ...(signal && { signal }),
      ...(headers && { headers }),
      ...(limits && { fetch: (request: Request) => transport(request, { timeoutMs, maxRetries, totalTimeoutMs }) }),
    };
  }

  /**
   * One method call: checks the input against the operation's rules (throwing the
   * ValidationError before anything is sent), calls `send` with this call's openapi-fetch
   * options, and turns an HTTP failure, or a 200 that `failure` finds to be one, into the
   * client's API error. Whatever it throws is scrubbed of the request's secrets.
   */
  async call<Result extends { data?: unknown; error?: unknown; response: Response }>(
    operationId: string,
    rules: OperationRules,
    parts: RequestParts,
    options: CallOptions | undefined,
    send: (init: CallInit) => Promise<Result>,
    failure?: (data: Result['data']) => string | undefined,
  ): Promise<NonNullable<Result['data']>> {
    const issues = checkRequest(rules, parts);
    if (issues.length) throw new this.#errors.ValidationError(issues, operationId);
    const ours = (e: unknown) => e instanceof this.#errors.SDKError;
    const secrets = () => [
      ...this.#secrets,
      ...requestSecrets(
        [...entries(parts.params?.header), ...entries(parts.params?.query), ...entries(options?.headers ?? undefined)],
        parts.body,
      ),
    ];
    const scrub = (error: Error, known = secrets()) => scrubError(error, known, ours, options?.signal?.reason);
    let result: Result;
    try {
      result = await send(this.callInit(options));
    } catch (error) {
      // Not ours (thrown by openapi-fetch or a middleware): keep its message, scrubbed, but not
      // the error itself, whose inspection could show what it was given.
      throw scrub(
        ours(error)
          ? (error as Error)
          : new this.#errors.SDKError(`${operationId} failed: ${String((error as Error)?.message ?? error)}`),
      );
    }
    const { response } = result;
    const problem = response.ok ? failure?.(result.data) : undefined;
    if (!response.ok || problem !== undefined) {
      // Scrubbed before the error is built, which truncates: a secret cut in half would survive.
      const known = secrets();
      const body = scrubValue(response.ok ? result.data : result.error, known);
      throw scrub(apiErrorFrom(this.#profile, response, body, problem && scrubText(problem, known)), known);
    }
    return result.data as NonNullable<Result['data']>;
  }

  /**
   * Calls operation `id` of the table with a method's params: each parameter in its place, the
   * input checked before sending, the answer judged by the table, resolving to the body (or its
   * envelope's content).
   */
  async operation(
    id: string,
    op: Operation,
    params: Record<string, unknown> | undefined,
    options: CallOptions | undefined,
  ): Promise<unknown> {
    const { parts, issues } = requestOf(id, op, params);
    if (issues.length) throw new this.#errors.ValidationError(issues, id);
    const request = this.api.request as unknown as (
      method: string,
      path: string,
      init: object,
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    // A LightRequest where no middleware can see it (requests.ts); else a Request, which for a
    // GET with a body (Mesh's verifyTransfer) must not refuse it.
    const Request = !this.#middleware
      ? LightRequest
      : parts.body !== undefined && refusesBody(op.method)
        ? requestKeepingGetBody()
        : undefined;
    const data = await this.call(
      id,
      op,
      parts,
      options,
      (init) => request(op.method.toLowerCase(), op.path, { ...parts, ...init, ...(Request && { Request }) }),
      (body) => failureOf(id, op, this.name, body),
    );
    return resultOf(op, data);
  }

  /** Releases the client's kept-alive connections; calls made after it fail at once. */
  close(): void {
    this.#transport.close();
  }
}

const entries = (group: object | undefined): [string, string][] =>
  Object.entries(group ?? {}).flatMap(([name, value]) =>
    typeof value === 'string' ? [[name, value] as [string, string]] : [],
  );

/**
 * Gives `client`'s prototype one method per operation of `table`, named by its operationId, each
 * calling the instance's core (which `coreOf` reads, e.g. a private field). Their types come
 * from the generated `Methods` interface the client class merges with.
 */
export function defineOperations<Client extends object>(
  client: { prototype: Client },
  table: Readonly<Record<string, Operation>>,
  coreOf: (instance: Client) => ClientCore<{}>,
): void {
  for (const [id, op] of Object.entries(table)) {
    if (!op.paginated) {
      Object.defineProperty(client.prototype, id, {
        // async: a method called without its client (`const f = refold.getX; f()`) rejects, it does not throw.
        value: async function (this: Client, params?: Record<string, unknown>, options?: CallOptions) {
          return coreOf(this).operation(id, op, params, options);
        },
        writable: true,
        configurable: true,
      });
      continue;
    }
    // A list method carries `.all()`, which needs the instance: made on first use, then kept on it.
    const paging = op.paginated;
    Object.defineProperty(client.prototype, id, {
      get(this: Client) {
        const core = coreOf(this);
        const page = (params?: Record<string, unknown>, options?: CallOptions) =>
          core.operation(id, op, params, options);
        const method = Object.assign(page, {
          all: (params?: Record<string, unknown>, options?: PageOptions) =>
            allItems(page, paging, params, options, core.errors),
        });
        Object.defineProperty(this, id, { value: method, writable: true, configurable: true });
        return method;
      },
      configurable: true,
    });
  }
}
