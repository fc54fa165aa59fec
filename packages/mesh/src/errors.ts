import { defineErrors, envelopeText as text, type APIErrorInit, type ApiProfile } from '@org/core';
import type { components } from './generated/openapi.js';

const family = defineErrors('Mesh');
type ApiResult = components['schemas']['ApiResult'];

/** Base of every error `@org/mesh` throws. */
export const MeshError = family.SDKError;
export type MeshError = InstanceType<typeof MeshError>;

/**
 * Mesh answered with a failure: an HTTP error, or an envelope whose `status` is not `ok`.
 * Besides `status`, `code` (Mesh's `errorType`, else its `status`), `requestId`, `message` and
 * `body`, it carries the envelope's `displayMessage`, `errorHash` and `errorType`.
 */
export class MeshAPIError extends family.APIError {
  /** A message Mesh considers fit to show the end user. */
  readonly displayMessage: string | undefined;
  /** Mesh's grouping hash for this kind of error. */
  readonly errorHash: string | undefined;
  /** Mesh's strictly-typed error type. */
  readonly errorType: string | undefined;

  constructor(init: APIErrorInit) {
    super(init);
    const envelope = (init.body && typeof init.body === 'object' ? init.body : {}) as ApiResult;
    this.displayMessage = text(envelope.displayMessage);
    this.errorHash = text(envelope.errorHash);
    this.errorType = text(envelope.errorType);
  }
}

/** No answer: the connection failed or broke. */
export const MeshConnectionError = family.ConnectionError;
export type MeshConnectionError = InstanceType<typeof MeshConnectionError>;
/** An attempt took longer than `timeoutMs`. */
export const MeshTimeoutError = family.TimeoutError;
export type MeshTimeoutError = InstanceType<typeof MeshTimeoutError>;
/** The caller's `AbortSignal` cancelled the call. */
export const MeshAbortError = family.AbortError;
export type MeshAbortError = InstanceType<typeof MeshAbortError>;
/** The input breaks a rule of the spec; nothing was sent. `issues` lists each field and rule. */
export const MeshValidationError = family.ValidationError;
export type MeshValidationError = InstanceType<typeof MeshValidationError>;

export const meshProfile: ApiProfile = {
  errors: { ...family, APIError: MeshAPIError },
  describeError(body) {
    if (!body || typeof body !== 'object') return {};
    const envelope = body as ApiResult;
    return {
      message: text(envelope.message) ?? text(envelope.displayMessage),
      code: text(envelope.errorType) ?? text(envelope.status),
    };
  },
};
