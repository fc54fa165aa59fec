export { Refold, type RefoldOptions, type RefoldParams, type RefoldResult, type SessionTokenParams, type SessionToken, type MigrateTokenParams, type MigrateTokenResult } from './client.js';
export {
  RefoldError,
  RefoldAPIError,
  RefoldConnectionError,
  RefoldTimeoutError,
  RefoldAbortError,
  RefoldValidationError,
  RefoldWebhookVerificationError,
} from './errors.js';
export { verifyWebhook, type RefoldWebhookEvent } from './webhooks.js';
export {
  SessionTokenCache,
  MemorySessionTokenStore,
  DEFAULT_TOKEN_LIFETIME_MS,
  type SessionTokenCacheOptions,
  type SessionTokenStore,
  type CachedSessionToken,
} from './session-token-cache.js';
export type { CallOptions, ClientOptions, Logger, LogLevel, PageOptions, ValidationIssue, WebhookInput } from '@org/core';
export type { paths, components, operations } from './generated/openapi.js';
export * from './generated/enums.js';
