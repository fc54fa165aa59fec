// Every TypeScript snippet in a README is compiled against the packages' sources, so a README
// cannot drift from the API it documents.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const READMES = ['README.md', 'packages/refold/README.md', 'packages/mesh/README.md'];
const dir = join(root, 'node_modules/.cache/readme-snippets');

interface Snippet {
  file: string;
  readme: string;
  line: number;
}

/** The ```ts blocks of a README, with the line each starts on. */
function snippetsOf(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const fence = /^```(ts|typescript)\n([\s\S]*?)^```/gm;
  for (const match of markdown.matchAll(fence)) {
    out.push({ line: markdown.slice(0, match.index).split('\n').length + 1, code: match[2]! });
  }
  return out;
}

let snippets: Snippet[] = [];
let output = '';

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const readme of READMES) {
    const blocks = snippetsOf(await readFile(join(root, readme), 'utf8'));
    for (const [i, block] of blocks.entries()) {
      const file = `${readme.replace(/\W+/g, '_')}_${i + 1}.ts`;
      // `export {}` keeps a snippet without imports a module, so top-level await compiles.
      await writeFile(join(dir, file), `${block.code}\nexport {};\n`);
      snippets.push({ file, readme, line: block.line });
    }
  }
  // A control that must not compile proves the check can fail.
  await writeFile(join(dir, 'control.ts'), `import { Refold } from '@org/refold';\nawait new Refold().getTokenForLinkedAccount({});\n`);
  const rel = (p: string) => relative(dir, join(root, p));
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: rel('tsconfig.base.json'),
      compilerOptions: {
        paths: { '@org/refold': [rel('packages/refold/src/index.ts')], '@org/mesh': [rel('packages/mesh/src/index.ts')] },
      },
      include: ['*.ts'],
    }),
  );
  output = await promisify(execFile)(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir]).then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout,
  );
}, 60_000);

describe('README snippets', () => {
  it('finds the snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(15);
    expect(new Set(snippets.map((s) => s.readme))).toEqual(new Set(READMES.filter((r) => r !== 'README.md')));
  });

  it('fails to compile the broken control snippet', () => {
    expect(output).toMatch(/control\.ts\(2,\d+\): error TS2345/);
  });

  it('compiles every snippet', () => {
    const failures = snippets
      .filter((s) => output.includes(`${s.file}(`))
      .map((s) => `${s.readme}, snippet at line ${s.line}:\n${output.split('\n').filter((l) => l.includes(`${s.file}(`)).join('\n')}`);
    expect(failures).toEqual([]);
  });
});
