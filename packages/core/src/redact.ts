// Credentials and tokens must never reach a log line, an error message or a serialized error.
// Refold's guide: "do not log or expose tokens"; Mesh link tokens are single-use secrets.

export const REDACTED = '[redacted]';

// By name, so that a per-call header such as x-session-token is covered too. Not the
// www-authenticate challenge of a 401, which says what went wrong and holds no secret.
const SECRET_HEADER = /token|secret|key|auth(?!enticate)|cookie|password|session|credential|signature|bearer|jwt/i;

// Body fields whose values are tokens or credentials, in either API, compared without case,
// `_` or `-` (so `refresh_token` and `refreshToken` are one name).
const SECRET_FIELDS = new Set([
  'token',
  'refreshtoken',
  'accesstoken',
  'authobject',
  'linktoken',
  'paymentlink',
  'apikey',
  'clientsecret',
  'secret',
  'password',
  'authorization',
]);
const isSecretField = (key: string) => SECRET_FIELDS.has(key.toLowerCase().replace(/[-_]/g, ''));

/** Most of a body any error keeps: enough to diagnose, bounded for an oversized answer. */
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

/** A copy of a parsed body with every token or credential value replaced; text is truncated. */
export function redactBody(body: unknown): unknown {
  if (typeof body === 'string') return body.length > MAX_TEXT ? `${body.slice(0, MAX_TEXT)}… (${body.length} characters)` : body;
  if (Array.isArray(body)) return body.map(redactBody);
  if (body && typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      out[key] = isSecretField(key) && value != null ? REDACTED : redactBody(value);
    }
    return out;
  }
  return body;
}
