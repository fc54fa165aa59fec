// The runtimes' processes: each one bounded in time and stopped by its PID, also when a test
// fails, times out or the run is interrupted, so that a hung runtime fails the matrix instead
// of hanging it, and nothing outlives the run.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface Output {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed because it ran past its time limit. */
  timedOut: boolean;
  /** It could not be started at all (e.g. ENOENT). */
  spawnError?: string;
}

export interface Running {
  readonly pid: number | undefined;
  /** Settles when the process has exited, with all it printed. */
  readonly done: Promise<Output>;
  exited(): boolean;
  stderr(): string;
  /** SIGTERM, then SIGKILL if it is still there after a moment. */
  stop(): Promise<Output>;
}

const live = new Set<ChildProcess>();

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every runtime still running: for afterAll, and for an interrupted run. */
export function killAll(): void {
  for (const child of live) kill(child, 'SIGKILL');
}
process.once('exit', killAll);

export function start(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Running {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let spawnError: string | undefined;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => {
    timedOut = true;
    kill(child, 'SIGKILL');
  }, options.timeoutMs);
  const done = new Promise<Output>((resolve) => {
    child.once('error', (error) => {
      spawnError = error.message;
      // A process that never started emits no 'close'.
      if (child.pid === undefined) finish(null, null);
    });
    child.once('close', finish);
    function finish(code: number | null, signal: NodeJS.Signals | null) {
      clearTimeout(timer);
      live.delete(child);
      resolve({ stdout, stderr, code, signal, timedOut, ...(spawnError !== undefined && { spawnError }) });
    }
  });
  return {
    pid: child.pid,
    done,
    exited: () => !live.has(child),
    stderr: () => stderr,
    stop() {
      kill(child, 'SIGTERM');
      const escalate = setTimeout(() => kill(child, 'SIGKILL'), 2_000);
      return done.finally(() => clearTimeout(escalate));
    },
  };
}

/** Runs a process to its end (or its time limit). */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Output> {
  return start(command, args, options).done;
}

/** A port that was free a moment ago, for a runtime that must be told where to listen. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** What a process's output says about how it ended, for failure messages. */
export function describeExit(output: Output): string {
  if (output.spawnError) return `could not start: ${output.spawnError}`;
  if (output.timedOut) return 'killed after its time limit';
  return output.signal ? `killed by ${output.signal}` : `exited with ${output.code}`;
}
