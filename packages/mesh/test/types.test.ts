import { expectTypeOf, it } from 'vitest';
import { type LinkToken, Mesh, type MeshEnvironment } from '../src/index.js';

// These calls only have to compile (or, marked @ts-expect-error, not compile): `pnpm typecheck`
// fails if a marked line starts compiling, i.e. if the types stop catching the mistake.
function compileOnly(mesh: Mesh) {
  // @ts-expect-error userId is required
  void mesh.createLinkToken({ restrictMultipleAccounts: true });
  // @ts-expect-error configurationId is not in the schema (additionalProperties: false)
  void mesh.createLinkToken({ userId: 'u', configurationId: '18a20b11-e47f-43b9-8546-94284e9ee547' });
  // Open enums: a broker or transfer type Mesh adds after this release is still a valid value.
  void mesh.createLinkToken({ userId: 'u', brokerType: 'aBrokerAddedLater' });
  void mesh.createLinkToken({ userId: 'u', transferOptions: { transferType: 'gift' } });
  // @ts-expect-error an open enum is still a string
  void mesh.createLinkToken({ userId: 'u', brokerType: 7 });
  // @ts-expect-error only production and sandbox
  void new Mesh({ clientId: 'i', clientSecret: 's', environment: 'staging' });
}

it('types the method and the environments from the generated spec types', () => {
  expectTypeOf(compileOnly).toBeFunction();
  expectTypeOf<Mesh['createLinkToken']>().returns.resolves.toEqualTypeOf<LinkToken>();
  // linkToken is required content: an answer without one rejects rather than resolving to it.
  expectTypeOf<LinkToken>().toEqualTypeOf<{ linkToken: string; paymentLink?: string | null }>();
  expectTypeOf<MeshEnvironment>().toEqualTypeOf<'production' | 'sandbox'>();
});
