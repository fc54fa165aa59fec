// A consumer of the packages as npm would install them: each package packed with `pnpm pack`
// and unpacked into node_modules, beside the real openapi-fetch. What users get, not the sources.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const exec = promisify(execFile);
export const root = fileURLToPath(new URL('../..', import.meta.url));
const PNPM_VERSION = '10.34.9';

/**
 * `tsc -p <config>` in `project` with one of the repository's two TypeScript compilers: 7, the native one,
 * which type-checks (several times faster), and 5.9, whose JS API the build's tools need and
 * which most users still compile with. Resolves to its exit code and what it printed (paths relative
 * to the project).
 */
export function tsc(
  version: '7' | '5.9',
  project: string,
  config = 'tsconfig.json',
): Promise<{ code: number; stdout: string }> {
  const bin = join(root, version === '7' ? 'node_modules/typescript-7/bin/tsc' : 'node_modules/typescript/bin/tsc');
  // TypeScript 7 on one thread: on two cores its checker threads cost more CPU than they save.
  const args = ['-p', config, ...(version === '7' ? ['--singleThreaded'] : [])];
  return exec(process.execPath, [bin, ...args], { cwd: project }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
}

/** Runs the pnpm that runs this suite, else the pinned one through npx. */
export function pnpm(args: string[], cwd: string, extraEnv: Record<string, string> = {}) {
  const execPath = process.env.npm_execpath ?? '';
  const env = { ...process.env, CI: 'true', npm_config_loglevel: 'warn', ...extraEnv };
  return /pnpm/.test(execPath)
    ? exec(process.execPath, [execPath, ...args], { cwd, env, maxBuffer: 1 << 26 })
    : exec('npx', ['--yes', `pnpm@${PNPM_VERSION}`, ...args], { cwd, env, maxBuffer: 1 << 26 });
}

/** A fresh folder whose node_modules hold the packed @org/refold and @org/mesh (built beforehand). */
export async function packedConsumer(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sdk-consumer-'));
  const tarballs = join(dir, 'tarballs');
  await mkdir(tarballs);
  for (const name of ['refold', 'mesh']) {
    await pnpm(['pack', '--pack-destination', tarballs], join(root, 'packages', name));
    const target = join(dir, 'node_modules', '@org', name);
    await mkdir(target, { recursive: true });
    const { stdout } = await exec('sh', ['-c', `ls ${tarballs}/org-${name}-*.tgz`]);
    await exec('tar', ['-xzf', stdout.trim(), '-C', target, '--strip-components=1']);
  }
  // What an application's project has beside them: the runtime dependency, and for its tests msw
  // (the /testing entries' peer) and vitest.
  for (const dependency of ['openapi-fetch', '@types/node', 'msw', 'vitest']) {
    await mkdir(join(dir, 'node_modules', dependency, '..'), { recursive: true });
    await symlink(join(root, 'node_modules', dependency), join(dir, 'node_modules', dependency));
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  return dir;
}
