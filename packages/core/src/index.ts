// The runtime both clients share. Not published: each client bundles it (see README.md).
export { ClientCore, defineOperations, type ClientOptions } from './client.js';
export { APIErrorOf, envelopeText, nameErrors, SDKError, ValidationErrorOf, type APIErrorFields, type APIErrorInit, type ErrorFamily, type ValidationIssue } from './errors.js';
export type { Logger, LogLevel } from './log.js';
export type { OperationParams, OperationResult } from './methods.js';
export type { Operation } from './operations.js';
export { readEnv, requireCredential } from './options.js';
export { redactBody, redactHeaders, REDACTED } from './redact.js';
export { apiErrorFrom, createTransport, MAX_RESPONSE_BYTES, type ApiProfile, type CallOptions } from './transport.js';
export { checkRequest, type JsonSchema, type OperationRules } from './validate.js';
