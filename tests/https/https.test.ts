// The Node http sender over TLS, as the real APIs are served: a local HTTPS server with a
// self-signed certificate made for this test (localhost-*.pem, test-only, valid for 100 years),
// trusted by a client process started with NODE_EXTRA_CA_CERTS.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const requests: { url?: string; secret?: string | string[] }[] = [];
let server: Server;
let origin: string;
let connections = 0;

beforeAll(async () => {
  server = createServer(
    { key: readFileSync(here('localhost-key.pem')), cert: readFileSync(here('localhost-cert.pem')) },
    (req, res) => {
      requests.push({ url: req.url, secret: req.headers['x-client-secret'] });
      req.resume();
      const body = JSON.stringify({ status: 'ok', content: { linkToken: 'tls-link-token' } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
  );
  server.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = `
  import { Mesh } from '@org/mesh';
  const mesh = new Mesh({ clientId: 'id', clientSecret: 'tls-secret', baseUrl: process.argv[1], maxRetries: 0 });
  const first = await mesh.createLinkToken({ userId: 'user-1' });
  const second = await mesh.createLinkToken({ userId: 'user-2' });
  console.log(JSON.stringify([first, second]));
`;

it('calls an HTTPS server through Node http with keep-alive, verifying its certificate', async () => {
  const run = (env: NodeJS.ProcessEnv) =>
    promisify(execFile)(process.execPath, ['--input-type=module', '-e', client, origin], {
      env: { ...process.env, ...env },
      cwd: here('.'),
    });

  const { stdout } = await run({ NODE_EXTRA_CA_CERTS: here('localhost-cert.pem') });
  expect(JSON.parse(stdout)).toEqual([{ linkToken: 'tls-link-token' }, { linkToken: 'tls-link-token' }]);
  expect(requests).toEqual([
    { url: '/api/v1/linktoken', secret: 'tls-secret' },
    { url: '/api/v1/linktoken', secret: 'tls-secret' },
  ]);
  expect(connections).toBe(1); // the second call reused the kept-alive socket

  // Without trusting the certificate the connection must fail, as a typed connection error.
  const untrusted = await run({ NODE_EXTRA_CA_CERTS: '' }).then(
    () => '',
    (e: { stderr: string }) => e.stderr,
  );
  expect(untrusted).toMatch(
    /MeshConnectionError: Connection error: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/,
  );
}, 30_000);
