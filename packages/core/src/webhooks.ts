// Webhook signatures: HMAC-SHA256 of the raw body, checked with Web Crypto (so that it runs on
// Node, Bun, Deno, edge runtimes and Workers alike) in constant time by `crypto.subtle.verify`.
// Each client says where its vendor puts the signature and how it encodes it.
import type { ErrorFamily } from './errors.js';

export interface WebhookInput {
  /** The raw request body, exactly as received: a string or bytes. */
  body: string | Uint8Array | ArrayBuffer;
  /** The request's headers: a `Headers` or a plain object (Node's `req.headers`). */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The signing key. */
  secret: string;
}

export interface SignatureScheme {
  /** The header the vendor sends the signature in. */
  header: string;
  encoding: 'hex' | 'base64';
}

type Failure = (message: string) => Error;

/** Checks the signature of a webhook and returns its parsed body; throws `fail(…)` saying why not, never echoing the secret. */
export async function verifyWebhookBody(
  input: WebhookInput,
  scheme: SignatureScheme,
  fail: Failure,
  errors: ErrorFamily,
): Promise<unknown> {
  const { body, headers, secret } = (input ?? {}) as Partial<WebhookInput>;
  if (typeof secret !== 'string' || secret === '')
    throw new errors.SDKError('verifyWebhook needs the signing secret as a non-empty string.');
  const bytes = rawBytes(body, fail);
  const signature = headerOf(headers, scheme.header);
  if (!signature)
    throw fail(`The webhook has no ${scheme.header} header: it was not signed, or a proxy dropped the header.`);
  const expected = decode(signature.trim(), scheme.encoding);
  if (expected?.length !== 32)
    throw fail(`The ${scheme.header} header is not a ${scheme.encoding} HMAC-SHA256 signature.`);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    throw new errors.SDKError('verifyWebhook needs Web Crypto (globalThis.crypto.subtle), which this runtime lacks.');
  const key = await subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  if (!(await subtle.verify('HMAC', key, expected, bytes))) {
    throw fail(
      `The ${scheme.header} signature does not match the body. Pass the raw request body exactly as received (not parsed and ` +
        're-serialised: a framework that parsed JSON changes spacing and key order), and the right secret.',
    );
  }
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fail(`The webhook is signed, but its body is not JSON (${text.length} characters).`);
  }
}

function rawBytes(body: unknown, fail: Failure): Uint8Array {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  // By shape, not instanceof: bytes from another realm (an edge VM, a worker) are bytes too.
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') return new Uint8Array(body as ArrayBuffer);
  throw fail(
    `body must be the raw request body, a string or bytes, as received; got ${body === null ? 'null' : typeof body}. ` +
      'A parsed and re-serialised body does not match its signature (in Express: express.raw({ type: "application/json" })).',
  );
}

function headerOf(headers: WebhookInput['headers'] | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function decode(text: string, encoding: 'hex' | 'base64'): Uint8Array | undefined {
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) return undefined;
    return Uint8Array.from(text.match(/../g)!, (pair) => Number.parseInt(pair, 16));
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
