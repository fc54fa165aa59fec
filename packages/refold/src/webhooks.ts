import { verifyWebhookBody, type WebhookInput } from '@org/core';
import { RefoldWebhookVerificationError, refoldProfile } from './errors.js';
import type { components } from './generated/openapi.js';

/** An event Refold sends to a webhook, told apart by `event` (the spec's `webhooks`). */
export type RefoldWebhookEvent =
  | components['schemas']['ConnectionWebhookEvent']
  | components['schemas']['WorkflowWebhookEvent'];

/**
 * Checks a Refold webhook's signature (HMAC-SHA256 of the raw body, keyed on your API key, hex,
 * in `x-cobalt-signature`) and returns its event; throws `RefoldWebhookVerificationError`
 * saying why not. `body` must be the raw body as received, not parsed and re-serialised.
 */
export function verifyWebhook(input: WebhookInput): Promise<RefoldWebhookEvent> {
  const fail = (message: string) => new RefoldWebhookVerificationError(message);
  return verifyWebhookBody(
    input,
    { header: 'x-cobalt-signature', encoding: 'hex' },
    fail,
    refoldProfile.errors,
  ) as Promise<RefoldWebhookEvent>;
}
