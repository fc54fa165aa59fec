// The browser guard in a real browser: Debian's Chromium, driven by playwright-core, loads a
// page that constructs both clients on the page and in a module Web Worker (browser.mjs). Where
// Chromium is not installed the suite is skipped, saying how to install it (.ci/run does).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, type BrowserServer, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);

interface ClientsReport {
  refold: string;
  mesh: string;
  call: string;
}

/** Serves the page, the bundle and a CORS-enabled session-token endpoint on 127.0.0.1. */
async function startPageServer(bundle: string): Promise<{ url: string; server: Server; mints: () => number }> {
  let mints = 0;
  const server = createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'POST',
    };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    if (req.url?.endsWith('/session-token')) {
      mints++;
      return void res
        .writeHead(200, { ...cors, 'content-type': 'application/json' })
        .end(JSON.stringify({ token: 'browser-token' }));
    }
    if (req.url === '/browser.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><script type="module" src="/browser.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, mints: () => mints };
}

describe.skipIf(!installed)(
  `the browser guard in Chromium${installed ? '' : ` (skipped: no ${CHROMIUM}; install it with: apt-get install chromium)`}`,
  () => {
    let chromiumServer: BrowserServer | undefined;
    let browser: Browser | undefined;
    let page: Awaited<ReturnType<typeof startPageServer>> | undefined;
    let report: { page: ClientsReport; worker: ClientsReport };

    beforeAll(async () => {
      const bundled = await build({
        entryPoints: [fileURLToPath(new URL('browser.mjs', import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
      });
      page = await startPageServer(bundled.outputFiles[0]!.text);
      // As this machine's probe starts it: no background networking (the network is closed).
      chromiumServer = await chromium.launchServer({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        timeout: 30_000,
      });
      browser = await chromium.connect(chromiumServer.wsEndpoint());
      const tab = await browser.newPage();
      await tab.goto(`${page.url}/?server=${encodeURIComponent(page.url)}`);
      report = (await tab.evaluate('window.__report')) as typeof report;
    }, 60_000);

    afterAll(async () => {
      const pid = chromiumServer?.process().pid;
      await browser?.close().catch(() => {});
      await chromiumServer?.close().catch(() => {});
      // Stopped by its PID too, should close() have failed.
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
      await new Promise((resolve) => (page ? page.server.close(resolve) : resolve(undefined)));
    });

    it.each(['page', 'worker'] as const)('refuses both clients on a %s, with the package’s own error', (where) => {
      expect(report[where].refold).toMatch(/^RefoldError: Refold refuses to run in a browser/);
      expect(report[where].mesh).toMatch(/^MeshError: Mesh refuses to run in a browser/);
    });

    it.each(['page', 'worker'] as const)(
      'lets dangerouslyAllowBrowser through on a %s, and calls out with the browser’s fetch',
      (where) => {
        expect(report[where].call).toBe('token browser-token');
      },
    );

    it('made exactly one mint from each', () => {
      expect(page!.mints()).toBe(2);
    });
  },
);
