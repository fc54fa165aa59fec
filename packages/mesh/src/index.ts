export { Mesh, MESH_ENVIRONMENTS, type MeshOptions, type MeshEnvironment, type MeshParams, type MeshResult, type LinkTokenParams, type LinkToken } from './client.js';
export { MeshError, MeshAPIError, MeshConnectionError, MeshTimeoutError, MeshAbortError, MeshValidationError, MeshWebhookVerificationError } from './errors.js';
export { verifyWebhook, type MeshWebhookEvent } from './webhooks.js';
export type { CallOptions, ClientOptions, Logger, LogLevel, PageOptions, ValidationIssue, WebhookInput } from '@org/core';
export type { paths, components, operations } from './generated/openapi.js';
export * from './generated/enums.js';
