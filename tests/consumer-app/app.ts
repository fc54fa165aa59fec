// A small application's server code, as an integrator writes it: a link token and a Refold session
// token for the signed-in user, each failure turned into what the page should show.
import { Mesh, MeshAPIError } from '@org/mesh';
import { Refold, RefoldAPIError, SessionTokenCache } from '@org/refold';

export type Outcome<T> = { ok: true; value: T } | { ok: false; show: string; retryLater: boolean };

export const mesh = new Mesh({
  clientId: 'app-client-id',
  clientSecret: 'app-client-secret',
  environment: 'sandbox',
  maxRetries: 0,
});
export const refold = new Refold({ apiKey: 'tk_app_key', maxRetries: 0 });
const sessions = new SessionTokenCache(refold);

function failure(error: unknown): Outcome<never> {
  if (error instanceof MeshAPIError || error instanceof RefoldAPIError) {
    if (error.status === 401)
      return { ok: false, show: 'The integration is misconfigured; we are on it.', retryLater: false };
    if (error.status === 429) return { ok: false, show: 'Busy, try again in a minute.', retryLater: true };
    // Mesh's own words for the user, when it has some (a non-ok envelope, even with HTTP 200).
    if (error instanceof MeshAPIError && error.displayMessage)
      return { ok: false, show: error.displayMessage, retryLater: false };
    return { ok: false, show: 'Something went wrong.', retryLater: error.status >= 500 };
  }
  throw error;
}

export async function linkTokenFor(userId: string): Promise<Outcome<string>> {
  try {
    return { ok: true, value: (await mesh.createLinkToken({ userId, restrictMultipleAccounts: true })).linkToken };
  } catch (error) {
    return failure(error);
  }
}

export async function sessionTokenFor(accountId: string): Promise<Outcome<string>> {
  try {
    return { ok: true, value: await sessions.get(accountId) };
  } catch (error) {
    return failure(error);
  }
}
