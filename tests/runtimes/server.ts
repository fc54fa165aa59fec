// The server a runtime runs the suite against: one per runtime variant, so that what it received
// is that runtime's alone. It routes on the check header (fixtures.mjs) and on the end of the
// path, never on the base URL's prefix, so it keeps working when base URLs change.
import { createHmac } from 'node:crypto';
import { json, type ReceivedRequest, startServer } from '../../packages/core/testing/server.js';
import { CHECK_HEADER, SECRETS, TOKENS } from './fixtures.mjs';

/** Webhooks as each vendor signs them, signed here with node:crypto, apart from the SDK's Web Crypto. */
function webhookSamples() {
  const refold = JSON.stringify({
    linked_account_id: 'acct-runtime-matrix',
    instance_id: '656f30f69144bb8f183c0118',
    workflow_id: '6495792b9b6ca6d77a17e513',
    event: 'Workflow Completed',
    status: 'COMPLETED',
  });
  const mesh = JSON.stringify({
    Id: '358c6ab7-4518-416b-9266-c680fda3a8dd',
    EventId: '56713e70-be74-4a37-0036-08da97f5941a',
    TransferId: 'dd4063e5-f317-441c-3f07-08dc7353b6f8',
    TransferStatus: 'Succeeded',
  });
  return {
    refold: { body: refold, signature: createHmac('sha256', SECRETS.refoldApiKey).update(refold).digest('hex') },
    mesh: { body: mesh, signature: createHmac('sha256', SECRETS.meshWebhookSecret).update(mesh).digest('base64') },
  };
}

export type Api = 'refold' | 'mesh';

export interface SmokeServer {
  url: string;
  requests: ReceivedRequest[];
  /** The requests of one check, optionally of one client. */
  received(check: string, api?: Api): ReceivedRequest[];
  close(): Promise<void>;
}

/** Which operation a request is for, by the end of its path. */
export function apiOf(url: string): Api | undefined {
  const path = url.split('?')[0]!;
  if (path.endsWith('/session-token')) return 'refold';
  if (path.endsWith('/linktoken')) return 'mesh';
  return undefined;
}

export async function startSmokeServer(): Promise<SmokeServer> {
  let retryAttempts = 0;
  const server = await startServer((request, response) => {
    const check = request.headers[CHECK_HEADER];
    const api = apiOf(request.url);
    // Never answered: the client's timeout or the caller's abort must end the call. close()
    // drops these connections.
    if (check === 'timeout' || check === 'abort') return;
    if (check === 'webhook') return json(response, 200, webhookSamples());
    if (check === 'mint' && api === 'refold') return json(response, 200, { token: TOKENS.session, expires_in: 3600 });
    if (check === 'retry' && api === 'mesh') {
      retryAttempts += 1;
      if (retryAttempts === 1)
        return json(response, 503, { status: 'serverFailure', message: 'Service unavailable' }, { 'retry-after': '0' });
      return json(response, 200, { status: 'ok', content: { linkToken: TOKENS.link } });
    }
    // Anything else is a request the suite should not have sent (validate sends none).
    json(response, 404, { error: `no route for ${String(check)} ${request.method} ${request.url}` });
  });
  return {
    url: server.url,
    requests: server.requests,
    received: (check, api) =>
      server.requests.filter((r) => r.headers[CHECK_HEADER] === check && (api === undefined || apiOf(r.url) === api)),
    close: () => server.close(),
  };
}
