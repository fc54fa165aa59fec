// The smoke suite every runtime of the matrix runs, once, against the test's server. Plain ESM
// using web APIs only (fetch, AbortController, timers, console), so that Node, Bun and Deno run
// it untranspiled and workerd and the edge runtime run it bundled as it is.
//
// It judges nothing: it reports what each call resolved or rejected with, and the log lines the
// clients wrote, and runtimes.test.ts asserts on that report and on what the server received.
import {
  Mesh,
  MeshAbortError,
  MeshAPIError,
  MeshConnectionError,
  MeshError,
  MeshTimeoutError,
  MeshValidationError,
  MeshWebhookVerificationError,
  verifyWebhook as verifyMeshWebhook,
} from '@org/mesh';
import {
  Refold,
  RefoldAbortError,
  RefoldAPIError,
  RefoldConnectionError,
  RefoldError,
  RefoldTimeoutError,
  RefoldValidationError,
  RefoldWebhookVerificationError,
  verifyWebhook as verifyRefoldWebhook,
} from '@org/refold';
import { CHECK_HEADER, MESH_CLIENT_ID, SECRETS } from './fixtures.mjs';

// Checked with instanceof, not only by name: a bundler or a second copy of a package could
// keep the names and break the classes.
const CLASSES = {
  RefoldError,
  RefoldAPIError,
  RefoldConnectionError,
  RefoldTimeoutError,
  RefoldAbortError,
  RefoldValidationError,
  MeshError,
  MeshAPIError,
  MeshConnectionError,
  MeshTimeoutError,
  MeshAbortError,
  MeshValidationError,
  RefoldWebhookVerificationError,
  MeshWebhookVerificationError,
};

/** A call the server never answers: long enough to time out, bounded so nothing waits forever. */
const HANG = { timeoutMs: 200, maxRetries: 0 };
const ABORT_AFTER_MS = 50;

export async function runSmoke(serverUrl) {
  const logs = [];
  // Writes to the runtime's own console (whose output the test searches for secrets) and keeps
  // the lines, so the test also sees them where a runtime's console goes nowhere it can read.
  const logger = Object.fromEntries(
    ['error', 'warn', 'info', 'debug'].map((level) => [
      level,
      (message) => {
        logs.push(`${level} ${message}`);
        console[level](message);
      },
    ]),
  );
  // Every option explicit, so that no client needs to read the environment. The server routes
  // on the header and the path's end.
  const refold = (check) =>
    new Refold({
      apiKey: SECRETS.refoldApiKey,
      baseUrl: serverUrl,
      logLevel: 'debug',
      logger,
      defaultHeaders: { [CHECK_HEADER]: check },
    });
  const mesh = (check) =>
    new Mesh({
      clientId: MESH_CLIENT_ID,
      clientSecret: SECRETS.meshClientSecret,
      baseUrl: serverUrl,
      logLevel: 'debug',
      logger,
      defaultHeaders: { [CHECK_HEADER]: check },
    });

  // One after the other: the log lines stay in order and each check's timing is its own.
  const results = {
    mint: await outcome(() => refold('mint').getTokenForLinkedAccount({ linked_account_id: 'acct-runtime-matrix' })),
    validate: {
      // userId has minLength 1; linked_account_id is required (specs/*.yaml).
      mesh: await outcome(() => mesh('validate').createLinkToken({ userId: '' })),
      refold: await outcome(() => refold('validate').getTokenForLinkedAccount({})),
    },
    retry: await outcome(() => mesh('retry').createLinkToken({ userId: 'user-runtime-matrix' })),
    timeout: {
      refold: await outcome(() =>
        refold('timeout').getTokenForLinkedAccount({ linked_account_id: 'acct-runtime-matrix' }, HANG),
      ),
      mesh: await outcome(() => mesh('timeout').createLinkToken({ userId: 'user-runtime-matrix' }, HANG)),
    },
    webhook: await webhooks(serverUrl),
    abort: {
      refold: await outcome(() =>
        aborted((signal) =>
          refold('abort').getTokenForLinkedAccount(
            { linked_account_id: 'acct-runtime-matrix' },
            { ...HANG, timeoutMs: 10_000, signal },
          ),
        ),
      ),
      mesh: await outcome(() =>
        aborted((signal) =>
          mesh('abort').createLinkToken({ userId: 'user-runtime-matrix' }, { ...HANG, timeoutMs: 10_000, signal }),
        ),
      ),
    },
  };
  return { runtime: whoAmI(), results, logs };
}

/** Verifies the server's signed webhooks with each package's verifyWebhook (Web Crypto), and a tampered one. */
async function webhooks(serverUrl) {
  const samples = await (
    await fetch(`${serverUrl}/webhook-samples`, { headers: { [CHECK_HEADER]: 'webhook' } })
  ).json();
  return {
    refold: await outcome(() =>
      verifyRefoldWebhook({
        body: samples.refold.body,
        headers: { 'x-cobalt-signature': samples.refold.signature },
        secret: SECRETS.refoldApiKey,
      }),
    ),
    mesh: await outcome(() =>
      verifyMeshWebhook({
        body: new TextEncoder().encode(samples.mesh.body),
        headers: new Headers({ 'X-Mesh-Signature-256': samples.mesh.signature }),
        secret: SECRETS.meshWebhookSecret,
      }),
    ),
    tampered: await outcome(() =>
      verifyMeshWebhook({
        body: samples.mesh.body.replace('Succeeded', 'Failed'),
        headers: { 'x-mesh-signature-256': samples.mesh.signature },
        secret: SECRETS.meshWebhookSecret,
      }),
    ),
  };
}

/** Starts the call, then aborts it while the server is still not answering. */
function aborted(call) {
  const controller = new AbortController();
  const pending = call(controller.signal);
  const timer = setTimeout(() => controller.abort(), ABORT_AFTER_MS);
  return pending.finally(() => clearTimeout(timer));
}

/** What a call came to, in plain JSON. The client is built inside, so a constructor that throws is reported too. */
async function outcome(call) {
  const started = Date.now();
  try {
    const value = await call();
    return { resolved: true, value, ms: Date.now() - started };
  } catch (error) {
    return { resolved: false, error: describe(error), ms: Date.now() - started };
  }
}

function describe(error) {
  let json;
  try {
    json = JSON.stringify(error);
  } catch (failure) {
    json = `JSON.stringify threw: ${failure?.message}`;
  }
  return {
    name: error?.name,
    message: String(error?.message ?? error),
    classes: Object.keys(CLASSES).filter((name) => error instanceof CLASSES[name]),
    json,
  };
}

/** Which runtime this is, as it says itself: the test checks that each variant ran what it claims. */
function whoAmI() {
  const g = globalThis;
  return {
    userAgent: g.navigator?.userAgent,
    node: g.process?.versions?.node,
    bun: g.Bun?.version,
    deno: g.Deno?.version?.deno,
    edgeRuntime: typeof g.EdgeRuntime === 'string' ? g.EdgeRuntime : undefined,
    // Whether the clients can take the node:http path (core/src/send.ts) or must use fetch.
    getBuiltinModule: typeof g.process?.getBuiltinModule === 'function',
  };
}
