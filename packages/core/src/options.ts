// Client and call options, checked once at the edge so the transport can trust them. Every
// message names the option and the rule, and never echoes a value that may be a secret.
import type { ErrorFamily } from './errors.js';
import { HEADER_VALUE } from './validate.js';

/**
 * An environment variable, trimmed; undefined when unset or blank, and also where reading the
 * environment is not allowed (Deno without --allow-env throws): that is simply a miss.
 */
export function readEnv(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
      name
    ]?.trim();
    return value || undefined;
  } catch {
    return undefined;
  }
}

/** The credential from the option, else from the environment, else a clear error naming both. */
export function requireCredential(
  errors: ErrorFamily,
  client: string,
  option: string,
  value: unknown,
  envVar: string,
): string {
  if (value !== undefined && typeof value !== 'string') {
    const hint = typeof (value as { then?: unknown } | null)?.then === 'function' ? ' (a Promise: await it first)' : '';
    throw new errors.SDKError(`${option} must be a string, got ${value === null ? 'null' : typeof value}${hint}.`);
  }
  const resolved = value ?? readEnv(envVar);
  if (!resolved) {
    throw new errors.SDKError(
      `Missing ${option}: pass it as new ${client}({ ${option} }) or set the ${envVar} environment variable.`,
    );
  }
  // It travels in a header; never echo it, even when it is malformed.
  if (!HEADER_VALUE.test(resolved))
    throw new errors.SDKError(
      `${option} has characters an HTTP header cannot carry (a line break, or non-Latin-1 text).`,
    );
  return resolved;
}

/** An http(s) origin with an optional path; said without echoing it, since a URL can carry a password or a token. */
export function checkBaseUrl(errors: ErrorFamily, baseUrl: unknown): asserts baseUrl is string {
  const url = typeof baseUrl === 'string' && URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new errors.SDKError('baseUrl must be an absolute http or https URL, such as https://api.example.com.');
  }
  if (url.username || url.password)
    throw new errors.SDKError('baseUrl must not carry credentials; pass them as options.');
  // The raw text, not url.search: a bare trailing `?` or `#` parses to an empty one.
  if (/[?#]/.test(baseUrl as string))
    throw new errors.SDKError('baseUrl must not have a query or fragment (no "?" or "#").');
}

// Headers the HTTP layer owns: set by hand, they can frame the request differently from what is
// sent (Transfer-Encoding beside Content-Length is request smuggling) or break keep-alive.
const TRANSPORT_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'host',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Header values travel as they are; a bad one is refused by name, never echoed (it may be a secret). */
export function checkHeaders(errors: ErrorFamily, option: string, headers: Record<string, unknown> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    const where = `${option}[${JSON.stringify(name)}]`;
    if (!HEADER_NAME.test(name)) throw new errors.SDKError(`${where} is not a valid header name.`);
    if (TRANSPORT_HEADERS.has(name.toLowerCase()))
      throw new errors.SDKError(`${where} is set by the HTTP layer itself; remove it.`);
    // openapi-fetch leaves out an undefined header and removes a null one.
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new errors.SDKError(`${where} must be a string, got ${typeof value}.`);
    if (!HEADER_VALUE.test(value))
      throw new errors.SDKError(
        `${where} has characters an HTTP header cannot carry (a line break, or non-Latin-1 text).`,
      );
  }
}

/** Timers cannot wait longer than 2^31 - 1 ms; a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const MAX_RETRIES = 10;

export function checkLimits(
  errors: ErrorFamily,
  limits: { timeoutMs?: unknown; totalTimeoutMs?: unknown; maxRetries?: unknown },
): void {
  for (const option of ['timeoutMs', 'totalTimeoutMs'] as const) {
    const value = limits[option];
    if (
      value !== undefined &&
      !(Number.isInteger(value) && (value as number) > 0 && (value as number) <= MAX_TIMEOUT_MS)
    ) {
      throw new errors.SDKError(`${option} must be an integer from 1 to ${MAX_TIMEOUT_MS}, got ${String(value)}.`);
    }
  }
  const { maxRetries } = limits;
  if (
    maxRetries !== undefined &&
    !(Number.isInteger(maxRetries) && (maxRetries as number) >= 0 && (maxRetries as number) <= MAX_RETRIES)
  ) {
    throw new errors.SDKError(`maxRetries must be an integer from 0 to ${MAX_RETRIES}, got ${String(maxRetries)}.`);
  }
}
