// The live suite's drift report, proven against a stand-in for a real API: a local server whose
// answers drift from specs/mesh.yaml, behind the same validating proxy (`prism proxy`) the live
// suite puts in front of Mesh and Refold.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Mesh } from '@org/mesh';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Mocks, startProxies } from '../../scripts/mocks.mjs';
import { DriftRecord } from './drift.js';
import { exchanges, watched } from './support.js';

let upstream: Server;
let proxies: Mocks | undefined;
let mesh: Mesh;
beforeAll(async () => {
  // The "real" Mesh: a link token that is a number and an unknown field; networks as documented.
  upstream = createServer((req, res) => {
    req.resume();
    const body =
      req.url === '/api/v1/linktoken'
        ? { status: 'ok', message: '', errorType: '', content: { linkToken: 42, sessionHint: 'new' } }
        : { status: 'ok', message: '', errorType: '', content: { networks: [] } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  proxies = await startProxies({ mesh: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  mesh = watched(
    new Mesh({ clientId: 'drift-client', clientSecret: 'drift-secret', baseUrl: proxies.urls.mesh!, maxRetries: 0 }),
  );
}, 60_000);
afterAll(async () => {
  proxies?.stop();
  await new Promise((resolve) => upstream?.close(resolve));
});

it('reports, operation by operation, what the API answered that the spec does not allow', async () => {
  const drift = new DriftRecord();
  exchanges.length = 0;
  await mesh.createLinkToken({ userId: 'user-1' }).catch(() => {});
  drift.add('mesh createLinkToken', exchanges.at(-1)!.violations);
  await mesh.listNetworks();
  drift.add('mesh listNetworks', exchanges.at(-1)!.violations);

  expect(drift.drifted).toEqual(['mesh createLinkToken']);
  const report = drift.report('Live drift');
  expect(report).toMatch(/^# Live drift\n\n## mesh createLinkToken\n\n/);
  expect(report).toContain('`response.body.content.linkToken`');
  expect(report).toContain('1 of 2 operations called conformed.');
});
