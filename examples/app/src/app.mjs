// The application: a Hono server whose routes are what an integrator writes around the two
// clients. The page asks it for the signed-in user's tokens; the vendors post their webhooks to it.
// Secrets (the Refold API key, the Mesh client secret, the webhook secret) stay in here.

import { Mesh, MeshError, MeshWebhookVerificationError, verifyWebhook as verifyMeshWebhook } from '@org/mesh';
import {
  Refold,
  RefoldError,
  RefoldWebhookVerificationError,
  SessionTokenCache,
  verifyWebhook as verifyRefoldWebhook,
} from '@org/refold';
import { Hono } from 'hono';
import { page } from './page.mjs';

/**
 * @param {{ refold: { apiKey: string, baseUrl?: string }, mesh: { clientId: string, clientSecret: string, baseUrl?: string, webhookSecret: string } }} config
 */
export function createApp(config) {
  const refold = new Refold({ apiKey: config.refold.apiKey, baseUrl: config.refold.baseUrl });
  const mesh = new Mesh({
    clientId: config.mesh.clientId,
    clientSecret: config.mesh.clientSecret,
    baseUrl: config.mesh.baseUrl,
    environment: config.mesh.baseUrl ? undefined : 'sandbox',
  });
  const sessions = new SessionTokenCache(refold);
  /** The webhooks received, newest first, deduplicated as each vendor says (a store of your own in production). */
  const events = [];
  const seen = new Set();

  const app = new Hono();
  // Stands in for your sign-in: the user's id in your app, which is also their Refold linked account.
  const signedInUser = (c) => c.req.header('x-demo-user') ?? 'user_12345';

  app.get('/', (c) => c.html(page));

  // What the page hands to Refold's frontend SDK and to Mesh Link: tokens meant for the page.
  app.post('/api/tokens', async (c) => {
    const user = signedInUser(c);
    try {
      const [sessionToken, link] = await Promise.all([
        sessions.get(user),
        mesh.createLinkToken({ userId: user, restrictMultipleAccounts: true }),
      ]);
      return c.json({ user, refold: { linkedAccountId: user, sessionToken }, mesh: { linkToken: link.linkToken } });
    } catch (error) {
      // The clients' errors carry no secret: their message is safe to log and to show.
      if (error instanceof RefoldError || error instanceof MeshError)
        return c.json({ error: `${error.name}: ${error.message}` }, 502);
      throw error;
    }
  });

  app.post('/webhooks/refold', async (c) => {
    try {
      // The bytes as they arrived: decoding them as text first could change what was signed.
      const event = await verifyRefoldWebhook({
        body: new Uint8Array(await c.req.arrayBuffer()),
        headers: c.req.raw.headers,
        secret: config.refold.apiKey,
      });
      const key =
        'instance_id' in event
          ? event.instance_id
          : `${event.linked_account_id} ${event.slug} ${event.event} ${event.createdAt}`;
      record(
        'refold',
        key,
        'instance_id' in event ? `${event.event}: ${event.status}` : `${event.event}: ${event.slug}`,
      );
      return c.body(null, 200);
    } catch (error) {
      if (error instanceof RefoldWebhookVerificationError) return c.text(error.message, 400);
      throw error;
    }
  });

  app.post('/webhooks/mesh', async (c) => {
    try {
      const event = await verifyMeshWebhook({
        body: new Uint8Array(await c.req.arrayBuffer()),
        headers: c.req.raw.headers,
        secret: config.mesh.webhookSecret,
      });
      // Mesh wants 200 within 200 ms and delivers again with the same EventId: answer first.
      record('mesh', event.EventId, `transfer ${event.TransferId}: ${event.TransferStatus}`);
      return c.body(null, 200);
    } catch (error) {
      if (error instanceof MeshWebhookVerificationError) return c.text(error.message, 400);
      throw error;
    }
  });

  app.get('/api/events', (c) => c.json(events));

  function record(vendor, key, summary) {
    if (seen.has(`${vendor} ${key}`)) return;
    seen.add(`${vendor} ${key}`);
    events.unshift({ vendor, summary });
  }

  const close = () => {
    refold.close();
    mesh.close();
  };
  return { app, close };
}
