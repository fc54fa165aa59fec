// `pnpm example`: the app on the Prism mocks (started from the specs), or on the real APIs with
// `--live` and REFOLD_API_KEY, MESH_CLIENT_ID, MESH_CLIENT_SECRET, MESH_WEBHOOK_SECRET set.
import { serve } from '@hono/node-server';
import { startMocks } from '../../../scripts/mocks.mjs';
import { createApp } from './app.mjs';

const live = process.argv.includes('--live');
const port = Number(process.env.PORT ?? 3000);
const mocks = live ? undefined : await startMocks();
const env = process.env;
const { app, close } = createApp(
  live
    ? {
        refold: { apiKey: env.REFOLD_API_KEY },
        mesh: {
          clientId: env.MESH_CLIENT_ID,
          clientSecret: env.MESH_CLIENT_SECRET,
          webhookSecret: env.MESH_WEBHOOK_SECRET,
        },
      }
    : {
        refold: { apiKey: 'tk_example_app_key', baseUrl: mocks.urls.refold },
        mesh: {
          clientId: 'example-client',
          clientSecret: 'example-client-secret',
          baseUrl: mocks.urls.mesh,
          webhookSecret: 'example-webhook-secret',
        },
      },
);
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
  console.log(
    `Example app on http://127.0.0.1:${port}${mocks ? ` (Refold mock ${mocks.urls.refold}, Mesh mock ${mocks.urls.mesh})` : ''}. Ctrl-C stops it.`,
  );
});
const stop = () => {
  server.close();
  close();
  mocks?.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
