export { Mesh, MESH_ENVIRONMENTS, type MeshOptions, type MeshEnvironment, type LinkTokenParams, type LinkToken } from './client.js';
export { MeshError, MeshAPIError, MeshConnectionError, MeshTimeoutError, MeshAbortError, MeshValidationError } from './errors.js';
export type { CallOptions, ClientOptions, Logger, LogLevel, ValidationIssue } from '@org/core';
export type { paths, components, operations } from './generated/openapi.js';
