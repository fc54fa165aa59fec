// Debian's Chromium for the browser suites (tests/runtimes/browser.test.ts, the example app's):
// started as this machine's probe starts it, and stopped by its PID should close() leave it.
// Each suite passes the `chromium` of its own playwright-core.
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);
/** What a suite's title says where Chromium is missing. */
export const skippedWithoutChromium = chromiumInstalled
  ? ''
  : ` (skipped: no ${CHROMIUM}; install it with: apt-get install chromium)`;

/** A browser on Chromium; `close()` ends it, by PID if it outlived a clean close. */
export async function launchChromium(chromium) {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    // No background networking: the network here is closed.
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
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      const child = server.process();
      await server.close().catch(() => {});
      // Only a Chromium that outlived close(): a PID already reaped may name another process.
      if (child.pid && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
