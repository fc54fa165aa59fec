import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../src/redact.js';
import { defineFamily } from './family.js';

const Acme = defineFamily('Acme');
const Other = defineFamily('Other');

const apiError = () =>
  new Acme.APIError({
    status: 401,
    message: 'Invalid API key',
    code: 'unauthorized',
    requestId: 'req_123',
    body: { message: 'Invalid API key', token: 'tok_live_SECRET', nested: { linkToken: 'lt_SECRET' } },
    headers: { 'x-request-id': 'req_123' },
  });

describe('error classes', () => {
  it('names each class with the prefix', () => {
    expect(Acme.SDKError.name).toBe('AcmeError');
    expect(Acme.APIError.name).toBe('AcmeAPIError');
    expect(Acme.ConnectionError.name).toBe('AcmeConnectionError');
    expect(Acme.TimeoutError.name).toBe('AcmeTimeoutError');
    expect(Acme.AbortError.name).toBe('AcmeAbortError');
    expect(Acme.ValidationError.name).toBe('AcmeValidationError');
  });

  it('names instances, their string form and their stack', () => {
    const err = apiError();
    expect(err.name).toBe('AcmeAPIError');
    expect(String(err)).toBe('AcmeAPIError: Invalid API key');
    expect(err.stack?.split('\n')[0]).toBe('AcmeAPIError: Invalid API key');
    expect(new Acme.TimeoutError('slow').name).toBe('AcmeTimeoutError');
    expect(new Acme.SDKError('base').name).toBe('AcmeError');
  });

  it('derives every class from the base, and the base from Error', () => {
    for (const cls of [Acme.APIError, Acme.ConnectionError, Acme.TimeoutError, Acme.AbortError, Acme.ValidationError]) {
      expect(cls.prototype).toBeInstanceOf(Acme.SDKError);
    }
    const err = apiError();
    expect(err).toBeInstanceOf(Acme.APIError);
    expect(err).toBeInstanceOf(Acme.SDKError);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(Acme.ConnectionError);
    expect(new Acme.ConnectionError('x')).not.toBeInstanceOf(Acme.TimeoutError);
  });

  it('gives two families distinct classes', () => {
    expect(Other.APIError).not.toBe(Acme.APIError);
    expect(Other.SDKError).not.toBe(Acme.SDKError);
    expect(Other.APIError.name).toBe('OtherAPIError');
    expect(apiError()).not.toBeInstanceOf(Other.SDKError);
    expect(new Other.TimeoutError('x')).not.toBeInstanceOf(Acme.SDKError);
    // Naming one family did not rename the other.
    expect(Acme.APIError.name).toBe('AcmeAPIError');
  });

  it('recognises an error from another copy of the same package (its ESM and CJS builds) with instanceof', () => {
    const Copy = defineFamily('Acme');
    const fromCopy = new Copy.APIError({ status: 500, message: 'x', body: undefined, headers: {} });
    expect(Copy.APIError).not.toBe(Acme.APIError);
    expect(fromCopy instanceof Acme.APIError).toBe(true);
    expect(fromCopy instanceof Acme.SDKError).toBe(true);
    expect(fromCopy instanceof Acme.TimeoutError).toBe(false);
    expect(new Copy.TimeoutError('slow') instanceof Acme.APIError).toBe(false);
    expect(fromCopy instanceof Other.SDKError).toBe(false);
    // Not fooled by plain objects or primitives, even carrying the brand.
    expect(({ name: 'AcmeAPIError' } as unknown) instanceof Acme.APIError).toBe(false);
    const forged = { [Symbol.for('@org/sdk.errorClasses')]: ['AcmeAPIError', 'AcmeError'] };
    expect((forged as unknown) instanceof Acme.APIError).toBe(false);
    expect((null as unknown) instanceof Acme.SDKError).toBe(false);
  });

  it('keeps the class names out of JSON and keeps the name on the prototype', () => {
    const err = new Acme.ConnectionError('down');
    expect(Object.keys(err)).toEqual([]);
    expect(Object.hasOwn(Acme.ConnectionError.prototype, 'name')).toBe(true);
  });

  it('keeps the cause', () => {
    const cause = new Error('ECONNREFUSED');
    expect(new Acme.ConnectionError('Connection error', { cause }).cause).toBe(cause);
  });
});

describe('APIError', () => {
  it('carries status, code, requestId, headers and a redacted body', () => {
    const err = apiError();
    expect(err.message).toBe('Invalid API key');
    expect(err.status).toBe(401);
    expect(err.code).toBe('unauthorized');
    expect(err.requestId).toBe('req_123');
    expect(err.headers).toEqual({ 'x-request-id': 'req_123' });
    expect(err.body).toEqual({ message: 'Invalid API key', token: REDACTED, nested: { linkToken: REDACTED } });
  });

  it('serializes with JSON.stringify without the token', () => {
    const text = JSON.stringify(apiError());
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: 'AcmeAPIError',
      message: 'Invalid API key',
      status: 401,
      code: 'unauthorized',
      requestId: 'req_123',
    });
    expect(text).not.toContain('SECRET');
  });

  it('inspects without the token', () => {
    const text = inspect(apiError(), { depth: 10 });
    expect(text).toContain('401');
    expect(text).toContain('Invalid API key');
    expect(text).toContain('AcmeAPIError');
    expect(text).not.toContain('SECRET');
  });

  it('truncates a long text body', () => {
    const err = new Acme.APIError({ status: 502, message: 'Bad gateway', body: '<html>'.repeat(1000), headers: {} });
    expect((err.body as string).length).toBeLessThan(2100);
  });
});

describe('ValidationError', () => {
  it('names the operation, each field and rule in its message, and keeps the issues', () => {
    const issues = [
      { field: 'userId', rule: 'maxLength', message: 'must have at most 300 characters' },
      { field: 'transferOptions.toAddresses[0].networkId', rule: 'format', message: 'must be a valid uuid' },
    ];
    const err = new Acme.ValidationError(issues, 'createLinkToken');
    expect(err).toBeInstanceOf(Acme.SDKError);
    expect(err.name).toBe('AcmeValidationError');
    expect(err.message).toBe(
      'Invalid createLinkToken request: userId must have at most 300 characters (maxLength); ' +
        'transferOptions.toAddresses[0].networkId must be a valid uuid (format)',
    );
    expect(err.issues).toEqual(issues);
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({ name: 'AcmeValidationError', issues });
  });
});
