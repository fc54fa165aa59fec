// The example app as its users meet it: its server on the Prism mocks, both vendors' signed
// webhooks posted to it, and its page in a real browser (Debian's Chromium, driven by
// playwright-core), which must show the tokens it hands to Mesh Link and Refold's frontend SDK
// and never a secret. Where Chromium is missing the browser part is skipped, saying how to
// install it. Every process it starts is stopped by PID, also when a test fails.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { chromiumInstalled, launchChromium, skippedWithoutChromium } from '../../../tests/support/chromium.mjs';
import { createApp } from '../src/app.mjs';

const SCREENSHOT = fileURLToPath(new URL('../screenshots/page.png', import.meta.url));
const SECRETS = {
  apiKey: 'tk_example_test_key_5ecr3t',
  clientSecret: 'example-test-client-s3cret',
  webhookSecret: 'example-test-webhook-s3cret',
};

/** The first example of each webhook a spec documents. */
async function webhookExamples(name) {
  const spec = parse(await readFile(fileURLToPath(new URL(`../../../specs/${name}.yaml`, import.meta.url)), 'utf8'));
  return Object.values(spec.webhooks).map(
    (item) => Object.values(item.post.requestBody.content['application/json'].examples)[0].value,
  );
}

let server;
let app;
let url;
beforeAll(async () => {
  // The Prism mocks that the repository suites' global setup starts (tests/vitest.config.ts: it
  // runs among them, `pnpm test:repo examples/app` alone).
  const urls = inject('mockUrls');
  app = createApp({
    refold: { apiKey: SECRETS.apiKey, baseUrl: urls.refold },
    mesh: {
      clientId: 'example-test-client',
      clientSecret: SECRETS.clientSecret,
      baseUrl: urls.mesh,
      webhookSecret: SECRETS.webhookSecret,
    },
  });
  server = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  url = `http://127.0.0.1:${server.address().port}`;
}, 60_000);
afterAll(async () => {
  app?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

const post = (path, body, headers = {}) =>
  fetch(url + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const refoldSignature = (body) => createHmac('sha256', SECRETS.apiKey).update(body).digest('hex');
const meshSignature = (body) => createHmac('sha256', SECRETS.webhookSecret).update(body).digest('base64');

/** Posts each vendor's documented webhooks, signed; the answers' statuses. */
async function postSignedWebhooks() {
  const statuses = [];
  for (const event of await webhookExamples('refold')) {
    const body = JSON.stringify(event);
    statuses.push((await post('/webhooks/refold', body, { 'x-cobalt-signature': refoldSignature(body) })).status);
  }
  for (const event of await webhookExamples('mesh')) {
    const body = JSON.stringify(event);
    statuses.push((await post('/webhooks/mesh', body, { 'x-mesh-signature-256': meshSignature(body) })).status);
  }
  return statuses;
}

describe('the server', () => {
  it('mints the signed-in user’s session token and link token, and answers no secret', async () => {
    const answer = await post('/api/tokens');
    const text = await answer.text();
    expect(answer.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      user: 'user_12345',
      refold: { linkedAccountId: 'user_12345', sessionToken: expect.stringMatching(/^eyJ/) },
      mesh: { linkToken: expect.stringMatching(/^aHR0cHM6/) },
    });
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });

  it('takes each vendor’s signed webhooks once, and refuses a tampered one saying why', async () => {
    expect(await postSignedWebhooks()).toEqual([200, 200, 200]);
    expect(await postSignedWebhooks()).toEqual([200, 200, 200]); // redeliveries: answered, not recorded again
    const [transfer] = await webhookExamples('mesh');
    const body = JSON.stringify(transfer);
    const tampered = await post('/webhooks/mesh', body.replace('Pending', 'Succeeded'), {
      'x-mesh-signature-256': meshSignature(body),
    });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).not.toContain(SECRETS.webhookSecret);
    const events = await (await fetch(`${url}/api/events`)).json();
    expect(events.map((e) => e.vendor)).toEqual(['mesh', 'refold', 'refold']);
    expect(events[0].summary).toBe(`transfer ${transfer.TransferId}: Pending`);
  });
});

describe.skipIf(!chromiumInstalled)(`the page in Chromium${skippedWithoutChromium}`, () => {
  let chromiumBrowser;
  let browser;
  beforeAll(async () => {
    chromiumBrowser = await launchChromium(chromium);
    browser = chromiumBrowser.browser;
    // The page shows the webhooks the server received: these, whatever ran before.
    await postSignedWebhooks();
  }, 60_000);
  afterAll(() => chromiumBrowser?.close());

  it('shows what it hands to Refold’s SDK and Mesh Link, and the webhooks, never a secret; saves a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('#events li').length >= 3, null, { timeout: 5_000 });
    const text = await page.textContent('body');
    expect(text).toContain('Signed in as user_12345');
    expect(await page.textContent('#refold')).toMatch(
      /^new Cobalt\(\{ token: "eyJ.+ \(\d+ characters\)" \}\)\nlinked account: user_12345$/,
    );
    expect(await page.textContent('#mesh')).toMatch(/^createLink\(\{ linkToken: "aHR0cHM6.+ \(\d+ characters\)" \}\)$/);
    expect(await page.locator('#events li').allTextContents()).toContain(
      'mesh: transfer dd4063e5-f317-441c-3f07-08dc7353b6f8: Pending',
    );
    const html = await page.content();
    for (const secret of Object.values(SECRETS)) expect(html).not.toContain(secret);
    // The page talked to its own server only, never to a vendor.
    expect(requests.every((r) => r.startsWith(url))).toBe(true);
    await mkdir(fileURLToPath(new URL('../screenshots', import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = await readFile(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(10_000);
  }, 30_000);
});
