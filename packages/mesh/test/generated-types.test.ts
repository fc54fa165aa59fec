import { expect, expectTypeOf, it } from 'vitest';
import { BrokerType, type components, type operations, TransferTypeEnum } from '../src/index.js';

type Schemas = components['schemas'];
type Request = Schemas['GetLinkTokenRequest'];

it('re-exports the request types generated from specs/mesh.yaml, nullable fields included', () => {
  expectTypeOf<Request['userId']>().toEqualTypeOf<string>();
  expectTypeOf<Request['brokerType']>().toEqualTypeOf<Schemas['BrokerType'] | null | undefined>();
  expectTypeOf<Request['integrationId']>().toEqualTypeOf<string | null | undefined>();
  expectTypeOf<'coinbase'>().toExtend<Schemas['BrokerType']>();
  // An open enum: its known values for autocompletion, and any other string.
  expectTypeOf<'deposit' | 'payment' | 'onramp' | 'fiatOnRamp' | 'fiatOffRamp' | (string & {})>().toEqualTypeOf<
    Schemas['TransferTypeEnum']
  >();
  expectTypeOf<TransferTypeEnum>().toEqualTypeOf<Schemas['TransferTypeEnum']>();
  expectTypeOf<operations['createLinkToken']['requestBody']['content']['application/json']>().toEqualTypeOf<Request>();
});

it('re-exports the envelope types', () => {
  expectTypeOf<Schemas['LinkTokenModelApiResult']['content']>().toEqualTypeOf<
    Schemas['LinkTokenModel'] | null | undefined
  >();
  expectTypeOf<Schemas['ApiResult']['status']>().toEqualTypeOf<Schemas['ApiResultStatus'] | undefined>();
});

it('exports each enum by name as a frozen list of its known values', () => {
  expect(TransferTypeEnum).toEqual(['deposit', 'payment', 'onramp', 'fiatOnRamp', 'fiatOffRamp']);
  expect(BrokerType).toContain('coinbase');
  expect(Object.isFrozen(BrokerType)).toBe(true);
  expectTypeOf(BrokerType).toExtend<readonly string[]>();
  expectTypeOf<(typeof BrokerType)[number]>().toExtend<BrokerType>();
});
