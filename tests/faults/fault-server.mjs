// A server that fails on purpose, run in its own process by the fault and load suites.
// Each request names its fault in `x-fault`; `x-call` groups the attempts of one call, so a
// fault can fail the first attempts and then answer. It prints its URL, then serves until killed.
import { createServer } from 'node:http';
import { SECRETS } from './secrets.mjs';

const attempts = new Map();
let received = 0;

const success = (req) =>
  req.url.startsWith('/api/v1/linktoken')
    ? { status: 'ok', message: '', errorHash: '8d443794', errorType: '', content: { linkToken: SECRETS.linkToken } }
    : { token: SECRETS.sessionToken, expires_in: 86400 };

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const faults = {
  none: (req, res) => send(res, 200, success(req)),
  'reset-mid-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
    res.write('{"token":"eyJhbGciOiJIUzI1NiJ9.');
    setTimeout(() => res.socket.destroy(), 20);
  },
  'no-headers': () => {},
  'slow-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 200 });
    const timer = setInterval(() => res.write(' '), 100);
    res.on('close', () => clearInterval(timer));
  },
  'retry-after-seconds': (req, res, n) =>
    n === 1 ? send(res, 429, { message: 'Too many requests' }, { 'retry-after': '1' }) : send(res, 200, success(req)),
  'retry-after-date': (req, res, n) =>
    n === 1
      ? send(res, 429, { message: 'Too many requests' }, { 'retry-after': new Date(Date.now() + 2000).toUTCString() })
      : send(res, 200, success(req)),
  '5xx-burst': (req, res, n) =>
    n <= 2
      ? send(res, [503, 500][n - 1], { message: 'Overloaded' }, { 'retry-after': '0' })
      : send(res, 200, success(req)),
  'html-502': (_req, res) => {
    const page =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
    res.writeHead(502, { 'content-type': 'text/html', 'retry-after': '0' });
    res.end(page);
  },
  'malformed-200': (_req, res) => send(res, 200, `{"token":"${SECRETS.sessionToken}","status":"ok",`),
  'empty-200': (_req, res) => send(res, 200, ''),
  'html-200': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Please log in to the proxy</body></html>');
  },
  'scalar-200': (_req, res) => send(res, 200, '"ok"'),
  'status-600': (_req, res) => res.socket.end('HTTP/1.1 600 Odd\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}'),
  oversized: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 6 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end('{}');
    };
    res.on('error', () => {});
    pump();
  },
  'refold-200-error': (_req, res) => send(res, 200, { error: 'Custom apps are not supported for this endpoint.' }),
  'mesh-not-ok': (_req, res) =>
    send(res, 200, {
      status: 'serverFailure',
      message: 'Upstream broker failed',
      displayMessage: 'Please try again',
      errorHash: 'f00dfeed',
      errorType: 'brokerFailure',
      content: { linkToken: SECRETS.linkToken },
    }),
  // 10 % of attempts answer 503: every tenth call's first attempt.
  'load-503': (req, res, n, call) =>
    n === 1 && Number(call) % 10 === 0
      ? send(res, 503, { message: 'busy' }, { 'retry-after': '0' })
      : send(res, 200, success(req)),
};

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/__stats') return send(res, 200, { received });
    received++;
    const fault = faults[req.headers['x-fault'] ?? 'none'];
    if (!fault) return send(res, 400, { message: `unknown fault ${req.headers['x-fault']}` });
    const call = String(req.headers['x-call'] ?? '');
    const n = (attempts.get(call) ?? 0) + 1;
    if (call) attempts.set(call, n);
    fault(req, res, n, call);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
