// The release flow end to end, on a copy of the repository: a changeset, `pnpm version-packages`
// (versions and CHANGELOGs), then `pnpm release --dry-run` (build and pack, nothing published).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, pnpm, root } from './support/consumer.js';
import { copyRepo, type RepoCopy } from './support/repo-copy.js';

let repo: RepoCopy;
let copy: string;
const version = async (name: string) =>
  JSON.parse(await readFile(join(copy, 'packages', name, 'package.json'), 'utf8')).version as string;

beforeAll(async () => {
  // The files git knows (committed or not), without build output, and the workspace's installed
  // node_modules linked in (a copy's own `pnpm install` cost three seconds of CPU here).
  const workspaces = ['', 'packages/core/', 'packages/refold/', 'packages/mesh/', 'examples/app/', 'tests/runtimes/'];
  repo = await copyRepo(
    'sdk-release',
    undefined,
    workspaces.map((dir) => `${dir}node_modules`),
  );
  copy = repo.dir;
  // A git repository, as a maintainer's clone is: turbo then hashes its files as it hashes ours.
  await exec('git', ['init', '-q'], { cwd: copy });
  await exec('git', ['add', '-A'], { cwd: copy });
}, 120_000);
afterAll(() => repo?.remove());

describe('pnpm release --dry-run, then pnpm changeset → pnpm version-packages', () => {
  it('builds and packs both public packages without publishing', async () => {
    // The build replays what this run's own build left in turbo's cache (read-only): the same
    // files give the same hashes, so the release packs exactly what `pnpm build` made.
    const cache = { TURBO_CACHE_DIR: join(root, '.turbo', 'cache'), TURBO_CACHE: 'local:r' };
    const { stdout, stderr } = await pnpm(['release', '--dry-run'], copy, cache);
    const output = stdout + stderr;
    for (const name of ['refold', 'mesh']) {
      expect(output).toContain(`+ @org/${name}@${await version(name)}`);
    }
    expect(output).not.toMatch(/\+ @org\/core@/); // private: never published
    expect(output).toMatch(/dist\/index\.cjs/);
  }, 120_000);

  it('bumps the versions and writes each CHANGELOG', async () => {
    const before = { refold: await version('refold'), mesh: await version('mesh') };
    await writeFile(
      join(copy, '.changeset', 'release-flow-test.md'),
      `---\n'@org/refold': patch\n'@org/mesh': patch\n---\n\nRelease-flow test entry.\n`,
    );
    await pnpm(['version-packages'], copy);
    for (const name of ['refold', 'mesh'] as const) {
      expect(await version(name)).not.toBe(before[name]);
      const changelog = await readFile(join(copy, 'packages', name, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`# @org/${name}`);
      expect(changelog).toContain(`## ${await version(name)}`);
      expect(changelog).toContain('Release-flow test entry.');
    }
  }, 60_000);
});
