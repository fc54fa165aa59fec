// Starts fault-server.mjs in its own process and stops it by PID.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface FaultServer {
  url: string;
  stop(): void;
  received(): Promise<number>;
}

export function startFaultServer(): Promise<FaultServer> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./fault-server.mjs', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Once: afterAll stops it, and the exit hook only if the suite never got that far. A child
  // ended by a signal keeps exitCode null, so signalCode says it is gone too.
  const stop = () => {
    process.off('exit', stop);
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
  };
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fault server exited with ${code}`)));
    child.stdout.once('data', (line: Buffer) => {
      const url = line.toString().trim();
      resolve({
        url,
        stop,
        received: async () => ((await (await fetch(`${url}/__stats`)).json()) as { received: number }).received,
      });
    });
  });
}
