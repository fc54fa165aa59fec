import {
  type APIErrorInit,
  APIErrorOf,
  type ApiProfile,
  nameErrors,
  SDKError,
  envelopeText as text,
  ValidationErrorOf,
} from '@org/core';
import type { components } from './generated/openapi.js';

type ApiResult = components['schemas']['ApiResult'];
type ProblemDetails = Omit<components['schemas']['ProblemDetails'], 'status'>;

/** Base of every error `@org/mesh` throws. */
export class MeshError extends SDKError {}

/**
 * Mesh answered with a failure: an HTTP error, or an envelope whose `status` is not `ok`.
 * Besides `status`, `code` (Mesh's `errorType`, else its `status`), `requestId`, `message` and
 * `body`, it carries the envelope's `displayMessage`, `errorHash`, `errorType` and `errorData`.
 */
export class MeshAPIError extends APIErrorOf(MeshError) {
  /** A message Mesh considers fit to show the end user. */
  readonly displayMessage: string | undefined;
  /** Mesh's grouping hash for this kind of error. */
  readonly errorHash: string | undefined;
  /** Mesh's strictly-typed error type. */
  readonly errorType: string | undefined;
  /** What Mesh adds about the failure, as it sent it (scrubbed of the request's secrets). */
  readonly errorData: unknown;

  constructor(init: APIErrorInit) {
    super(init);
    const envelope = (this.body && typeof this.body === 'object' ? this.body : {}) as ApiResult;
    this.displayMessage = text(envelope.displayMessage);
    this.errorHash = text(envelope.errorHash);
    this.errorType = text(envelope.errorType);
    this.errorData = envelope.errorData ?? undefined;
  }
}

/** No answer: the connection failed or broke. */
export class MeshConnectionError extends MeshError {}
/** An attempt took longer than `timeoutMs`, or the call longer than `totalTimeoutMs`. */
export class MeshTimeoutError extends MeshError {}
/** The caller's `AbortSignal` cancelled the call. */
export class MeshAbortError extends MeshError {}
/** The input breaks a rule of the spec; nothing was sent. `issues` lists each field and rule. */
export class MeshValidationError extends ValidationErrorOf(MeshError) {}
/** A webhook's signature is missing or does not match its raw body (`verifyWebhook`). */
export class MeshWebhookVerificationError extends MeshError {}
nameErrors({
  MeshError,
  MeshAPIError,
  MeshConnectionError,
  MeshTimeoutError,
  MeshAbortError,
  MeshValidationError,
  MeshWebhookVerificationError,
});

export const meshProfile = {
  errors: {
    SDKError: MeshError,
    APIError: MeshAPIError,
    ConnectionError: MeshConnectionError,
    TimeoutError: MeshTimeoutError,
    AbortError: MeshAbortError,
    ValidationError: MeshValidationError,
  },
  describeError(body) {
    if (!body || typeof body !== 'object') return {};
    // The envelope, or ASP.NET's ProblemDetails, which some operations answer a 400 with.
    const envelope = body as ApiResult & ProblemDetails;
    return {
      message: text(envelope.message) ?? text(envelope.displayMessage) ?? text(envelope.detail) ?? text(envelope.title),
      code: text(envelope.errorType) ?? text(envelope.status),
    };
  },
} satisfies ApiProfile;
