// The benchmark harness: `node bench/run.mjs` (packages built first; the root `bench` script does that).
//
// The method: a local keep-alive HTTP server in its own process, each candidate measured in a
// fresh process of its own, candidates interleaved in rounds (rotated, so each takes every
// position), and every ratio taken against the other candidates measured in the same run. CPU per call at c=32 is the figure to trust; sequential latency is
// noisy and p99 more so. It prints figures only: nothing here passes or fails a build.
//
// Sizes: BENCH_ROUNDS (5), BENCH_WARMUP (3000), BENCH_SEQ_CALLS (300), BENCH_CONC_CALLS (4000),
// BENCH_CONCURRENCY (32), BENCH_IMPORT_RUNS (10); BENCH_QUICK=1 shrinks them all for a smoke run;
// BENCH_AA=1 adds an A/A control (raw fetch twice under two names) to show the run's noise.
// Results go to stdout (a table, then Markdown for docs/benchmarks.md) and bench/results.json.
import { fork, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median } from './stats.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const size = (key, full, quick) => Number(process.env[key] ?? (QUICK ? quick : full));
const SIZES = {
  BENCH_ROUNDS: size('BENCH_ROUNDS', 5, 2),
  BENCH_WARMUP: size('BENCH_WARMUP', 3000, 800),
  BENCH_SEQ_CALLS: size('BENCH_SEQ_CALLS', 300, 150),
  BENCH_CONC_CALLS: size('BENCH_CONC_CALLS', 4000, 1200),
  BENCH_CONCURRENCY: size('BENCH_CONCURRENCY', 32, 32),
  BENCH_IMPORT_RUNS: size('BENCH_IMPORT_RUNS', 10, 5),
};
// `@org/mesh (fetch)` is @org/mesh given the global fetch: over the same transport as bare
// openapi-fetch, it shows what our own layer costs; plain `@org/mesh` is what users get on Node.
// `undici request()` is the floor: what an HTTP call costs on Node with no WHATWG objects at all.
const FLOOR = 'undici request()';
const OFFICIAL = '@meshconnect/node-api';
const CANDIDATES = [FLOOR, 'fetch', 'openapi-fetch', '@org/mesh (fetch)', '@org/mesh', '@org/refold', OFFICIAL];
if (process.env.BENCH_AA === '1') CANDIDATES.splice(1, 0, 'fetch (A/A)');
const OURS = ['@org/mesh (fetch)', '@org/mesh', '@org/refold'];
const IMPORTS = ['openapi-fetch', '@org/mesh', '@org/refold', '@meshconnect/node-api'];

// Every child we start, so that a failure or Ctrl-C stops each of them by its PID.
const children = new Set();
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
function stopChildren() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    stopChildren();
    process.exit(code);
  });
}

async function startServer() {
  const server = track(fork(join(HERE, 'server.mjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const port = await new Promise((resolve, reject) => {
    server.once('message', (m) => resolve(m.port));
    server.once('exit', (code) => reject(new Error(`The bench server exited (${code}) before listening.`)));
  });
  return { server, url: `http://127.0.0.1:${port}` };
}

/** Runs candidate.mjs and resolves to the JSON line it prints; rejects on failure or hang. */
function runCandidate(args, timeoutMs = 180_000) {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, [join(HERE, 'candidate.mjs'), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...Object.fromEntries(Object.entries(SIZES).map(([k, v]) => [k, String(v)])) },
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()));
      else reject(new Error(`candidate.mjs ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** R rounds; round r runs the candidates rotated by r, so no candidate always goes first or last. */
async function measureCandidates(url) {
  const rounds = Object.fromEntries(CANDIDATES.map((name) => [name, []]));
  for (let r = 0; r < SIZES.BENCH_ROUNDS; r++) {
    const order = CANDIDATES.map((_, i) => CANDIDATES[(i + r) % CANDIDATES.length]);
    process.stderr.write(`round ${r + 1}/${SIZES.BENCH_ROUNDS}: `);
    for (const name of order) {
      process.stderr.write(`${name} `);
      rounds[name].push(await runCandidate([name, url, 'bench']));
    }
    process.stderr.write('\n');
  }
  return rounds;
}

/** The median over rounds of a per-round ratio: candidates in one round ran back to back. */
function ratio(rounds, name, base, key = 'cpuUsPerCall') {
  return median(rounds[name].map((run, r) => run[key] / rounds[base][r][key]));
}

function summarise(rounds) {
  const rows = {};
  for (const name of CANDIDATES) {
    const runs = rounds[name];
    const cpu = runs.map((r) => r.cpuUsPerCall);
    rows[name] = {
      latencyMedianUs: median(runs.map((r) => r.latencyMedianUs)),
      latencyP99Us: median(runs.map((r) => r.latencyP99Us)),
      cpuUsPerCall: median(cpu),
      // How far the rounds spread around their median: the noise of this run.
      cpuSpreadPct: ((Math.max(...cpu) - Math.min(...cpu)) / median(cpu)) * 100,
      callsPerSec: median(runs.map((r) => r.callsPerSec)),
      cpuVsFetch: ratio(rounds, name, 'fetch'),
      cpuVsFloor: ratio(rounds, name, FLOOR),
      cpuVsOfficial: ratio(rounds, name, OFFICIAL),
      // Checked in every round: the server answered exactly the calls made; sockets opened while timed.
      connectionsOpened: Math.max(...runs.map((r) => r.verified.connectionsOpened)),
      callsVerified: runs.every((r) => r.verified.upstreamCalls === r.verified.calls),
      ...(OURS.includes(name) && { cpuVsOpenapiFetch: ratio(rounds, name, 'openapi-fetch') }),
    };
  }
  return rows;
}

/** Median wall time of a fresh `node` importing each module, minus a bare ESM `node -e 0`. */
function measureImports() {
  const targets = ['(baseline)', ...IMPORTS];
  const times = Object.fromEntries(targets.map((t) => [t, []]));
  for (let k = 0; k < SIZES.BENCH_IMPORT_RUNS; k++) {
    // Rotated like the rounds, so a slow moment of the machine does not land on one target.
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(i + k) % targets.length];
      const code = target === '(baseline)' ? '0' : `await import(${JSON.stringify(target)})`;
      const t0 = performance.now();
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`Importing ${target} failed (exit ${result.status}).`);
      times[target].push(performance.now() - t0);
    }
  }
  const baselineMs = median(times['(baseline)']);
  return {
    baselineMs,
    modules: Object.fromEntries(
      IMPORTS.map((t) => [t, { medianMs: median(times[t]), overBaselineMs: median(times[t]) - baselineMs }]),
    ),
  };
}

function versions() {
  const require = createRequire(join(ROOT, 'package.json'));
  const read = (path) => JSON.parse(readFileSync(path, 'utf8')).version;
  const meshApiDir = dirname(require.resolve('@meshconnect/node-api/package.json'));
  return {
    node: process.version,
    undici: process.versions.undici,
    'openapi-fetch': read(join(ROOT, 'node_modules/openapi-fetch/package.json')),
    '@meshconnect/node-api': read(join(meshApiDir, 'package.json')),
    axios: read(createRequire(join(meshApiDir, 'package.json')).resolve('axios/package.json')),
    '@org/mesh': read(join(ROOT, 'packages/mesh/package.json')),
    '@org/refold': read(join(ROOT, 'packages/refold/package.json')),
  };
}

/** Which code was measured: the packages change under a benchmark in a busy repository. */
function source() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const built = Math.max(
    ...['mesh', 'refold'].map((p) => statSync(join(ROOT, 'packages', p, 'dist/index.js')).mtimeMs),
  );
  return {
    commit: git('rev-parse', '--short', 'HEAD'),
    packagesDirty: git('status', '--porcelain', '--', 'packages').length > 0,
    builtAt: new Date(built).toISOString(),
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim(),
    cores: cpus.length,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    undici: process.versions.undici,
  };
}

/** The lines both outputs share: the two targets the issue sets for @org/mesh. */
function targetLines(rows, imports) {
  const vsBare = rows['@org/mesh (fetch)'].cpuVsOpenapiFetch;
  const vsOfficial = rows['@org/mesh'].cpuVsOfficial;
  const meshImport = imports.modules['@org/mesh'].overBaselineMs;
  return [
    `@org/mesh CPU/call = ${vsBare.toFixed(2)}× bare openapi-fetch, both over global fetch (target ≤ 1.15×)${vsBare <= 1.15 ? '' : ' — above target'}`,
    `@org/mesh CPU/call on its default Node transport = ${rows['@org/mesh'].cpuVsOpenapiFetch.toFixed(2)}× bare openapi-fetch`,
    `@org/mesh vs @meshconnect/node-api: ${vsOfficial.toFixed(2)}× its CPU per call (target ≤ 0.55×)${vsOfficial <= 0.55 ? '' : ' — above target'}; ${rows['@org/mesh'].cpuVsFloor.toFixed(2)}× the floor (undici request())`,
    `@org/mesh cold import: +${fmt(meshImport)} ms over \`node -e 0\` (target < 20 ms)${meshImport < 20 ? '' : ' — above target'}`,
  ];
}

function table(rows) {
  const header = [
    'candidate',
    'latency median µs',
    'p99 µs',
    'CPU µs/call c=32',
    'spread',
    '×floor',
    '×official SDK',
    '×fetch',
    'calls/s',
    '×openapi-fetch',
    'sockets opened while timed',
  ];
  const body = CANDIDATES.map((name) => {
    const r = rows[name];
    return [
      name,
      fmt(r.latencyMedianUs),
      fmt(r.latencyP99Us),
      fmt(r.cpuUsPerCall),
      `±${Math.round(r.cpuSpreadPct / 2)}%`,
      r.cpuVsFloor.toFixed(2),
      r.cpuVsOfficial.toFixed(2),
      r.cpuVsFetch.toFixed(2),
      fmt(r.callsPerSec),
      r.cpuVsOpenapiFetch?.toFixed(2) ?? '',
      String(r.connectionsOpened),
    ];
  });
  return { header, body };
}

function printText({ rows, cache, imports, env }) {
  const { header, body } = table(rows);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `\nMachine: ${env.machine.cpu} × ${env.machine.cores} cores, ${env.machine.os}, Node ${env.machine.node}, undici ${env.machine.undici}`,
  );
  console.log(
    `Code: commit ${env.source.commit}${env.source.packagesDirty ? ' with uncommitted changes under packages/' : ''}, dist built ${env.source.builtAt}`,
  );
  if (env.source.rebuiltDuringRun)
    console.log('WARNING: packages/*/dist was rebuilt during this run; the figures mix two builds. Run again.');
  console.log(
    `Sizes: ${Object.entries(SIZES)
      .map(([k, v]) => `${k.replace('BENCH_', '').toLowerCase()}=${v}`)
      .join(' ')}${QUICK ? ' (quick)' : ''}\n`,
  );
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  console.log(
    '\nMedians over rounds; ratios are medians of per-round CPU ratios. @org/refold calls POST /api/v2/public/session-token, the others POST /api/v1/linktoken.',
  );
  console.log(`\n${targetLines(rows, imports).join('\n')}`);
  console.log(
    `\nSessionTokenCache.get, cache hit: ${fmt(cache.hitNsPerGet)} ns per get (median of ${cache.hitNsPerGetBatches.length} batches)`,
  );
  console.log(
    `SessionTokenCache: ${cache.burstGets} concurrent gets on one account -> ${cache.burstUpstreamCalls} upstream call(s) (server count)`,
  );
  console.log(
    `\nCold import (median of ${SIZES.BENCH_IMPORT_RUNS}, over \`node --input-type=module -e 0\` = ${fmt(imports.baselineMs)} ms):`,
  );
  for (const [name, m] of Object.entries(imports.modules))
    console.log(`  ${name.padEnd(24)} +${fmt(m.overBaselineMs)} ms`);
}

function markdown({ rows, cache, imports, env }) {
  const { header, body } = table(rows);
  const m = env.machine;
  return [
    `Measured ${env.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.os}), Node ${m.node}, undici ${m.undici}; ` +
      `openapi-fetch ${env.versions['openapi-fetch']}, @meshconnect/node-api ${env.versions['@meshconnect/node-api']} (axios ${env.versions.axios}). ` +
      `Commit ${env.source.commit}${env.source.packagesDirty ? ' (+ uncommitted changes)' : ''}. ${SIZES.BENCH_ROUNDS} interleaved rounds, each candidate in its own process, against a local keep-alive server in another; ` +
      `${SIZES.BENCH_WARMUP} warm-up calls, then ${SIZES.BENCH_SEQ_CALLS} sequential calls for latency and ${SIZES.BENCH_CONC_CALLS} calls at c=${SIZES.BENCH_CONCURRENCY} for CPU and throughput.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '--:')).join('|')}|`,
    ...body.map((row) => `| ${row.map((c, i) => (i === 0 ? `\`${c}\`` : c)).join(' | ')} |`),
    '',
    'Medians over rounds; ×ratios are medians of per-round CPU ratios; spread is half the range of CPU/call over rounds. `@org/refold` calls `POST /api/v2/public/session-token`, the others `POST /api/v1/linktoken`. ' +
      `Every call's answer was checked, and in every round the server answered exactly the calls made${Object.values(rows).every((r) => r.callsVerified) ? '' : ' — NOT SO, see bench/results.json'}; "sockets opened while timed" is the most any round opened during the ${SIZES.BENCH_CONC_CALLS} timed calls (0: the warm-up's pool was reused).`,
    '',
    ...targetLines(rows, imports).map((l) => `- ${l}`),
    `- \`SessionTokenCache.get\` on a hit: ${fmt(cache.hitNsPerGet)} ns; ${cache.burstGets} concurrent gets on one account: ${cache.burstUpstreamCalls} upstream call(s).`,
    `- Cold import over \`node -e 0\` (ESM, median of ${SIZES.BENCH_IMPORT_RUNS}): ${Object.entries(imports.modules)
      .map(([n, v]) => `\`${n}\` +${fmt(v.overBaselineMs)} ms`)
      .join(', ')}.`,
  ].join('\n');
}

async function main() {
  const measured = source();
  const { server, url } = await startServer();
  try {
    const rounds = await measureCandidates(url);
    process.stderr.write('SessionTokenCache…\n');
    const cache = await runCandidate(['@org/refold', url, 'cache']);
    process.stderr.write('cold imports…\n');
    const imports = measureImports();
    // A rebuild of dist/ mid-run would mix two versions of our code in one table: say so.
    const rebuilt = source().builtAt !== measured.builtAt;
    const env = {
      date: new Date().toISOString(),
      machine: machine(),
      source: { ...measured, rebuiltDuringRun: rebuilt },
      versions: versions(),
      sizes: SIZES,
      quick: QUICK,
    };
    const results = { env, rows: summarise(rounds), cache, imports, rounds };
    printText(results);
    const md = markdown(results);
    console.log(`\n----- Markdown for docs/benchmarks.md -----\n${md}\n----- end -----`);
    writeFileSync(
      join(HERE, 'results.json'),
      `${JSON.stringify({ ...results, targets: targetLines(results.rows, results.imports), markdown: md }, null, 2)}\n`,
    );
    console.log(`\nWrote ${join('bench', 'results.json')}`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  stopChildren();
  process.exitCode = 1;
});
