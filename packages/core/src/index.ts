// The runtime both clients share. Not published: each client bundles it (see README.md).
export { ClientCore, defineOperations, type ClientOptions } from './client.js';
export { APIErrorOf, envelopeText, nameErrors, SDKError, ValidationErrorOf, type APIErrorFields, type APIErrorInit, type ErrorFamily, type ValidationIssue } from './errors.js';
export type { Logger, LogLevel } from './log.js';
export type { OperationParams, OperationResult } from './methods.js';
export type { Operation } from './operations.js';
export type { PageOptions, PaginatedMethod } from './pages.js';
export { verifyWebhookBody, type WebhookInput } from './webhooks.js';
export { readEnv, requireCredential } from './options.js';
export type { ApiProfile, CallOptions } from './transport.js';
export type { JsonSchema, OperationRules } from './validate.js';
