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
// (`bot_token`, `refreshToken`, `id_token`, `x-api-key`, `client_secret`, `session_token`), and
// one-time codes (Mesh's `mfaCode`, `challengeCode`, `challengeAnswer`).
const SECRET_FIELD =
  /token|secret|password|passphrase|apikey|jwt|credential|signature|cookie|privatekey|authobject|authorization|mfacode|challenge(code|answer)/;
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

/** Deeper than this, a body is not walked: a hostile answer could nest it until the stack overflows. */
const MAX_DEPTH = 32;
const TOO_DEEP = '[too deep]';

// Built with Object.fromEntries, so that a `__proto__` key stays a plain property of the copy.
function redactValue(body: unknown, depth = 0): unknown {
  if (typeof body === 'string') return truncate(body);
  if (!body || typeof body !== 'object') return body;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(body)) return body.map((item) => redactValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      isSecretField(key) && value != null ? REDACTED : redactValue(value, depth + 1),
    ]),
  );
}

export const truncate = (text: string) =>
  text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;

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

function collect(value: unknown, secret: boolean, found: string[], depth = 0): void {
  if (typeof value === 'string') {
    if (secret) found.push(value);
  } else if (value && typeof value === 'object' && depth < MAX_DEPTH) {
    for (const [key, item] of Object.entries(value)) collect(item, secret || isSecretField(key), found, depth + 1);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What to cut out of text for each secret: the secret itself, and each run of 6 or more
 * characters that no escaping changes (letters, digits, `.`, `_`, `~`, `-`). Whatever a proxy,
 * a mock agent or a server does to the rest (JSON inside JSON, `\/`, `\u002f`, `%2f`, a PEM
 * key's line breaks), those runs come through as they were. Longest first, so that a secret
 * inside another does not leave the rest of the longer one behind.
 */
const formsCache = new WeakMap<readonly string[], string[]>();
function formsOf(secrets: readonly string[]): string[] {
  const cached = formsCache.get(secrets);
  if (cached) return cached;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    for (const run of secret.match(/[A-Za-z0-9._~-]{6,}/g) ?? []) forms.add(run);
  }
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  formsCache.set(secrets, sorted);
  return sorted;
}

/** Cuts every secret out of `text`, however it was escaped or encoded (see formsOf). */
export function scrubText(text: string, secrets: readonly string[]): string {
  for (const form of formsOf(secrets)) if (text.includes(form)) text = text.replaceAll(form, REDACTED);
  return text;
}

/** A deep copy of a value (a body, a headers record) with every secret cut out of its strings. */
export function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (!value || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
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
export function scrubError<E extends Error>(
  error: E,
  secrets: readonly string[],
  ours: (e: unknown) => boolean,
  callersReason?: unknown,
): E {
  const target = error as E & { cause?: unknown };
  for (const key of Object.keys(target)) {
    const value = (target as unknown as Record<string, unknown>)[key];
    if (key !== 'cause' && (typeof value === 'string' || (value && typeof value === 'object'))) {
      Object.defineProperty(target, key, {
        value: scrubValue(value, secrets),
        enumerable: true,
        writable: true,
        configurable: true,
      });
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
  if (!(cause instanceof Error) || depth > 4)
    return cause === undefined || cause === null || typeof cause !== 'object' ? cause : '[unknown cause]';
  const copy = new Error(scrubText(String(cause.message), secrets));
  copy.name = scrubText(String(cause.name), secrets);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number')
    Object.assign(copy, { code: typeof code === 'string' ? scrubText(code, secrets) : code });
  copy.stack = typeof cause.stack === 'string' ? scrubText(cause.stack, secrets) : `${copy.name}: ${copy.message}`;
  const inner = (cause as { cause?: unknown }).cause;
  if (inner !== undefined)
    Object.defineProperty(copy, 'cause', {
      value: scrubCause(inner, secrets, ours, depth + 1),
      writable: true,
      configurable: true,
    });
  return copy;
}
