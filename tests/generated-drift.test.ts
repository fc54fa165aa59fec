import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyRepo, type RepoCopy } from './support/repo-copy.js';

const run = promisify(execFile);

// Works on a copy of the repository's generation inputs and outputs, so the real tree is never touched.
let repo: RepoCopy;
let copy: string;
beforeEach(async () => {
  repo = await copyRepo('sdk-generate', [
    'specs',
    'scripts',
    'packages/refold/src/generated',
    'packages/mesh/src/generated',
    'packages/refold/README.md',
    'packages/mesh/README.md',
  ]);
  copy = repo.dir;
});
afterEach(() => repo.remove());

/** `generate --check`, over both specs or the ones named. */
const check = (...specs: string[]) =>
  run(process.execPath, [join(copy, 'scripts/generate.mjs'), '--check', ...specs]).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (err: { code: number; stderr: string }) => ({ code: err.code, output: err.stderr }),
  );

// Each case runs the generator over both specs in a child process: seconds, more on a loaded machine.
describe('pnpm generate --check', { timeout: 30_000 }, () => {
  it('passes when the committed output matches the specs', async () => {
    expect(await check()).toEqual({ code: 0, output: 'Generated code matches specs/.\n' });
  });

  it('fails and says to run pnpm generate when a description changed without regenerating', async () => {
    const spec = join(copy, 'specs/mesh.yaml');
    const text = await readFile(spec, 'utf8');
    const changed = text.replace('description: Link token created.', 'description: Link token minted.');
    expect(changed).not.toBe(text);
    await writeFile(spec, changed);

    const { code, output } = await check();
    expect(code).toBe(1);
    expect(output).toContain('packages/mesh/src/generated/openapi.ts');
    expect(output).not.toContain('packages/refold');
    expect(output).toContain('Run `pnpm generate`');
  });

  it('fails when an operation’s summary changed and the README’s table of methods was not regenerated', async () => {
    const spec = join(copy, 'specs/mesh.yaml');
    await writeFile(
      spec,
      (await readFile(spec, 'utf8')).replace('summary: Get Link token with parameters', 'summary: Create a Link token'),
    );

    const { code, output } = await check('mesh');
    expect(code).toBe(1);
    expect(output).toContain('packages/mesh/README.md');
  });

  it('fails when a validation rule changed, since the runtime checks come from the spec too', async () => {
    const spec = join(copy, 'specs/refold.yaml');
    const text = await readFile(spec, 'utf8');
    await writeFile(
      spec,
      text.replace(/slug:\n(\s+)type: string\n\s+minLength: 1/, 'slug:\n$1type: string\n$1minLength: 2'),
    );

    const { code, output } = await check('refold');
    expect(code).toBe(1);
    expect(output).toContain('packages/refold/src/generated/operations.ts');
  });
});
