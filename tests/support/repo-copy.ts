// A copy of (part of) the repository in a temporary folder, for the suites that change specs,
// builds or changesets and run the repository's own scripts on them: the real tree is never
// touched. node_modules are linked, not copied.
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exec, root } from './consumer.js';

export { root };

export interface RepoCopy {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Copies `parts` (paths from the repository root; all the files git knows when omitted) and links
 * each of `links` (node_modules folders) to the real one.
 */
export async function copyRepo(name: string, parts?: string[], links: string[] = ['node_modules']): Promise<RepoCopy> {
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  const files = parts ?? (await gitFiles());
  for (const part of files) {
    await cp(join(root, part), join(dir, part), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e; // deleted but not yet committed
    });
  }
  for (const link of links) {
    await mkdir(dirname(join(dir, link)), { recursive: true });
    await symlink(join(root, link), join(dir, link));
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The files git knows, committed or not, without what it ignores (node_modules, build output). */
async function gitFiles(): Promise<string[]> {
  const { stdout } = await exec('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 1 << 26,
  });
  return stdout.split('\n').filter(Boolean);
}
