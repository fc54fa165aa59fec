import { ClientCore, type ClientOptions, defineOperations, readEnv, requireCredential } from '@org/core';
import type { Client } from 'openapi-fetch';
import { MeshError, meshProfile } from './errors.js';
import type { Methods, Params, Result } from './generated/methods.js';
import type { paths } from './generated/openapi.js';
import { operationTable, servers } from './generated/operations.js';

export type { Params as MeshParams, Result as MeshResult };
export type LinkTokenParams = Params<'createLinkToken'>;
export type LinkToken = Result<'createLinkToken'>;

/** Mesh's environments: the spec's servers, named by their `description` in lower case. */
export type MeshEnvironment = Lowercase<(typeof servers)[number]['description']>;
export const MESH_ENVIRONMENTS: Readonly<Record<MeshEnvironment, string>> = Object.freeze(
  Object.fromEntries(servers.map((s) => [s.description.toLowerCase(), s.url])) as Record<MeshEnvironment, string>,
);

export interface MeshOptions extends ClientOptions {
  /** Default: the `MESH_CLIENT_ID` environment variable. */
  clientId?: string;
  /** Default: the `MESH_CLIENT_SECRET` environment variable. */
  clientSecret?: string;
  /** Which Mesh servers to call. Default: `MESH_ENVIRONMENT`, else `production`. */
  environment?: MeshEnvironment;
  /** An explicit server origin; wins over `environment`. Default: `MESH_BASE_URL`. */
  baseUrl?: string;
}

/** Every operation of specs/mesh.yaml, as a method named by its operationId (generated). */
export interface Mesh extends Methods {}

/** The Mesh Connect API: link tokens for Mesh Link sessions. Server side only. */
export class Mesh {
  static {
    defineOperations(this, operationTable, (mesh: Mesh) => mesh.#core);
  }

  /** The typed openapi-fetch client, with auth, retries, timeouts and logging applied. */
  readonly api: Client<paths>;
  /** The environment whose servers this client calls (`undefined` with a custom `baseUrl`). */
  readonly environment: MeshEnvironment | undefined;
  readonly baseUrl: string;
  readonly #core: ClientCore<paths>;

  constructor(options: MeshOptions = {}) {
    const { errors } = meshProfile;
    const clientId = requireCredential(errors, 'Mesh', 'clientId', options.clientId, 'MESH_CLIENT_ID');
    const clientSecret = requireCredential(errors, 'Mesh', 'clientSecret', options.clientSecret, 'MESH_CLIENT_SECRET');
    // What the code says wins over the environment: baseUrl, environment, then MESH_BASE_URL, MESH_ENVIRONMENT.
    // Each variable is read only when no option decides (Deno asks for a permission to read them).
    const baseUrl = options.baseUrl ?? (options.environment ? undefined : readEnv('MESH_BASE_URL'));
    const environment = options.environment ?? (baseUrl ? undefined : readEnv('MESH_ENVIRONMENT')) ?? 'production';
    if (!baseUrl && !Object.hasOwn(MESH_ENVIRONMENTS, environment)) {
      throw new MeshError(
        `environment must be one of ${Object.keys(MESH_ENVIRONMENTS).join(', ')}, got ${JSON.stringify(environment)}.`,
      );
    }
    this.environment = baseUrl ? undefined : (environment as MeshEnvironment);
    this.#core = new ClientCore<paths>(
      'Mesh',
      '@org/mesh',
      { ...meshProfile, operations: operationTable },
      {
        ...options,
        baseUrl: baseUrl ?? MESH_ENVIRONMENTS[environment as MeshEnvironment],
        authHeaders: { 'X-Client-Id': clientId, 'X-Client-Secret': clientSecret },
      },
    );
    this.api = this.#core.api;
    this.baseUrl = this.#core.baseUrl;
  }

  /** Releases this client's kept-alive connections; calls made after it fail at once. */
  close(): void {
    this.#core.close();
  }

  /** For `await using mesh = new Mesh()`: closes the client. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
