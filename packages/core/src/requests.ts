// The Request openapi-fetch is given to build for a method's call. A WHATWG Request costs about a
// fifth of a call's CPU on Node (URL parsing, header guards, a body stream the transport then
// reads back as text) for what the transport reads at once: url, method, headers, signal, body.
// So a method's call is built as a LightRequest, unless a middleware (`.api.use()`) may see it:
// middleware gets the real Request it is documented to get. Either way a GET may carry a body,
// which a Request refuses, yet Mesh's transfer verification (`GET …/managed/verify`) reads one.

/**
 * The signal of a request made without one: it never fires, so it keeps no listeners (one shared
 * AbortSignal would collect one per call in flight, and Node warns past ten).
 */
const NEVER = {
  aborted: false,
  reason: undefined,
  onabort: null,
  addEventListener() {},
  removeEventListener() {},
  dispatchEvent: () => false,
  throwIfAborted() {},
} as unknown as AbortSignal;

/** What the transport reads of a request, built without the cost of a WHATWG Request. */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  /** The serialised body (openapi-fetch's JSON), or null. */
  readonly text: string | null;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.signal = init.signal ?? NEVER;
    if (init.body != null && typeof init.body !== 'string')
      throw new TypeError('A method’s request body is JSON text.');
    this.text = init.body ?? null;
  }
}

/**
 * The answer to a LightRequest: what openapi-fetch and the client read of a Response (status,
 * headers, the body as text or JSON), over the body the sender already read in full. No
 * middleware sees it, and a method resolves to its parsed body, never to it.
 */
export class LightResponse {
  readonly ok: boolean;
  readonly #text: string;
  readonly #json: unknown;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    text: string,
    /** The body already parsed (the transport checks that a success is JSON), if it was. */
    json?: unknown,
  ) {
    this.ok = status >= 200 && status <= 299;
    this.#text = text;
    this.#json = json;
  }

  async text(): Promise<string> {
    return this.#text;
  }

  async json(): Promise<unknown> {
    return this.#json !== undefined ? this.#json : JSON.parse(this.#text);
  }
}

const bodies = new WeakMap<Request, string>();
let GetWithBody: typeof Request | undefined;

/** A Request class whose instances keep a GET's (or HEAD's) body aside instead of refusing it. */
export function requestKeepingGetBody(): typeof Request {
  GetWithBody ??= class extends Request {
    constructor(input: Request | string | URL, init: RequestInit = {}) {
      const { body, ...rest } = init;
      super(input, rest);
      if (typeof body === 'string') bodies.set(this, body);
    }
  };
  return GetWithBody;
}

/** The body a request carries: a LightRequest's text, a GET's kept aside, or the Request's own. */
export async function bodyOf(request: Request | LightRequest): Promise<string | null> {
  if (request instanceof LightRequest) return request.text;
  return bodies.get(request) ?? (request.body ? await request.text() : null);
}

export const refusesBody = (method: string): boolean => method === 'GET' || method === 'HEAD';
