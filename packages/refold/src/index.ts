export { Refold, type RefoldOptions, type SessionTokenParams, type SessionToken, type MigrateTokenParams, type MigrateTokenResult } from './client.js';
export {
  RefoldError,
  RefoldAPIError,
  RefoldConnectionError,
  RefoldTimeoutError,
  RefoldAbortError,
  RefoldValidationError,
} from './errors.js';
export {
  SessionTokenCache,
  MemorySessionTokenStore,
  DEFAULT_TOKEN_LIFETIME_MS,
  type SessionTokenCacheOptions,
  type SessionTokenStore,
  type CachedSessionToken,
} from './session-token-cache.js';
export type { CallOptions, ClientOptions, Logger, LogLevel, ValidationIssue } from '@org/core';
export type { paths, components, operations } from './generated/openapi.js';
