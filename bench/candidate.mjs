// One candidate, measured in a process of its own so that another candidate's JIT state,
// heap and pooled sockets cannot skew it:
//
//   node bench/candidate.mjs <name> <url> bench   warm up, then sequential latency and c=32 CPU/throughput
//   node bench/candidate.mjs <name> <url> once    one call, printing what it returned
//   node bench/candidate.mjs @org/refold <url> cache   SessionTokenCache: hit cost and burst dedup
//
// It prints one JSON line on stdout. Sizes come from BENCH_* variables set by run.mjs.
// To profile a candidate: `node bench/server.mjs` in one shell, then
// `node --cpu-prof --cpu-prof-dir=/tmp/prof bench/candidate.mjs @org/mesh http://127.0.0.1:PORT bench`.
import { median, percentile } from './stats.mjs';

const [name, url, mode = 'bench'] = process.argv.slice(2);
const env = (key, fallback) => Number(process.env[key] ?? fallback);

const CLIENT_ID = 'bench-client-id';
const CLIENT_SECRET = 'bench-client-secret';
const MESH_HEADERS = { 'X-Client-Id': CLIENT_ID, 'X-Client-Secret': CLIENT_SECRET };
const LINK_TOKEN_BODY = { userId: 'bench-user-1' };

// Each factory imports its library lazily (only its own code is loaded in this process) and
// returns a function making one call and returning what a user would use from the answer.
const CANDIDATES = {
  // The floor: undici's request(), the least an HTTP call costs on Node (no WHATWG objects).
  async 'undici request()'(base) {
    const { Agent, request } = await import('undici');
    const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
    const target = `${base}/api/v1/linktoken`;
    const headers = { 'content-type': 'application/json', ...MESH_HEADERS };
    return async () => {
      const { statusCode, body } = await request(target, {
        method: 'POST',
        headers,
        body: JSON.stringify(LINK_TOKEN_BODY),
        dispatcher,
      });
      const data = await body.json();
      if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
      return data.content.linkToken;
    };
  },
  // What every fetch-based client pays before its own layer.
  async fetch(base) {
    const target = `${base}/api/v1/linktoken`;
    const headers = { 'content-type': 'application/json', ...MESH_HEADERS };
    return async () => {
      const response = await fetch(target, { method: 'POST', headers, body: JSON.stringify(LINK_TOKEN_BODY) });
      const data = await response.json();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return data.content.linkToken;
    };
  },
  // What our clients build on, with nothing of ours on top: the yardstick for our own layer.
  async 'openapi-fetch'(base) {
    const { default: createClient } = await import('openapi-fetch');
    const client = createClient({ baseUrl: base, headers: MESH_HEADERS });
    return async () => {
      const { data, error } = await client.POST('/api/v1/linktoken', { body: LINK_TOKEN_BODY });
      if (error) throw new Error(`API error ${JSON.stringify(error)}`);
      return data.content.linkToken;
    };
  },
  // As users get it: on Node, its default transport (Node's http with a keep-alive agent).
  async '@org/mesh'(base) {
    const { Mesh } = await import('@org/mesh');
    const mesh = new Mesh({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: base });
    return async () => (await mesh.createLinkToken(LINK_TOKEN_BODY)).linkToken;
  },
  // Our layer over the same transport as bare openapi-fetch (global fetch): the fair measure of
  // what errors, retries, timeouts and validation add on top of openapi-fetch.
  async '@org/mesh (fetch)'(base) {
    const { Mesh } = await import('@org/mesh');
    const mesh = new Mesh({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: base, fetch: globalThis.fetch });
    return async () => (await mesh.createLinkToken(LINK_TOKEN_BODY)).linkToken;
  },
  // Calls POST /api/v2/public/session-token (a different, smaller answer than the link token), uncached.
  async '@org/refold'(base) {
    const { Refold } = await import('@org/refold');
    const refold = new Refold({ apiKey: 'bench-api-key', baseUrl: base });
    return async () => (await refold.getTokenForLinkedAccount({ linked_account_id: 'acct_bench' })).token;
  },
  // The official Mesh SDK: axios over node's http (keep-alive global agent on Node ≥ 19).
  async '@meshconnect/node-api'(base) {
    const { FrontApi } = await import('@meshconnect/node-api');
    const api = new FrontApi({ baseURL: base, headers: MESH_HEADERS });
    return async () =>
      (await api.managedAccountAuthentication.v1LinktokenCreate(LINK_TOKEN_BODY)).data.content.linkToken;
  },
};
// An A/A control (BENCH_AA=1): the same code as `fetch` under another name, to show the noise.
CANDIDATES['fetch (A/A)'] = CANDIDATES.fetch;

/** `total` calls with `width` in flight: wall time and this process's CPU (all threads, GC included). */
async function concurrent(call, total, width) {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(width, total) }, worker));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpuBefore);
  return { callsPerSec: (total / wallMs) * 1000, cpuUsPerCall: (cpu.user + cpu.system) / total };
}

/** One call at a time: each call's wall time in µs. */
async function sequential(call, count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await call();
    samples.push((performance.now() - t0) * 1000);
  }
  return samples;
}

/** The server's counts, over a connection of its own that is not counted against the candidate. */
async function serverStats(base) {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request(`${base}/__stats`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(JSON.parse(text)));
    })
      .on('error', reject)
      .end();
  });
}

async function bench(call, base) {
  const width = env('BENCH_CONCURRENCY', 32);
  // Every call must return what a user would use: the figures cannot come from skipped work.
  const expected = await call();
  if (typeof expected !== 'string' || !expected)
    throw new Error(`${name} returned ${JSON.stringify(expected)} instead of a token.`);
  const checked = async () => {
    const value = await call();
    if (value !== expected) throw new Error(`${name} returned ${JSON.stringify(value)}.`);
  };
  // Warm-up at full width: open every pooled socket, and let the JIT and the young-generation
  // heap settle; CPU per call keeps falling for the first few thousand calls.
  await concurrent(checked, env('BENCH_WARMUP', 3000), width);
  const samples = await sequential(checked, env('BENCH_SEQ_CALLS', 300));
  const before = await serverStats(base);
  const calls = env('BENCH_CONC_CALLS', 4000);
  const load = await concurrent(checked, calls, width);
  const after = await serverStats(base);
  const path = name === '@org/refold' ? '/api/v2/public/session-token' : '/api/v1/linktoken';
  // The two stats requests' own connections are not the candidate's.
  const verified = {
    calls,
    upstreamCalls: after[path] - before[path],
    connectionsOpened: after.connections - before.connections - 1,
  };
  if (verified.upstreamCalls !== calls)
    throw new Error(`${name} made ${calls} calls, the server answered ${verified.upstreamCalls}.`);
  return { latencyMedianUs: median(samples), latencyP99Us: percentile(samples, 99), ...load, verified };
}

async function cacheBench(base) {
  const { Refold, SessionTokenCache } = await import('@org/refold');
  const refold = new Refold({ apiKey: 'bench-api-key', baseUrl: base });
  const stats = async () => (await (await fetch(`${base}/__stats`)).json())['/api/v2/public/session-token'] ?? 0;

  // Hit cost: one mint against the server, then batches of awaited gets served from memory.
  const cache = new SessionTokenCache(refold);
  await cache.get('acct_hit');
  const batch = env('BENCH_CACHE_BATCH', 20_000);
  const perGetNs = [];
  for (let b = 0; b < env('BENCH_CACHE_BATCHES', 9); b++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await cache.get('acct_hit');
    perGetNs.push(((performance.now() - t0) * 1e6) / batch);
  }

  // Burst: 10 000 concurrent gets for an account not yet cached, counted by the server.
  const burst = new SessionTokenCache(refold);
  const before = await stats();
  const tokens = await Promise.all(Array.from({ length: 10_000 }, () => burst.get('acct_burst')));
  const upstreamCalls = (await stats()) - before;
  if (tokens.some((t) => t !== tokens[0])) throw new Error('The burst callers did not all get the same token.');
  return {
    hitNsPerGet: median(perGetNs),
    hitNsPerGetBatches: perGetNs,
    burstGets: 10_000,
    burstUpstreamCalls: upstreamCalls,
  };
}

async function main() {
  if (!url) throw new Error('usage: node bench/candidate.mjs <name> <url> [bench|once|cache]');
  if (mode === 'cache') return cacheBench(url);
  const factory = CANDIDATES[name];
  if (!factory)
    throw new Error(`Unknown candidate ${JSON.stringify(name)}; known: ${Object.keys(CANDIDATES).join(', ')}`);
  const call = await factory(url);
  // Every candidate must get the real answer before its speed means anything.
  const first = await call();
  if (typeof first !== 'string' || !first) throw new Error(`${name} returned ${JSON.stringify(first)}`);
  if (mode === 'once') return { name, result: first };
  return { name, ...(await bench(call, url)) };
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    // Pooled keep-alive sockets would hold the process open until they time out.
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
