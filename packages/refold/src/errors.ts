import { APIErrorOf, type ApiProfile, nameErrors, SDKError, envelopeText as text, ValidationErrorOf } from '@org/core';

/** Base of every error `@org/refold` throws. */
export class RefoldError extends SDKError {}
/** Refold answered with a failure: `status`, `code`, `requestId`, `message` and the parsed `body`. */
export class RefoldAPIError extends APIErrorOf(RefoldError) {}
/** No answer: the connection failed or broke. */
export class RefoldConnectionError extends RefoldError {}
/** An attempt took longer than `timeoutMs`, or the call longer than `totalTimeoutMs`. */
export class RefoldTimeoutError extends RefoldError {}
/** The caller's `AbortSignal` cancelled the call. */
export class RefoldAbortError extends RefoldError {}
/** The input breaks a rule of the spec; nothing was sent. `issues` lists each field and rule. */
export class RefoldValidationError extends ValidationErrorOf(RefoldError) {}
/** A webhook's signature is missing or does not match its raw body (`verifyWebhook`). */
export class RefoldWebhookVerificationError extends RefoldError {}
nameErrors({
  RefoldError,
  RefoldAPIError,
  RefoldConnectionError,
  RefoldTimeoutError,
  RefoldAbortError,
  RefoldValidationError,
  RefoldWebhookVerificationError,
});

type Envelope = Partial<
  Record<'message' | 'error' | 'error_code' | 'http_error_type' | 'error_type' | 'request_id', unknown>
>;

export const refoldProfile = {
  errors: {
    SDKError: RefoldError,
    APIError: RefoldAPIError,
    ConnectionError: RefoldConnectionError,
    TimeoutError: RefoldTimeoutError,
    AbortError: RefoldAbortError,
    ValidationError: RefoldValidationError,
  },
  // The documents disagree on the envelope: `error_code`, or `http_error_type` / `error_type`,
  // or (newer pages, and the 200 failures of migrate-token) the code or message in `error`.
  describeError(body) {
    if (!body || typeof body !== 'object') return {};
    const e = body as Envelope;
    const message = text(e.message) ?? text(e.error);
    return {
      message,
      code:
        text(e.error_code) ??
        (text(e.message) ? text(e.error) : undefined) ??
        text(e.http_error_type) ??
        text(e.error_type),
      requestId: text(e.request_id),
    };
  },
  // The documented 500 for an unknown linked_account_id answers the same every time.
  isDeterministic: (status, body) => status === 500 && body.includes('No linked account found'),
} satisfies ApiProfile;
