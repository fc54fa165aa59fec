// What a browser page and a browser's Web Worker make of the clients: the guard refuses a client
// holding server-side credentials unless `dangerouslyAllowBrowser` is set, and with it set a
// call goes out through the browser's own fetch. Bundled as it is for both (browser.test.ts).
import { Mesh, MeshError } from '@org/mesh';
import { Refold, RefoldError } from '@org/refold';

/** One client constructed without and with the opt-in; with it, one real call to `server`. */
async function tryClients(server) {
  const refusal = (make) => {
    try {
      make();
      return 'constructed';
    } catch (error) {
      return error instanceof RefoldError || error instanceof MeshError
        ? `${error.name}: ${error.message}`
        : `untyped: ${error}`;
    }
  };
  const report = {
    refold: refusal(() => new Refold({ apiKey: 'tk_browser_key_0123' })),
    mesh: refusal(() => new Mesh({ clientId: 'browser-client', clientSecret: 'browser-secret-0123' })),
  };
  const refold = new Refold({ apiKey: 'tk_browser_key_0123', baseUrl: server, dangerouslyAllowBrowser: true });
  report.call = await refold.getTokenForLinkedAccount({ linked_account_id: 'acct' }).then(
    (result) => `token ${result.token}`,
    (error) => `${error.name}: ${error.message}`,
  );
  return report;
}

if (typeof document === 'undefined') {
  // In the worker: answer the page's one message.
  self.onmessage = async (event) => self.postMessage(await tryClients(event.data));
} else {
  const server = new URL(location.href).searchParams.get('server');
  const worker = new Worker(new URL('./browser.js', location.href), { type: 'module' });
  const inWorker = new Promise((resolve) => (worker.onmessage = (event) => resolve(event.data)));
  worker.postMessage(server);
  window.__report = Promise.all([tryClients(server), inWorker]).then(([page, inWorkerReport]) => ({
    page,
    worker: inWorkerReport,
  }));
}
