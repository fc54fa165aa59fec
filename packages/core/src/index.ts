// The runtime both clients share. Not published: each client bundles it (see README.md).
export { ClientCore, requireCredential, readEnv, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type ClientOptions } from './client.js';
export { defineErrors, envelopeText, type APIErrorInit, type ErrorFamily, type ValidationIssue } from './errors.js';
export type { Logger, LogLevel } from './log.js';
export { redactBody, redactHeaders, REDACTED } from './redact.js';
export { isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry.js';
export { apiErrorFrom, createTransport, MAX_RESPONSE_BYTES, type ApiProfile, type CallOptions } from './transport.js';
export { checkRequest, type JsonSchema, type OperationRules } from './validate.js';
