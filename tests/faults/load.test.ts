// Load: 2,000 calls at concurrency 64 against a server that fails 10 % of first attempts with
// 503. Every call must succeed, none may be lost, and the heap must come back to its baseline.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Mesh } from '@org/mesh';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SECRETS } from './secrets.mjs';
import { type FaultServer, startFaultServer } from './start.js';

const CALLS = 2_000;
const CONCURRENCY = 64;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server?.stop());

async function load(mesh: Mesh, calls: number, offset: number) {
  let next = 0;
  const results: string[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < calls) {
        const n = offset + next++;
        const { linkToken } = await mesh.createLinkToken(
          { userId: `user-${n}` },
          { headers: { 'x-fault': 'load-503', 'x-call': String(n) } },
        );
        results.push(linkToken!);
      }
    }),
  );
  return results;
}

it(`completes ${CALLS} calls at concurrency ${CONCURRENCY} with 10 % injected 503s, losing none and leaking nothing`, async () => {
  const mesh = new Mesh({ clientId: 'load', clientSecret: 'load-secret', baseUrl: server.url });
  await load(mesh, 200, 1_000_000); // warm-up: JIT, sockets, agent pool
  const before = await server.received();
  const baseline = heapAfterGc();

  const results = await load(mesh, CALLS, 0);

  expect(results).toHaveLength(CALLS);
  expect(results.every((token) => token === SECRETS.linkToken)).toBe(true);
  // One attempt per call, plus one retry for each tenth call's injected 503.
  expect((await server.received()) - before).toBe(CALLS + CALLS / 10);
  const grownMb = (heapAfterGc() - baseline) / 1024 / 1024;
  console.log(`heap after the load: ${grownMb >= 0 ? '+' : ''}${grownMb.toFixed(2)} MB against the baseline`);
  expect(grownMb).toBeLessThan(4);
}, 60_000);
