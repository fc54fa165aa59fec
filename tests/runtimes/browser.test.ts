// The browser guard in a real browser: Debian's Chromium, driven by playwright-core, loads a
// page that constructs both clients on the page and in a module Web Worker (browser.mjs). Where
// Chromium is not installed the suite is skipped, saying how to install it (.ci/run does).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, launchChromium, skippedWithoutChromium } from '../support/chromium.mjs';

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

describe.skipIf(!chromiumInstalled)(`the browser guard in Chromium${skippedWithoutChromium}`, () => {
  let chromiumBrowser: Awaited<ReturnType<typeof launchChromium>> | undefined;
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
    chromiumBrowser = await launchChromium(chromium);
    const browser = chromiumBrowser.browser;
    const tab = await browser.newPage();
    await tab.goto(`${page.url}/?server=${encodeURIComponent(page.url)}`);
    report = (await tab.evaluate('window.__report')) as typeof report;
  }, 60_000);

  afterAll(async () => {
    await chromiumBrowser?.close();
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
});
