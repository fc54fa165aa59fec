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
  type LinkToken,
  type LinkTokenParams,
  MESH_ENVIRONMENTS,
  Mesh,
  type MeshEnvironment,
  type MeshOptions,
  type MeshParams,
  type MeshResult,
} from './client.js';
export {
  MeshAbortError,
  MeshAPIError,
  MeshConnectionError,
  MeshError,
  MeshTimeoutError,
  MeshValidationError,
  MeshWebhookVerificationError,
} from './errors.js';
export * from './generated/enums.js';
export type { Methods as MeshMethods } from './generated/methods.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type MeshWebhookEvent, verifyWebhook } from './webhooks.js';
