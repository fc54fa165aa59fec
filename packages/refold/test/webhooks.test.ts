// Webhook verification against signatures computed here, independently, with node:crypto: the
// documented scheme (HMAC-SHA256 of the raw body keyed on the API key, hex, x-cobalt-signature).
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RefoldError, RefoldWebhookVerificationError, verifyWebhook } from '../src/index.js';

const API_KEY = 'tk_webhook_signing_key_0123456789';
// Refold's own example payload (build/basics/webhooks.mdx), signed here with its placeholder key.
const DOC_BODY = JSON.stringify({
  linked_account_id: 'dev',
  instance_id: '67d22c4330d75f3a3fa29056',
  workflow_id: '67af37ad1d0bb61005439eaf',
  event: 'Workflow Completed',
  workflow_name: 'Get Response',
  status: 'COMPLETED',
  environment: 'test',
});
const body = JSON.stringify({
  linked_account_id: '12345',
  event: 'Connection Created',
  slug: 'hubspot',
  createdAt: 'Tue, 07 Nov 2023 08:03:27 GMT',
});
const sign = (text: string | Buffer, key = API_KEY) => createHmac('sha256', key).update(text).digest('hex');

async function failure(promise: Promise<unknown>): Promise<RefoldWebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RefoldWebhookVerificationError);
  expect(error).toBeInstanceOf(RefoldError);
  const verification = error as RefoldWebhookVerificationError;
  for (const view of [verification.message, JSON.stringify(verification), inspect(verification)])
    expect(view).not.toContain(API_KEY);
  return verification;
}

describe('verifyWebhook', () => {
  it('accepts Refold’s documented example, and returns the parsed event', async () => {
    const event = await verifyWebhook({
      body: DOC_BODY,
      headers: { 'x-cobalt-signature': sign(DOC_BODY, '<Cobalt-API-key>') },
      secret: '<Cobalt-API-key>',
    });
    expect(event).toMatchObject({ event: 'Workflow Completed', instance_id: '67d22c4330d75f3a3fa29056' });
  });

  it('takes the body as a string or as bytes, and the headers as a Headers or a plain object in any case', async () => {
    const signature = sign(body);
    for (const [raw, headers] of [
      [body, { 'x-cobalt-signature': signature }],
      [new TextEncoder().encode(body), new Headers({ 'X-Cobalt-Signature': signature })],
      [Buffer.from(body), { 'X-COBALT-SIGNATURE': signature.toUpperCase() }],
      [new TextEncoder().encode(body).buffer, { 'x-cobalt-signature': [signature] }],
    ] as const) {
      await expect(
        verifyWebhook({ body: raw as never, headers: headers as never, secret: API_KEY }),
      ).resolves.toMatchObject({ slug: 'hubspot' });
    }
  });

  it('refuses a tampered body, a wrong secret and a signature of other bytes', async () => {
    const signature = sign(body);
    await failure(
      verifyWebhook({
        body: body.replace('hubspot', 'salesforce'),
        headers: { 'x-cobalt-signature': signature },
        secret: API_KEY,
      }),
    );
    await failure(verifyWebhook({ body, headers: { 'x-cobalt-signature': signature }, secret: 'tk_some_other_key' }));
    const wrong = await failure(
      verifyWebhook({ body, headers: { 'x-cobalt-signature': sign(`${body} `) }, secret: API_KEY }),
    );
    expect(wrong.message).toMatch(/does not match the body\. Pass the raw request body exactly as received/);
  });

  it('refuses a body that was parsed and re-serialised with other spacing, saying to pass the raw body', async () => {
    const raw = '{"linked_account_id": "12345", "event": "Connection Created", "slug": "hubspot"}';
    const signature = sign(raw);
    const error = await failure(
      verifyWebhook({
        body: JSON.stringify(JSON.parse(raw)),
        headers: { 'x-cobalt-signature': signature },
        secret: API_KEY,
      }),
    );
    expect(error.message).toContain('not parsed and re-serialised');
    const parsed = await failure(
      verifyWebhook({ body: JSON.parse(raw) as never, headers: { 'x-cobalt-signature': signature }, secret: API_KEY }),
    );
    expect(parsed.message).toMatch(/^body must be the raw request body, a string or bytes, as received; got object/);
  });

  it('says when the signature header is missing or not a hex HMAC-SHA256', async () => {
    expect((await failure(verifyWebhook({ body, headers: {}, secret: API_KEY }))).message).toMatch(
      /has no x-cobalt-signature header/,
    );
    expect(
      (await failure(verifyWebhook({ body, headers: { 'x-cobalt-signature': 'not-hex' }, secret: API_KEY }))).message,
    ).toMatch(/is not a hex HMAC-SHA256 signature/);
    expect(
      (
        await failure(
          verifyWebhook({ body, headers: { 'x-cobalt-signature': sign(body).slice(0, 62) }, secret: API_KEY }),
        )
      ).message,
    ).toMatch(/is not a hex/);
  });

  it('refuses to check without a secret', async () => {
    await expect(verifyWebhook({ body, headers: { 'x-cobalt-signature': sign(body) }, secret: '' })).rejects.toThrow(
      'verifyWebhook needs the signing secret as a non-empty string.',
    );
  });
});
