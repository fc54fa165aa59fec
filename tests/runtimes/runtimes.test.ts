// The built clients on every runtime users deploy to (runtimes.ts): each runtime runs the same
// smoke suite (smoke.mjs) once, against a server of its own (server.ts), and each check below
// asserts on that runtime's report and on what its server received. The runtimes run at once,
// each bounded by RUN_TIMEOUT_MS; a runtime whose binary is missing is skipped, saying why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESH_CLIENT_ID, SECRETS, TOKENS } from './fixtures.mjs';
import { killAll } from './processes.js';
import { type Outcome, type Report, RUN_TIMEOUT_MS, type RunResult, VARIANTS, type Variant } from './runtimes.js';
import { type Api, type SmokeServer, startSmokeServer } from './server.js';

interface Run {
  result: RunResult;
  server: SmokeServer;
}

const PREFIX: Record<Api, 'Refold' | 'Mesh'> = { refold: 'Refold', mesh: 'Mesh' };
const workDir = mkdtempSync(join(tmpdir(), 'runtime-matrix-'));
const runs = new Map<Variant, Promise<Run>>();

async function runVariant(variant: Variant): Promise<Run> {
  const server = await startSmokeServer();
  try {
    const result = await variant
      .run(server.url, workDir)
      .catch((error: Error) => ({ stdout: '', stderr: '', problem: String(error?.stack ?? error) }));
    return { result, server };
  } finally {
    // What it received stays readable after close; the hanging requests are dropped.
    await server.close();
  }
}

beforeAll(async () => {
  for (const variant of VARIANTS) if (!variant.unavailable) runs.set(variant, runVariant(variant));
  await Promise.allSettled(runs.values());
}, RUN_TIMEOUT_MS * 2);

afterAll(() => {
  killAll();
  rmSync(workDir, { recursive: true, force: true });
});

/** The variant's report, or a failure that says why there is none, with the end of its stderr. */
async function reportOf(variant: Variant): Promise<{ report: Report; run: Run }> {
  const run = await runs.get(variant)!;
  const { report, problem, stderr } = run.result;
  if (!report) throw new Error(`${variant.title}: ${problem}\n--- stderr (end) ---\n${stderr.slice(-3_000)}`);
  return { report, run };
}

/** Says what a call came to, for assertion messages. */
function told(outcome: Outcome): string {
  return outcome.resolved
    ? `resolved ${JSON.stringify(outcome.value)}`
    : `rejected with ${outcome.error?.name}: ${outcome.error?.message}`;
}

function expectRejection(outcome: Outcome, className: string): void {
  expect(outcome.resolved, told(outcome)).toBe(false);
  expect(outcome.error?.classes, told(outcome)).toContain(className);
  expect(outcome.error?.name, told(outcome)).toBe(className);
}

for (const variant of VARIANTS) {
  const title = variant.unavailable ? `${variant.title} — skipped: ${variant.unavailable}` : variant.title;

  describe.skipIf(variant.unavailable !== undefined)(title, () => {
    it('ran the suite, and is the runtime it claims to be', async () => {
      const { report } = await reportOf(variant);
      expect(variant.isSelf(report.runtime), JSON.stringify(report.runtime)).toBe(true);
    });

    it('1. mint: Refold resolves to the session token the server minted', async () => {
      const { report, run } = await reportOf(variant);
      const { mint } = report.results;
      expect(mint.resolved, told(mint)).toBe(true);
      expect(mint.value?.token).toBe(TOKENS.session);
      const received = run.server.received('mint', 'refold');
      expect(received).toHaveLength(1);
      expect(received[0]!.headers['x-api-key'], 'the API key authenticates the call').toBe(SECRETS.refoldApiKey);
    });

    it('2. validate: bad input rejects with the ValidationError, and nothing is sent', async () => {
      const { report, run } = await reportOf(variant);
      for (const api of ['mesh', 'refold'] as const)
        expectRejection(report.results.validate[api], `${PREFIX[api]}ValidationError`);
      expect(run.server.received('validate')).toHaveLength(0);
    });

    it('3. retry: Mesh retries a 503 once and resolves to the link token', async () => {
      const { report, run } = await reportOf(variant);
      const { retry } = report.results;
      expect(retry.resolved, told(retry)).toBe(true);
      expect(retry.value?.linkToken).toBe(TOKENS.link);
      const received = run.server.received('retry', 'mesh');
      expect(received).toHaveLength(2);
      for (const { headers } of received)
        expect([headers['x-client-id'], headers['x-client-secret']]).toEqual([
          MESH_CLIENT_ID,
          SECRETS.meshClientSecret,
        ]);
    });

    it('4. timeout: a server that never answers rejects with the TimeoutError, not retried', async () => {
      const { report, run } = await reportOf(variant);
      for (const api of ['refold', 'mesh'] as const) {
        expectRejection(report.results.timeout[api], `${PREFIX[api]}TimeoutError`);
        expect(run.server.received('timeout', api), `${api}: maxRetries 0 makes one attempt`).toHaveLength(1);
      }
    });

    it('5. abort: the caller aborting after 50 ms rejects with the AbortError, not retried', async () => {
      const { report, run } = await reportOf(variant);
      for (const api of ['refold', 'mesh'] as const) {
        expectRejection(report.results.abort[api], `${PREFIX[api]}AbortError`);
        // At most one: a slow runtime may abort before its request reached the server.
        expect(run.server.received('abort', api).length, `${api}: no attempt after the abort`).toBeLessThanOrEqual(1);
      }
    });

    it('7. webhooks: signatures made with node:crypto verify with Web Crypto here; a tampered body does not', async () => {
      const { report } = await reportOf(variant);
      const { refold, mesh, tampered } = report.results.webhook;
      expect(refold.resolved, told(refold)).toBe(true);
      expect(refold.value?.instance_id).toBe('656f30f69144bb8f183c0118');
      expect(mesh.resolved, told(mesh)).toBe(true);
      expect(mesh.value?.TransferStatus).toBe('Succeeded');
      expectRejection(tampered, 'MeshWebhookVerificationError');
    });

    it('6. secrets: neither the API key nor the client secret appears in any output or error', async () => {
      const { report, run } = await reportOf(variant);
      // Not vacuous: both clients logged at debug through the runtime's console, and 1. and 3.
      // check that the secrets were in play (the server received them).
      for (const client of ['refold', 'mesh']) {
        expect(
          report.logs.some((line) => line.startsWith(`debug [${client}]`)),
          `a debug line from ${client}`,
        ).toBe(true);
      }

      const outputs: Record<string, string> = {
        stdout: run.result.stdout,
        stderr: run.result.stderr,
        logs: report.logs.join('\n'),
      };
      for (const [check, outcome] of outcomes(report))
        if (outcome.error) outputs[`${check} error`] = JSON.stringify(outcome.error);
      for (const [where, text] of Object.entries(outputs)) {
        for (const [name, secret] of Object.entries(SECRETS))
          expect(text.includes(secret), `${name} in ${where}`).toBe(false);
      }
    });
  });
}

/** Every call's outcome, named by its check. */
function outcomes(report: Report): [string, Outcome][] {
  const { mint, validate, retry, timeout, abort, webhook } = report.results;
  return [
    ['webhook tampered', webhook.tampered],
    ['mint', mint],
    ['validate mesh', validate.mesh],
    ['validate refold', validate.refold],
    ['retry', retry],
    ['timeout refold', timeout.refold],
    ['timeout mesh', timeout.mesh],
    ['abort refold', abort.refold],
    ['abort mesh', abort.mesh],
  ];
}
