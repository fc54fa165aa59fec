// Redirects, one policy for every sender: followed within the origin the client was configured
// with, refused across origins. fetch would follow them and forward custom headers such as
// x-api-key (and a 307's body, auth_object and all) to wherever a redirect points.
import type { ErrorFamily } from './errors.js';
import { redactHeaders } from './redact.js';
import type { Incoming, Outgoing, Send } from './send.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export function followRedirects(send: Send, errors: ErrorFamily): Send {
  return async function follow(url, request) {
    let current = { url, request };
    for (let redirects = 0; ; redirects++) {
      const answer = await send(current.url, current.request);
      const location = answer.headers.get('location');
      if (!REDIRECT_STATUSES.has(answer.status) || !location) return answer;
      const from = new URL(current.url);
      const to = URL.canParse(location, from.href) ? new URL(location, from.href) : undefined;
      const refuse = (why: string) =>
        new errors.APIError({
          status: answer.status,
          message: `${why} The redirect was not followed.`,
          body: undefined,
          headers: redactHeaders(answer.headers),
        });
      if (!to) throw refuse(`The server redirected to an invalid location.`);
      if (to.origin !== from.origin)
        throw refuse(`The server redirected to another origin (${to.origin}); set baseUrl to it if you trust it.`);
      if (redirects >= MAX_REDIRECTS) throw refuse(`The server redirected more than ${MAX_REDIRECTS} times.`);
      current = { url: to.href, request: redirected(answer, current.request) };
    }
  };
}

/** As fetch does: 307 and 308 repeat the request; 303, and 301/302 after a POST, become a GET. */
function redirected(answer: Incoming, request: Outgoing): Outgoing {
  const keep =
    answer.status === 307 ||
    answer.status === 308 ||
    request.method === 'HEAD' ||
    (answer.status !== 303 && request.method !== 'POST');
  if (keep) return request;
  // A 303 (or 301/302) after a POST answers a request the server processed: never send it again.
  if (request.trace) request.trace.methodChanged = true;
  const headers = new Headers(request.headers);
  headers.delete('content-type');
  return { ...request, method: 'GET', headers, body: null };
}
