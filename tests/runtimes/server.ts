// The server a runtime runs the suite against: one per runtime variant, so that what it received
// is that runtime's alone. It routes on the check header (fixtures.mjs) and on the end of the
// path, never on the base URL's prefix, so it keeps working when base URLs change.
import { json, startServer, type ReceivedRequest } from '../../packages/core/testing/server.js';
import { CHECK_HEADER, TOKENS } from './fixtures.mjs';

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
    if (check === 'mint' && api === 'refold') return json(response, 200, { token: TOKENS.session, expires_in: 3600 });
    if (check === 'retry' && api === 'mesh') {
      retryAttempts += 1;
      if (retryAttempts === 1) return json(response, 503, { status: 'serverFailure', message: 'Service unavailable' }, { 'retry-after': '0' });
      return json(response, 200, { status: 'ok', content: { linkToken: TOKENS.link } });
    }
    // Anything else is a request the suite should not have sent (validate sends none).
    json(response, 404, { error: `no route for ${String(check)} ${request.method} ${request.url}` });
  });
  return {
    url: server.url,
    requests: server.requests,
    received: (check, api) => server.requests.filter((r) => r.headers[CHECK_HEADER] === check && (api === undefined || apiOf(r.url) === api)),
    close: () => server.close(),
  };
}
