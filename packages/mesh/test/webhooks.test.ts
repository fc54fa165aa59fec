// Webhook verification against signatures computed here, independently, with node:crypto: Mesh's
// documented scheme (HMAC-SHA256 of the raw body keyed on the webhook secret, base64, X-Mesh-Signature-256).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MeshWebhookVerificationError, verifyWebhook } from '../src/index.js';

const SECRET = 'mesh-webhook-secret-0123456789';
const body = JSON.stringify({
  Id: '358c6ab7-4518-416b-9266-c680fda3a8dd',
  EventId: '56713e70-be74-4a37-0036-08da97f5941a',
  TransferId: 'dd4063e5-f317-441c-3f07-08dc7353b6f8',
  TransferStatus: 'Pending',
  SentTimestamp: 1720532648,
});
const sign = (text: string, key = SECRET) => createHmac('sha256', key).update(text).digest('base64');

describe('verifyWebhook', () => {
  it('accepts a base64 signature of the raw body and returns the typed event', async () => {
    const event = await verifyWebhook({
      body,
      headers: new Headers({ 'X-Mesh-Signature-256': sign(body) }),
      secret: SECRET,
    });
    expect(event.EventId).toBe('56713e70-be74-4a37-0036-08da97f5941a');
    expect(event.TransferStatus).toBe('Pending');
  });

  it('refuses a tampered body, a wrong secret, a hex signature and a missing header', async () => {
    const headers = { 'x-mesh-signature-256': sign(body) };
    for (const input of [
      { body: body.replace('Pending', 'Succeeded'), headers, secret: SECRET },
      { body, headers, secret: 'another-secret-value' },
      {
        body,
        headers: { 'x-mesh-signature-256': createHmac('sha256', SECRET).update(body).digest('hex') },
        secret: SECRET,
      },
      { body, headers: {}, secret: SECRET },
    ]) {
      const error = await verifyWebhook(input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MeshWebhookVerificationError);
      expect(String((error as Error).message)).not.toContain(SECRET);
    }
  });
});
