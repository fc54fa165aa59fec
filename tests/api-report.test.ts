// The API reports (scripts/api-report.mjs): `--check` fails, naming the report, once the built
// declarations export something packages/*/etc/*.api.md does not show.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyRepo, type RepoCopy } from './support/repo-copy.js';

const exec = promisify(execFile);
let repo: RepoCopy;
let copy: string;

beforeAll(async () => {
  // The package as built, with its report and the script: what `pnpm test` checks.
  const parts = ['api-extractor.json', 'package.json', 'etc', 'dist'].map((part) => `packages/mesh/${part}`);
  repo = await copyRepo('api-report', ['scripts', ...parts], ['node_modules', 'packages/mesh/node_modules']);
  copy = repo.dir;
});
afterAll(() => repo?.remove());

// One package: `pnpm test` itself checks both reports against the real build.
const check = () =>
  exec(process.execPath, [join(copy, 'scripts/api-report.mjs'), '--check', 'mesh'], { cwd: copy }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );

it('fails, naming the report, once an export changed', async () => {
  const declarations = join(copy, 'packages/mesh/dist/index.d.ts');
  await writeFile(
    declarations,
    `${await readFile(declarations, 'utf8')}\nexport declare function addedForTheTest(): void;\n`,
  );
  const changed = await check();
  expect(changed.code).toBe(1);
  expect(changed.output).toContain(
    'The public API changed, and its report is out of date:\n  packages/mesh/etc/mesh.api.md\n',
  );
}, 60_000);
