import { describe, expect, it } from 'vitest';
import { isSecretHeader, REDACTED, redactBody, redactHeaders } from '../src/redact.js';

describe('redactHeaders', () => {
  it('redacts credential headers in a record, whatever their case, and keeps the rest', () => {
    const input = {
      'x-api-key': 'key-1',
      'X-Client-Secret': 'secret-2',
      Authorization: 'Bearer token-3',
      'X-API-KEY': 'key-4',
      Cookie: 'sid=5',
      'Set-Cookie': 'sid=6',
      'Content-Type': 'application/json',
      'X-Client-Id': 'client-7',
      'x-request-id': 'req-8',
    };
    expect(redactHeaders(input)).toEqual({
      'x-api-key': REDACTED,
      'X-Client-Secret': REDACTED,
      Authorization: REDACTED,
      'X-API-KEY': REDACTED,
      Cookie: REDACTED,
      'Set-Cookie': REDACTED,
      'Content-Type': 'application/json',
      'X-Client-Id': 'client-7',
      'x-request-id': 'req-8',
    });
    // The input is left alone.
    expect(input['x-api-key']).toBe('key-1');
  });

  it('redacts a Headers object (names come out lowercased)', () => {
    const headers = new Headers({
      'X-Api-Key': 'key-1',
      'x-client-secret': 'secret-2',
      AUTHORIZATION: 'Basic abc',
      Accept: 'application/json',
    });
    const out = redactHeaders(headers);
    expect(out).toEqual({
      'x-api-key': REDACTED,
      'x-client-secret': REDACTED,
      authorization: REDACTED,
      accept: 'application/json',
    });
    expect(JSON.stringify(out)).not.toMatch(/key-1|secret-2|abc/);
  });

  it('isSecretHeader is case-insensitive', () => {
    expect(isSecretHeader('X-API-Key')).toBe(true);
    expect(isSecretHeader('x-client-secret')).toBe(true);
    expect(isSecretHeader('x-client-id')).toBe(false);
  });
});

describe('redactBody', () => {
  it('redacts one-time codes (Mesh’s mfaCode, challengeCode, challengeAnswer) like tokens', () => {
    const out = redactBody({
      errorData: { mfaCode: '123456', challenge_code: 'c-9', ChallengeAnswer: 'blue', mfaType: 'phone' },
    }) as { errorData: Record<string, string> };
    expect(out.errorData).toEqual({
      mfaCode: REDACTED,
      challenge_code: REDACTED,
      ChallengeAnswer: REDACTED,
      mfaType: 'phone',
    });
  });

  it('redacts token and credential fields at any depth, keeping everything else', () => {
    const body = {
      status: 'ok',
      content: { linkToken: 'lt-secret', paymentLink: 'https://pay/secret', expiresIn: 600 },
      token: 'tok-secret',
      refresh_token: 'rt-secret',
      access_token: 'at-secret',
      auth_object: { bot_token: 'xoxb-secret', nested: { deeper: 'x' } },
      items: [{ token: 'tok-in-array', name: 'kept' }, 'plain', 3],
      credentials: { apiKey: 'k-secret', clientSecret: 'cs-secret', clientId: 'cid' },
    };
    const out = redactBody(body);
    expect(out).toEqual({
      status: 'ok',
      content: { linkToken: REDACTED, paymentLink: REDACTED, expiresIn: 600 },
      token: REDACTED,
      refresh_token: REDACTED,
      access_token: REDACTED,
      auth_object: REDACTED,
      items: [{ token: REDACTED, name: 'kept' }, 'plain', 3],
      credentials: REDACTED,
    });
    expect(JSON.stringify(out)).not.toContain('secret');
    expect(JSON.stringify(out)).not.toContain('tok-in-array');
    // A copy: the input keeps its values.
    expect(body.token).toBe('tok-secret');
    expect(body.auth_object.bot_token).toBe('xoxb-secret');
  });

  it('keeps null and undefined secret fields as they are (nothing to hide)', () => {
    expect(redactBody({ token: null, linkToken: undefined })).toEqual({ token: null, linkToken: undefined });
  });

  it('passes scalars through', () => {
    expect(redactBody(null)).toBeNull();
    expect(redactBody(undefined)).toBeUndefined();
    expect(redactBody(42)).toBe(42);
    expect(redactBody(true)).toBe(true);
    expect(redactBody('short text')).toBe('short text');
  });

  it('truncates long strings, at the top level and nested, saying how long they were', () => {
    const exact = 'a'.repeat(2000);
    expect(redactBody(exact)).toBe(exact);
    const long = 'b'.repeat(2500);
    const out = redactBody(long) as string;
    expect(out.startsWith('b'.repeat(2000))).toBe(true);
    expect(out).toBe(`${'b'.repeat(2000)}… (2500 characters)`);
    const nested = redactBody({ message: long, list: [long] }) as { message: string; list: string[] };
    expect(nested.message).toBe(out);
    expect(nested.list[0]).toBe(out);
  });
});

describe('secret headers, matched by name', () => {
  it('covers per-call headers that carry tokens or credentials', () => {
    const redacted = redactHeaders({
      'x-session-token': 'a',
      'X-Refresh-Jwt': 'b',
      'x-signature': 'c',
      'proxy-authorization': 'd',
      'x-client-credential': 'e',
    });
    expect(Object.values(redacted)).toEqual(['[redacted]', '[redacted]', '[redacted]', '[redacted]', '[redacted]']);
  });

  it("keeps what diagnoses a failure: a 401's www-authenticate, the request id, the content type", () => {
    const kept = {
      'www-authenticate': 'Bearer realm="api"',
      'x-request-id': 'r1',
      'content-type': 'application/json',
      'keep-alive': 'timeout=5',
    };
    expect(redactHeaders(kept)).toEqual(kept);
  });
});
