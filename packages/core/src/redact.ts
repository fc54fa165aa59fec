// Credentials and tokens must never reach a log line, an error message or a serialized error.
// Refold's guide: "do not log or expose tokens"; Mesh link tokens are single-use secrets.
//
// Two nets: by name (a header or field called like a secret is hidden wherever it comes from,
// e.g. a gateway echoing `x-api-key`), and by value (every secret the client was given or sent
// is cut out of any text, e.g. a proxy's error message that quotes the request).

export const REDACTED = '[redacted]';

// By name, so that a per-call header such as x-session-token is covered too. Not the
// www-authenticate challenge of a 401, which says what went wrong and holds no secret.
const SECRET_HEADER = /token|secret|key|auth(?!enticate)|cookie|password|session|credential|signature|bearer|jwt/i;

// Body fields whose values are tokens or credentials, compared without case, `_` or `-`
// (`bot_token`, `refreshToken`, `id_token`, `x-api-key`, `client_secret`, `session_token`).
const SECRET_FIELD = /token|secret|password|passphrase|apikey|jwt|credential|signature|cookie|privatekey|authobject|authorization/;
const SECRET_FIELD_EXACT = new Set(['auth', 'key', 'session', 'paymentlink', 'otp', 'pin']);
export const isSecretField = (key: string): boolean => {
  const name = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_FIELD.test(name) || SECRET_FIELD_EXACT.has(name);
};

/** Most of a text any error keeps: enough to diagnose, bounded for an oversized answer. */
const MAX_TEXT = 2_000;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) out[name] = isSecretHeader(name) ? REDACTED : value;
  return out;
}

/** Most of a body an error keeps, as JSON text; a larger one is kept as that text, truncated. */
const MAX_BODY_CHARS = 16_384;

/**
 * A copy of a parsed body with every token or credential value replaced and its text truncated,
 * bounded in size: an error must not hold megabytes of an oversized answer.
 */
export function redactBody(body: unknown): unknown {
  const redacted = redactValue(body);
  if (!redacted || typeof redacted !== 'object') return redacted;
  const text = JSON.stringify(redacted);
  return text.length > MAX_BODY_CHARS ? truncate(text) : redacted;
}

// Built with Object.fromEntries, so that a `__proto__` key stays a plain property of the copy.
function redactValue(body: unknown): unknown {
  if (typeof body === 'string') return truncate(body);
  if (Array.isArray(body)) return body.map(redactValue);
  if (body && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, isSecretField(key) && value != null ? REDACTED : redactValue(value)]));
  }
  return body;
}

export const truncate = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text);

// --- by value ----------------------------------------------------------------------------------

/** Shorter values are not cut out of text: they would mangle it, and are no secret anyway. */
const MIN_SECRET_LENGTH = 6;

/**
 * The secret values of a request: the values of secret-named headers, and every string under a
 * secret-named field of its JSON body (all of `auth_object`, for instance).
 */
export function requestSecrets(headers: Iterable<[string, string]>, body: unknown): string[] {
  const found: string[] = [];
  for (const [name, value] of headers) if (isSecretHeader(name) && typeof value === 'string') found.push(value);
  collect(typeof body === 'string' ? parseJson(body) : body, false, found);
  return found;
}

function collect(value: unknown, secret: boolean, found: string[]): void {
  if (typeof value === 'string') {
    if (secret) found.push(value);
  } else if (value instanceof Map) {
    for (const [key, item] of value) collect(item, secret || (typeof key === 'string' && isSecretField(key)), found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collect(item, secret || isSecretField(key), found);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Cuts every secret, as it is and as JSON or a URL would write it, out of `text`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
      if (text.includes(form)) text = text.replaceAll(form, REDACTED);
    }
  }
  return text;
}

/** A deep copy of a value (a body, a headers record) with every secret cut out of its strings. */
export function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (!value || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, secrets, depth + 1)]));
}

/**
 * Cuts `secrets` out of an error the SDK is about to raise, in place: its message, stack, string
 * and object properties, and its cause. A cause of our own is scrubbed the same way; a foreign
 * one (a user's fetch, a proxy library) is replaced by a plain Error carrying its scrubbed name,
 * message, code and stack, since it may hold the request itself in properties we cannot know;
 * only the caller's own abort reason is kept as it is.
 */
export function scrubError<E extends Error>(error: E, secrets: readonly string[], ours: (e: unknown) => boolean, callersReason?: unknown): E {
  const target = error as E & { cause?: unknown };
  for (const key of Object.keys(target)) {
    const value = (target as unknown as Record<string, unknown>)[key];
    if (key !== 'cause' && (typeof value === 'string' || (value && typeof value === 'object'))) {
      Object.defineProperty(target, key, { value: scrubValue(value, secrets), enumerable: true, writable: true, configurable: true });
    }
  }
  target.message = scrubText(target.message, secrets);
  if (typeof target.stack === 'string') target.stack = scrubText(target.stack, secrets);
  if ('cause' in target && target.cause !== undefined) {
    // The caller's own abort reason goes back to it as it was given.
    const cause = target.cause === callersReason ? target.cause : scrubCause(target.cause, secrets, ours, 0);
    Object.defineProperty(target, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  }
  return error;
}

function scrubCause(cause: unknown, secrets: readonly string[], ours: (e: unknown) => boolean, depth: number): unknown {
  if (ours(cause)) return scrubError(cause as Error, secrets, ours);
  if (typeof cause === 'string') return scrubText(cause, secrets);
  if (!(cause instanceof Error) || depth > 4) return cause === undefined || cause === null || typeof cause !== 'object' ? cause : '[unknown cause]';
  const copy = new Error(scrubText(String(cause.message), secrets));
  copy.name = scrubText(String(cause.name), secrets);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  copy.stack = typeof cause.stack === 'string' ? scrubText(cause.stack, secrets) : `${copy.name}: ${copy.message}`;
  const inner = (cause as { cause?: unknown }).cause;
  if (inner !== undefined) Object.defineProperty(copy, 'cause', { value: scrubCause(inner, secrets, ours, depth + 1), writable: true, configurable: true });
  return copy;
}
