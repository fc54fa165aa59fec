// `pnpm demo`: starts the Prism mocks and calls each API once through openapi-fetch.
// Replaced by the clients' demo once @org/refold and @org/mesh have their methods.
import createClient from 'openapi-fetch';
import { startMocks } from './mocks.mjs';

const short = (token) => (token.length > 16 ? `${token.slice(0, 8)}…${token.slice(-4)}` : '…');
const mocks = await startMocks();
try {
  const refold = createClient({ baseUrl: mocks.urls.refold, headers: { 'x-api-key': 'tk_demo' } });
  const session = await refold.POST('/session-token', { body: { linked_account_id: 'markwood@some_email.com' } });
  console.log(`Refold session token: ${short(session.data.token)}`);

  const mesh = createClient({ baseUrl: mocks.urls.mesh, headers: { 'X-Client-Id': 'demo', 'X-Client-Secret': 'demo' } });
  const link = await mesh.POST('/api/v1/linktoken', { body: { userId: 'user-1' } });
  console.log(`Mesh link token: ${short(link.data.content.linkToken)}`);
} finally {
  mocks.stop();
}
