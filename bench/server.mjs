// The stand-in upstream: a keep-alive HTTP server answering the two calls the candidates make,
// run in its own process so that its CPU is never counted in a candidate's, nor competes with
// the candidate for the same event loop. Bodies are serialised once: the server should cost as
// little and as constantly as possible, since only the clients are under test.
//
// Forked by run.mjs, it reports its port over IPC and exits when the parent goes away.
// Run alone (`node bench/server.mjs`), it prints its URL, for profiling a candidate by hand.
import { createServer } from 'node:http';

const json = (value) => Buffer.from(JSON.stringify(value));
const ROUTES = {
  'POST /api/v1/linktoken': json({
    content: { linkToken: 'aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tL2IyYi1pZnJhbWU=' },
    status: 'ok',
    message: '',
    errorHash: '8d443794',
    errorType: '',
  }),
  // A JWT-looking token (header.payload.signature); `expires_in` wins over its `exp` in the cache.
  'POST /api/v2/public/session-token': json({
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhY2N0X2JlbmNoIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWluLWJlbmNo',
    expires_in: 86400,
  }),
};

// Requests per path, so the session-token cache test can count upstream calls on this side, and
// connections accepted, so a candidate's figures can be checked for pooled-socket reuse.
const counts = { connections: 0 };

const server = createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/__stats') return send(res, 200, json(counts));
  const body = ROUTES[`${req.method} ${path}`];
  counts[path] = (counts[path] ?? 0) + 1;
  // The request body must be read before answering, or keep-alive reuse of the socket stalls.
  req.resume();
  req.on('end', () =>
    body
      ? send(res, 200, body)
      : send(res, 404, json({ status: 'notFound', message: `No route ${req.method} ${path}` })),
  );
});

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

server.on('connection', () => counts.connections++);

// Longer than any pause between phases, so clients keep their pooled sockets throughout a run.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  if (process.send) process.send({ port });
  else console.log(`http://127.0.0.1:${port}`);
});

// Forked: never outlive the orchestrator, even if it dies without stopping us.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
