import { expectTypeOf, it } from 'vitest';
import type { components, operations } from '../src/index.js';

type Schemas = components['schemas'];
type Request = Schemas['GetLinkTokenRequest'];

it('re-exports the request types generated from specs/mesh.yaml, nullable fields included', () => {
  expectTypeOf<Request['userId']>().toEqualTypeOf<string>();
  expectTypeOf<Request['brokerType']>().toEqualTypeOf<Schemas['BrokerType'] | null | undefined>();
  expectTypeOf<Request['integrationId']>().toEqualTypeOf<string | null | undefined>();
  expectTypeOf<'coinbase'>().toExtend<Schemas['BrokerType']>();
  expectTypeOf<'deposit' | 'payment' | 'onramp'>().toEqualTypeOf<Schemas['TransferTypeEnum']>();
  expectTypeOf<
    operations['createLinkToken']['requestBody']['content']['application/json']
  >().toEqualTypeOf<Request>();
});

it('re-exports the envelope types', () => {
  expectTypeOf<Schemas['LinkTokenModelApiResult']['content']>().toEqualTypeOf<Schemas['LinkTokenModel'] | null | undefined>();
  expectTypeOf<Schemas['ApiResult']['status']>().toEqualTypeOf<Schemas['ApiResultStatus'] | undefined>();
});
