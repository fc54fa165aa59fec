import { expectTypeOf, it } from 'vitest';
import type { components, operations } from '../src/index.js';

type Schemas = components['schemas'];

it('re-exports the request types generated from specs/refold.yaml', () => {
  expectTypeOf<Schemas['SessionTokenRequest']>().toEqualTypeOf<{ linked_account_id: string }>();
  expectTypeOf<Schemas['MigrateTokenRequest']>().toEqualTypeOf<{
    slug: string;
    auth_object: { [key: string]: string | { [key: string]: unknown } };
  }>();
  expectTypeOf<operations['migrateToken']['parameters']['header']>().toEqualTypeOf<{ linked_account_id: string }>();
  expectTypeOf<NonNullable<operations['getTokenForLinkedAccount']['parameters']['query']>>().toEqualTypeOf<{
    force_refresh?: boolean;
  }>();
});

it('re-exports the response types, with the optional lifetimes and the 200 that carries an error', () => {
  expectTypeOf<Schemas['SessionToken']>().toEqualTypeOf<{
    token: string;
    refresh_token?: string;
    expires_in?: number;
    refresh_expires_in?: number;
  }>();
  expectTypeOf<operations['migrateToken']['responses'][200]['content']['application/json']>().toEqualTypeOf<
    Schemas['MigrateTokenResult'] | Schemas['MigrateTokenFailure']
  >();
  expectTypeOf<Schemas['Error']['message']>().toEqualTypeOf<string>();
});
