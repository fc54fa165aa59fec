import { defineErrors, envelopeText as text, type ApiProfile } from '@org/core';

const family = defineErrors('Refold');

/** Base of every error `@org/refold` throws. */
export const RefoldError = family.SDKError;
export type RefoldError = InstanceType<typeof RefoldError>;
/** Refold answered with a failure: `status`, `code`, `requestId`, `message` and the parsed `body`. */
export const RefoldAPIError = family.APIError;
export type RefoldAPIError = InstanceType<typeof RefoldAPIError>;
/** No answer: the connection failed or broke. */
export const RefoldConnectionError = family.ConnectionError;
export type RefoldConnectionError = InstanceType<typeof RefoldConnectionError>;
/** An attempt took longer than `timeoutMs`. */
export const RefoldTimeoutError = family.TimeoutError;
export type RefoldTimeoutError = InstanceType<typeof RefoldTimeoutError>;
/** The caller's `AbortSignal` cancelled the call. */
export const RefoldAbortError = family.AbortError;
export type RefoldAbortError = InstanceType<typeof RefoldAbortError>;
/** The input breaks a rule of the spec; nothing was sent. `issues` lists each field and rule. */
export const RefoldValidationError = family.ValidationError;
export type RefoldValidationError = InstanceType<typeof RefoldValidationError>;

type Envelope = Partial<Record<'message' | 'error' | 'error_code' | 'http_error_type' | 'error_type' | 'request_id', unknown>>;

export const refoldProfile: ApiProfile = {
  errors: family,
  // The documents disagree on the envelope: `error_code`, or `http_error_type` / `error_type`,
  // or (newer pages, and the 200 failures of migrate-token) the code or message in `error`.
  describeError(body) {
    if (!body || typeof body !== 'object') return {};
    const e = body as Envelope;
    const message = text(e.message) ?? text(e.error);
    return {
      message,
      code: text(e.error_code) ?? (text(e.message) ? text(e.error) : undefined) ?? text(e.http_error_type) ?? text(e.error_type),
      requestId: text(e.request_id),
    };
  },
  // The documented 500 for an unknown linked_account_id answers the same every time.
  isDeterministic: (status, body) => status === 500 && body.includes('No linked account found'),
};
