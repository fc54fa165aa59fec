// The runtime both clients share. Not published: each client bundles it (see README.md).
export { ClientCore, type ClientOptions, defineOperations } from './client.js';
export {
  type APIErrorFields,
  type APIErrorInit,
  APIErrorOf,
  type ErrorFamily,
  envelopeText,
  nameErrors,
  SDKError,
  ValidationErrorOf,
  type ValidationIssue,
} from './errors.js';
export type { Logger, LogLevel } from './log.js';
export type { OperationParams, OperationResult } from './methods.js';
export type { Operation } from './operations.js';
export { readEnv, requireCredential } from './options.js';
export type { PageOptions, PaginatedMethod } from './pages.js';
export type { ApiProfile, CallOptions } from './transport.js';
export type { JsonSchema, OperationRules } from './validate.js';
export { verifyWebhookBody, type WebhookInput } from './webhooks.js';
