// The API reports (scripts/api-report.mjs): `--check` fails, naming the report, once the built
// declarations export something packages/*/etc/*.api.md does not show.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
let copy: string;

beforeAll(async () => {
  // The packages as built, with their reports and the script: what `pnpm test` checks.
  copy = await mkdtemp(join(tmpdir(), 'api-report-'));
  await cp(join(root, 'scripts'), join(copy, 'scripts'), { recursive: true });
  for (const name of ['mesh']) {
    for (const part of ['api-extractor.json', 'package.json', 'etc', 'dist']) {
      await cp(join(root, 'packages', name, part), join(copy, 'packages', name, part), { recursive: true });
    }
    await mkdir(join(copy, 'packages', name, 'node_modules'), { recursive: true });
    await symlink(
      join(root, 'packages', name, 'node_modules', 'openapi-fetch'),
      join(copy, 'packages', name, 'node_modules', 'openapi-fetch'),
    );
  }
  await symlink(join(root, 'node_modules'), join(copy, 'node_modules'));
});
afterAll(() => (copy ? rm(copy, { recursive: true, force: true }) : undefined));

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
