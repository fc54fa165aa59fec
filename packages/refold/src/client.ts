import { ClientCore, readEnv, requireCredential, type CallOptions, type ClientOptions } from '@org/core';
import type { Client } from 'openapi-fetch';
import type { components, operations, paths } from './generated/openapi.js';
import { requestRules, servers } from './generated/rules.js';
import { refoldProfile } from './errors.js';

export interface RefoldOptions extends ClientOptions {
  /** Your organisation's API key. Default: the `REFOLD_API_KEY` environment variable. */
  apiKey?: string;
  /** Default: `REFOLD_BASE_URL`, else `https://app.refold.ai/api/v2/public`. */
  baseUrl?: string;
}

type Schemas = components['schemas'];
export type SessionTokenParams = Schemas['SessionTokenRequest'] & NonNullable<operations['getTokenForLinkedAccount']['parameters']['query']>;
export type SessionToken = Schemas['SessionToken'];
export type MigrateTokenParams = operations['migrateToken']['parameters']['header'] & Schemas['MigrateTokenRequest'];
export type MigrateTokenResult = Schemas['MigrateTokenResult'];

/** The Refold API: session tokens for linked accounts, and token migration. Server side only. */
export class Refold {
  /** The spec's first server, the current production host. */
  static readonly DEFAULT_BASE_URL: string = servers[0].url;

  /** The typed openapi-fetch client, with auth, retries, timeouts and logging applied. */
  readonly api: Client<paths>;
  readonly baseUrl: string;
  readonly #core: ClientCore<paths>;

  constructor(options: RefoldOptions = {}) {
    const apiKey = requireCredential(refoldProfile.errors, 'Refold', 'apiKey', options.apiKey, 'REFOLD_API_KEY');
    this.#core = new ClientCore<paths>('Refold', '@org/refold', { ...refoldProfile, operations: requestRules }, {
      ...options,
      baseUrl: options.baseUrl ?? readEnv('REFOLD_BASE_URL') ?? Refold.DEFAULT_BASE_URL,
      authHeaders: { 'x-api-key': apiKey },
    });
    this.api = this.#core.api;
    this.baseUrl = this.#core.baseUrl;
  }

  /**
   * Mints a session token for a linked account (`POST /session-token`). Without
   * `force_refresh`, Refold may return the account's existing valid token.
   * Never log the token; to reuse tokens until they expire, use `SessionTokenCache`.
   */
  async getTokenForLinkedAccount(params: SessionTokenParams, options?: CallOptions): Promise<SessionToken> {
    const { force_refresh, ...body } = params;
    const request = { params: { query: force_refresh === undefined ? undefined : { force_refresh } }, body };
    return this.#core.call(
      'getTokenForLinkedAccount',
      requestRules.getTokenForLinkedAccount,
      request,
      options,
      (init) => this.api.POST('/session-token', { ...request, ...init }),
      (data) => (typeof data?.token === 'string' && data.token ? undefined : 'The session-token response carries no token.'),
    );
  }

  /**
   * Migrates an application's auth object into a Refold integration for a linked account
   * (`PUT /migrate-token`). Every `auth_object` value must be a string.
   */
  async migrateToken(params: MigrateTokenParams, options?: CallOptions): Promise<MigrateTokenResult> {
    const { linked_account_id, ...body } = params;
    const request = { params: { header: { linked_account_id } }, body };
    const data = await this.#core.call(
      'migrateToken',
      requestRules.migrateToken,
      request,
      options,
      (init) => this.api.PUT('/migrate-token', { ...request, ...init }),
      // Refold reports some failures as HTTP 200 with `{ "error": "..." }`.
      (data) =>
        typeof data !== 'object' || data === null || 'error' in data || data.success !== true ? 'Refold did not report the migration as successful.' : undefined,
    );
    return data as MigrateTokenResult;
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
