// Starts one Prism mock server per spec on a free port of 127.0.0.1 and stops them by PID.
// Used by the contract tests' global setup and by `pnpm demo`; as validating proxies in front of
// the real APIs, by the live suite.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismBin = join(
  dirname(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json')),
  'dist/index.js',
);
const STARTUP_MS = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `prism mock specs/<name>.yaml`, or with `upstream` `prism proxy specs/<name>.yaml
 * <upstream>`: a validating proxy that passes every exchange through and names what deviates
 * from the spec in its `sl-violations` header. Resolves once it listens.
 */
async function startPrism(name, port, upstream) {
  port ??= await freePort();
  const spec = join(root, 'specs', `${name}.yaml`);
  // A mock logs at warn: its info lines (several per request) cost an eighth of its CPU in the
  // contract suites. It then never says it listens, so it is asked (answerIsPrism); a proxy,
  // whose paths all lead upstream, logs at info and says so.
  const command = upstream
    ? ['proxy', spec, upstream, '--errors=false']
    : ['mock', spec, '--errors', '--verboseLevel', 'warn'];
  const child = spawn(process.execPath, [prismBin, ...command, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(reject)(new Error(`timed out after ${STARTUP_MS} ms`)), STARTUP_MS);
      const onData = () => {
        if (output.includes('Prism is listening')) done(resolve)();
      };
      let asking = false; // one probe at a time
      const probe = upstream
        ? undefined
        : setInterval(() => {
            if (asking) return;
            asking = true;
            answerIsPrism(url).then((yes) => {
              asking = false;
              if (yes) done(resolve)();
            });
          }, 100);
      const done = (fn) => (arg) => {
        clearTimeout(timer);
        clearInterval(probe);
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        fn(arg);
      };
      const onExit = (code) => done(reject)(new Error(`exited with code ${code}`));
      child.stdout.on('data', onData);
      child.once('exit', onExit);
    });
  } catch (err) {
    stopPid(child.pid);
    throw new Error(
      `Prism ${upstream ? 'proxy' : 'mock'} for specs/${name}.yaml did not start: ${err.message}\n${output}`,
    );
  }
  // After start-up its output is only request logs; keep draining so the pipe never blocks it.
  child.stdout.resume();
  child.stderr.resume();
  return { name, url, pid: child.pid };
}

/** Whether a Prism mock answers at `url`: its own 404 for a path no spec has. */
async function answerIsPrism(url) {
  try {
    const response = await fetch(`${url}/__is-prism-listening`, { signal: AbortSignal.timeout(1000) });
    return (await response.text()).includes('prism/errors#NO_PATH_MATCHED_ERROR');
  } catch {
    return false;
  }
}

function stopPid(pid) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/**
 * Starts a mock per spec. `stop()` ends them all; it also runs if this process exits or is
 * interrupted first, so no Prism outlives its caller.
 */
export async function startMocks(names = ['refold', 'mesh'], ports = {}) {
  return startAll(names.map((name) => [name, ports[name], undefined]));
}

/** Starts a validating proxy per spec, in front of `upstreams[name]` (the real API's origin). */
export async function startProxies(upstreams) {
  return startAll(Object.entries(upstreams).map(([name, upstream]) => [name, undefined, upstream]));
}

async function startAll(servers) {
  const started = await Promise.allSettled(servers.map(([name, port, upstream]) => startPrism(name, port, upstream)));
  const mocks = started.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const stop = () => {
    for (const mock of mocks) stopPid(mock.pid);
    process.off('exit', stop);
  };
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    stop();
    throw failed.reason;
  }
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  return { urls: Object.fromEntries(mocks.map((m) => [m.name, m.url])), pids: mocks.map((m) => m.pid), stop };
}
