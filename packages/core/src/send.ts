// One HTTP exchange, body read in full: the part of an attempt that differs between runtimes.
// On Node the clients use Node's own http with keep-alive agents, which costs about half the
// CPU of the global fetch (see docs/benchmarks.md); elsewhere, or when the caller passes a
// `fetch`, they use fetch.

/** What a sender listens to for the end of its attempt: an AbortSignal, or the lighter Stop. */
export type StopSignal = Pick<AbortSignal, 'aborted' | 'reason' | 'addEventListener' | 'removeEventListener'>;

/**
 * An attempt's stop for the Node sender, which needs no AbortSignal: Node makes every
 * AbortSignal transferable between threads, which costs about a tenth of a call's CPU.
 */
export class Stop implements StopSignal {
  aborted = false;
  reason: unknown;
  #listeners: (() => void)[] = [];
  get signal(): StopSignal {
    return this;
  }
  addEventListener(_type: string, listener: unknown): void {
    this.#listeners.push(listener as () => void);
  }
  removeEventListener(_type: string, listener: unknown): void {
    this.#listeners = this.#listeners.filter((l) => l !== listener);
  }
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const listener of this.#listeners) listener();
  }
}

export interface Outgoing {
  method: string;
  headers: Headers;
  body: string | null;
  signal: StopSignal;
  /** Set by the redirect policy when a redirect turned the request into a GET: the server processed it. */
  trace?: { methodChanged: boolean };
}

export interface Incoming {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  /** The body parsed, once the transport checked that a success is JSON. */
  json?: unknown;
}

export type Send = (url: string, request: Outgoing) => Promise<Incoming>;

/** The body is larger than the client accepts; the sender stopped reading it. */
export class TooLarge extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
  ) {
    super('response body too large');
  }
}

export function fetchSender(fetchImpl: typeof fetch, maxBytes: number): Send {
  return async (url, { method, headers, body, signal }) => {
    // Redirects are followed above the sender, by one policy for both (redirect.ts).
    const response = await fetchImpl(url, { method, headers, body, signal: signal as AbortSignal, redirect: 'manual' });
    const head = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (!response.body) return { ...head, text: '' };
    if (Number(response.headers.get('content-length')) > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw new TooLarge(response.status, response.headers);
    }
    // Counted as it arrives: Content-Length is the compressed size when fetch decompresses.
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => {});
        throw new TooLarge(response.status, response.headers);
      }
      chunks.push(chunk);
    }
    return { ...head, text: decode(chunks, size) };
  };
}

function decode(chunks: Uint8Array[], size: number): string {
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

type NodeHttp = typeof import('node:http');
type NodeZlib = typeof import('node:zlib');

/**
 * A sender over Node's http/https with keep-alive agents, or undefined where Node's http is not
 * really there. `process.getBuiltinModule` (Node 20.16+) loads them without an import
 * statement, so the bundle still runs in browsers and edge runtimes. workerd with
 * `nodejs_compat` has the function but, at older compatibility dates, no `node:http`; Bun and
 * Deno have one, but emulated over their own fetch, which is the faster path there.
 */
/**
 * How long a kept-alive connection may sit idle before we close it ourselves. A server closing
 * it first races our next request on it, which then fails as a broken connection; and a POST
 * that may have been processed is not retried. Below the 5 s that Node's own servers (and many
 * behind a proxy) keep idle connections; Node also honours a shorter `Keep-Alive: timeout`.
 */
const IDLE_SOCKET_MS = 4_000;

export function nodeSender(maxBytes: number): (Send & { close(): void }) | undefined {
  const runtime = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    Bun?: unknown;
    Deno?: unknown;
  };
  const load = runtime.process?.getBuiltinModule;
  if (typeof load !== 'function' || runtime.Bun !== undefined || runtime.Deno !== undefined) return undefined;
  const isHttp = (module: unknown): module is NodeHttp =>
    typeof (module as NodeHttp | undefined)?.request === 'function' &&
    typeof (module as NodeHttp | undefined)?.Agent === 'function';
  let http: unknown;
  try {
    http = load('node:http');
  } catch {}
  if (!isHttp(http)) return undefined;
  // https is loaded on first use: it pulls in tls, which a cold start should not pay for needlessly.
  const modules: { 'http:'?: NodeHttp; 'https:'?: NodeHttp } = { 'http:': http };
  const agents: { 'http:'?: import('node:http').Agent; 'https:'?: import('node:http').Agent } = {};
  const client = (protocol: 'http:' | 'https:') => {
    const module = (modules[protocol] ??= load('node:https') as NodeHttp);
    return { module, agent: (agents[protocol] ??= new module.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS })) };
  };
  let zlib: NodeZlib | undefined;
  const decompressors: Record<string, () => import('node:stream').Transform> = {
    gzip: () => (zlib ??= load('node:zlib') as NodeZlib).createGunzip(),
    'x-gzip': () => (zlib ??= load('node:zlib') as NodeZlib).createGunzip(),
    deflate: () => (zlib ??= load('node:zlib') as NodeZlib).createInflate(),
    br: () => (zlib ??= load('node:zlib') as NodeZlib).createBrotliDecompress(),
  };

  const send = (url: string, { method, headers, body, signal }: Outgoing): Promise<Incoming> =>
    new Promise<Incoming>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const target = new URL(url);
      const protocol = target.protocol as 'http:' | 'https:';
      if (protocol !== 'http:' && protocol !== 'https:')
        return reject(new TypeError(`Unsupported protocol ${target.protocol}`));
      const outgoing: Record<string, string> = {};
      headers.forEach((value, name) => {
        outgoing[name] = value;
      });
      if (body !== null) outgoing['content-length'] = String(Buffer.byteLength(body));

      const { module, agent } = client(protocol);
      // Options rather than the URL, which Node would take apart again (urlToHttpOptions).
      const hostname = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
      const request = module.request({
        protocol,
        hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        headers: outgoing,
        agent,
      });
      const onAbort = () => request.destroy(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      // Destroying a socket emits more events; the first outcome is the one that counts.
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? signal.reason : error);
      };
      request.on('error', fail);
      // A 101 switches protocols, which these APIs never do: answered, but not as HTTP. Without
      // a listener Node would keep the socket and this promise waiting for ever.
      request.on('upgrade', (response, socket) => {
        socket.destroy();
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve({ status: response.statusCode ?? 101, statusText: '', headers: new Headers(), text: '' });
      });
      request.on('response', (response) => {
        const responseHeaders = new Headers();
        const raw = response.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
        if (Number(response.headers['content-length']) > maxBytes) {
          fail(new TooLarge(response.statusCode!, responseHeaders));
          return void response.destroy();
        }
        const decompress = decompressors[String(response.headers['content-encoding'] ?? '').toLowerCase()];
        const stream = decompress ? response.pipe(decompress()) : response;
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            fail(new TooLarge(response.statusCode!, responseHeaders));
            response.destroy();
          } else chunks.push(chunk);
        });
        const broken = (error: unknown) => {
          fail(error);
          response.destroy(); // hand the socket back rather than leave it checked out
        };
        stream.on('error', broken);
        if (stream !== response) response.on('error', broken);
        response.on('aborted', () => fail(new Error('The connection closed before the response body ended.')));
        stream.on('end', () => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve({
            status: response.statusCode!,
            statusText: response.statusMessage ?? '',
            headers: responseHeaders,
            // TextDecoder, as fetch's text() does: it also drops a byte-order mark.
            text: new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)),
          });
        });
      });
      request.end(body ?? undefined);
    });
  return Object.assign(send, {
    /** Closes the kept-alive connections; the sender is not used after. */
    close() {
      for (const agent of Object.values(agents)) agent.destroy();
    },
  });
}
