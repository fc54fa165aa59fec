import { expectTypeOf, it } from 'vitest';
import type { MigrateTokenResult, Refold, SessionToken } from '../src/index.js';

// These calls only have to compile (or, marked @ts-expect-error, not compile): `pnpm typecheck`
// fails if a marked line starts compiling, i.e. if the types stop catching the mistake.
function compileOnly(refold: Refold) {
  // @ts-expect-error linked_account_id is required
  void refold.getTokenForLinkedAccount({});
  // @ts-expect-error unknown field
  void refold.getTokenForLinkedAccount({ linked_account_id: 'a', template_id: 't' });
  // @ts-expect-error force_refresh is a boolean
  void refold.getTokenForLinkedAccount({ linked_account_id: 'a', force_refresh: 'yes' });
  // @ts-expect-error slug is required
  void refold.migrateToken({ linked_account_id: 'a', auth_object: {} });
  // @ts-expect-error auth_object values are strings
  void refold.migrateToken({ linked_account_id: 'a', slug: 'slack', auth_object: { port: 443 } });
  // @ts-expect-error unknown per-call option
  void refold.getTokenForLinkedAccount({ linked_account_id: 'a' }, { retries: 3 });
  // @ts-expect-error an operation without a body takes no `body`
  void refold.deleteVariableValue({ value_id: 'v', body: {} });
  // @ts-expect-error the raw client knows the spec's paths
  void refold.api.POST('/api/v2/public/session-tokens', { body: { linked_account_id: 'a' } });
}

it('types the methods from the generated spec types', () => {
  expectTypeOf(compileOnly).toBeFunction();
  expectTypeOf<Refold['getTokenForLinkedAccount']>().returns.resolves.toEqualTypeOf<SessionToken>();
  expectTypeOf<Refold['migrateToken']>().returns.resolves.toEqualTypeOf<MigrateTokenResult>();
  // One object: the query parameter beside the body's properties, by their wire names.
  expectTypeOf<Parameters<Refold['getTokenForLinkedAccount']>[0]>().toEqualTypeOf<{
    force_refresh?: boolean;
    linked_account_id: string;
  }>();
  expectTypeOf<Parameters<Refold['migrateToken']>[0]>().toEqualTypeOf<{
    linked_account_id: string;
    slug: string;
    auth_object: { [key: string]: string | { [key: string]: unknown } };
  }>();
  // The failure branch a 200 can carry (x-failure) is not what the method resolves to.
  expectTypeOf<MigrateTokenResult>().toEqualTypeOf<{ success: true; message: string }>();
});
