import { verifyWebhookBody, type WebhookInput } from '@org/core';
import { MeshWebhookVerificationError, meshProfile } from './errors.js';
import type { components } from './generated/openapi.js';

/** A managed transfer's status update, as Mesh sends it to your callback URL (the spec's `webhooks`). */
export type MeshWebhookEvent = components['schemas']['TransferWebhookEvent'];

/**
 * Checks a Mesh webhook's signature (HMAC-SHA256 of the raw body, keyed on your webhook secret,
 * base64, in `X-Mesh-Signature-256`) and returns its event; throws `MeshWebhookVerificationError`
 * saying why not. `body` must be the raw body as received, not parsed and re-serialised.
 */
export function verifyWebhook(input: WebhookInput): Promise<MeshWebhookEvent> {
  const fail = (message: string) => new MeshWebhookVerificationError(message);
  return verifyWebhookBody(
    input,
    { header: 'x-mesh-signature-256', encoding: 'base64' },
    fail,
    meshProfile.errors,
  ) as Promise<MeshWebhookEvent>;
}
