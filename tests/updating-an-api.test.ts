// The key claim of docs/updating-an-api.md, proven on a copy: change the spec, regenerate, and
// the generated types change so that code written against the old ones stops compiling.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tsc } from './support/consumer.js';
import { copyRepo, type RepoCopy } from './support/repo-copy.js';
import { withUserIdRenamed } from './support/spec.js';

const exec = promisify(execFile);
let repo: RepoCopy;
let copy: string;

beforeAll(async () => {
  repo = await copyRepo(
    'sdk-update',
    [
      'specs',
      'scripts',
      'tsconfig.base.json',
      'packages/core/src',
      'packages/core/package.json',
      'packages/mesh/src',
      'packages/mesh/package.json',
      'packages/mesh/README.md',
    ],
    ['node_modules', 'packages/mesh/node_modules'],
  );
  copy = repo.dir;
});
afterAll(() => repo?.remove());

it('renaming a request field in the spec changes the generated types, and old code stops compiling', async () => {
  const generated = join(copy, 'packages/mesh/src/generated/openapi.ts');
  const before = await readFile(generated, 'utf8');

  const spec = join(copy, 'specs/mesh.yaml');
  await writeFile(spec, withUserIdRenamed(await readFile(spec, 'utf8')));
  await exec(process.execPath, [join(copy, 'scripts/generate.mjs'), 'mesh']);

  const after = await readFile(generated, 'utf8');
  expect(after).not.toBe(before);
  const request = (types: string) =>
    types.slice(
      types.indexOf('        GetLinkTokenRequest: {'),
      types.indexOf('\n        };', types.indexOf('        GetLinkTokenRequest: {')),
    );
  expect(request(before)).toMatch(/\buserId: string;/);
  expect(request(after)).toMatch(/endUserId: string;/);
  expect(request(after)).not.toMatch(/\buserId: string;/);
  const table = await readFile(join(copy, 'packages/mesh/src/generated/operations.ts'), 'utf8');
  expect(table).toContain('"endUserId"');

  // Application code written against the old spec.
  await writeFile(
    join(copy, 'app.ts'),
    `import { Mesh } from './packages/mesh/src/index.js';\n` +
      `const mesh = new Mesh({ clientId: 'id', clientSecret: 'secret' });\n` +
      `await mesh.createLinkToken({ userId: 'user-1' });\n`,
  );
  await writeFile(
    join(copy, 'tsconfig.json'),
    JSON.stringify({ extends: './tsconfig.base.json', include: ['app.ts'] }),
  );
  const result = await tsc('7', copy);
  expect(result.code).not.toBe(0);
  expect(result.stdout).toMatch(/app\.ts\(3,\d+\): error TS2353: .*'userId' does not exist/);
}, 60_000);
