export type {
  CallOptions,
  ClientOptions,
  Logger,
  LogLevel,
  PageOptions,
  ValidationIssue,
  WebhookInput,
} from '@org/core';
export {
  type MigrateTokenParams,
  type MigrateTokenResult,
  Refold,
  type RefoldOptions,
  type RefoldParams,
  type RefoldResult,
  type SessionToken,
  type SessionTokenParams,
} from './client.js';
export {
  RefoldAbortError,
  RefoldAPIError,
  RefoldConnectionError,
  RefoldError,
  RefoldTimeoutError,
  RefoldValidationError,
  RefoldWebhookVerificationError,
} from './errors.js';
export * from './generated/enums.js';
export type { Methods as RefoldMethods } from './generated/methods.js';
export type { components, operations, paths } from './generated/openapi.js';
export {
  type CachedSessionToken,
  DEFAULT_TOKEN_LIFETIME_MS,
  MemorySessionTokenStore,
  SessionTokenCache,
  type SessionTokenCacheOptions,
  type SessionTokenStore,
} from './session-token-cache.js';
export { type RefoldWebhookEvent, verifyWebhook } from './webhooks.js';
