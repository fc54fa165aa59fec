import { redactBody } from './redact.js';

/** What the server answered, as an API error carries it. */
export interface APIErrorInit {
  status: number;
  message: string;
  code?: string | undefined;
  requestId?: string | undefined;
  /** The parsed body (JSON) or its text; token values already redacted. */
  body: unknown;
  headers: Record<string, string>;
}

export interface ValidationIssue {
  /** Where the bad value is, e.g. `transferOptions.toAddresses[0].networkId`. */
  field: string;
  /** The JSON Schema keyword it breaks, e.g. `maxLength`. */
  rule: string;
  /** What the rule demands, e.g. `must have at most 300 characters`. */
  message: string;
}

/**
 * Builds one package's error classes, named with its prefix (`RefoldAPIError`, `MeshAPIError`).
 * Each client bundles its own copy of this module, so the two families never share a class.
 */
export function defineErrors<const Prefix extends string>(prefix: Prefix) {
  /** Base of every error the client throws. */
  class SDKError extends Error {
    toJSON(): Record<string, unknown> {
      return { ...(this as object), name: this.name, message: this.message };
    }
  }

  /** The server answered with a failure: an HTTP error status, or a failure inside a 200. */
  class APIError extends SDKError {
    readonly status: number;
    readonly code: string | undefined;
    readonly requestId: string | undefined;
    readonly body: unknown;
    readonly headers: Record<string, string>;

    constructor(init: APIErrorInit) {
      super(init.message);
      this.status = init.status;
      this.code = init.code;
      this.requestId = init.requestId;
      this.body = redactBody(init.body);
      this.headers = init.headers;
    }
  }

  /** No response: DNS, refused or reset connection, a body cut off. Retried by default. */
  class ConnectionError extends SDKError {}

  /** An attempt took longer than `timeoutMs`. Retried by default. */
  class TimeoutError extends SDKError {}

  /** The caller's `AbortSignal` fired. Never retried. */
  class AbortError extends SDKError {}

  /** The input breaks a rule of the spec; nothing was sent. */
  class ValidationError extends SDKError {
    readonly issues: readonly ValidationIssue[];

    constructor(issues: readonly ValidationIssue[], operation: string) {
      super(`Invalid ${operation} request: ${issues.map((i) => `${i.field} ${i.message} (${i.rule})`).join('; ')}`);
      this.issues = issues;
    }
  }

  const family = { SDKError, APIError, ConnectionError, TimeoutError, AbortError, ValidationError };
  for (const [key, cls] of Object.entries(family)) {
    const name = `${prefix}${key === 'SDKError' ? 'Error' : key}`;
    Object.defineProperty(cls, 'name', { value: name });
    Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  }
  return family;
}

export type ErrorFamily = ReturnType<typeof defineErrors>;

/** A field of a vendor's error envelope, if it is a non-empty string. */
export const envelopeText = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
