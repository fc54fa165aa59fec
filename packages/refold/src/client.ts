import { ClientCore, type ClientOptions, defineOperations, readEnv, requireCredential } from '@org/core';
import type { Client } from 'openapi-fetch';
import { RefoldError, refoldProfile } from './errors.js';
import type { Methods, Params, Result } from './generated/methods.js';
import type { paths } from './generated/openapi.js';
import { operationTable, servers } from './generated/operations.js';

export interface RefoldOptions extends ClientOptions {
  /** Your organisation's API key. Default: the `REFOLD_API_KEY` environment variable. */
  apiKey?: string;
  /** The server's origin. Default: `REFOLD_BASE_URL`, else `https://app.refold.ai`. */
  baseUrl?: string;
}

export type { Params as RefoldParams, Result as RefoldResult };
export type SessionTokenParams = Params<'getTokenForLinkedAccount'>;
export type SessionToken = Result<'getTokenForLinkedAccount'>;
export type MigrateTokenParams = Params<'migrateToken'>;
export type MigrateTokenResult = Result<'migrateToken'>;

/** Every operation of specs/refold.yaml, as a method named by its operationId (generated). */
export interface Refold extends Methods {}

/** The Refold public API: every documented operation, as a method named by its operationId. Server side only. */
export class Refold {
  /** The spec's first server, the current production host. */
  static readonly DEFAULT_BASE_URL: string = servers[0].url;

  static {
    defineOperations(this, operationTable, (refold: Refold) => refold.#core);
  }

  /** The typed openapi-fetch client, with auth, retries, timeouts and logging applied. */
  readonly api: Client<paths>;
  readonly baseUrl: string;
  readonly #core: ClientCore<paths>;

  constructor(options: RefoldOptions = {}) {
    const apiKey = requireCredential(refoldProfile.errors, 'Refold', 'apiKey', options.apiKey, 'REFOLD_API_KEY');
    const baseUrl = options.baseUrl ?? readEnv('REFOLD_BASE_URL') ?? Refold.DEFAULT_BASE_URL;
    // Before 0.2 the base URL carried the /api/v2/public prefix; the spec's paths now do, all
    // under /api/v1 or /api/v2, so a base URL that reaches into them would double them.
    if (typeof baseUrl === 'string' && URL.canParse(baseUrl) && /^\/api\/v[12](\/|$)/.test(new URL(baseUrl).pathname)) {
      throw new RefoldError(
        "baseUrl is the server's origin now (such as https://app.refold.ai): drop its /api/... path, which every operation's path carries.",
      );
    }
    this.#core = new ClientCore<paths>(
      'Refold',
      '@org/refold',
      { ...refoldProfile, operations: operationTable },
      {
        ...options,
        baseUrl,
        authHeaders: { 'x-api-key': apiKey },
      },
    );
    this.api = this.#core.api;
    this.baseUrl = this.#core.baseUrl;
  }

  /** Releases this client's kept-alive connections; calls made after it fail at once. */
  close(): void {
    this.#core.close();
  }

  /** For `await using refold = new Refold()`: closes the client. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
