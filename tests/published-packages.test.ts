// The packages as users install them: packed, unpacked into a consumer's node_modules, then
// every README snippet compiled against their published types, and a call made from CommonJS
// and from ESM.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, packedConsumer, root, tsc } from './support/consumer.js';

const READMES = ['README.md', 'packages/refold/README.md', 'packages/mesh/README.md'];

/** The ```ts blocks of a README, with the line each starts on. */
function snippetsOf(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  for (const match of markdown.matchAll(/^```(ts|typescript)\n([\s\S]*?)^```/gm)) {
    out.push({ line: markdown.slice(0, match.index).split('\n').length + 1, code: match[2]! });
  }
  return out;
}

let consumer: string;
beforeAll(async () => {
  consumer = await packedConsumer();
}, 120_000);
afterAll(() => (consumer ? rm(consumer, { recursive: true, force: true }) : undefined));

describe('README snippets, compiled against the packed packages', () => {
  const snippets: { file: string; readme: string; line: number }[] = [];
  // What each compiler printed: TypeScript 7 checks the snippets and every declaration they bring
  // in; TypeScript 5.9, which most users compile with, the snippets themselves (skipLibCheck).
  const outputs: Record<'7' | '5.9', string> = { '7': '', '5.9': '' };

  beforeAll(async () => {
    for (const readme of READMES) {
      for (const [i, block] of snippetsOf(await readFile(join(root, readme), 'utf8')).entries()) {
        const file = `${readme.replace(/\W+/g, '_')}_${i + 1}.ts`;
        // `export {}` keeps a snippet without imports a module, so top-level await compiles.
        await writeFile(join(consumer, file), `${block.code}\nexport {};\n`);
        snippets.push({ file, readme, line: block.line });
      }
    }
    // A control that must not compile proves the check can fail.
    await writeFile(
      join(consumer, 'control.ts'),
      `import { Refold } from '@org/refold';\nawait new Refold().getTokenForLinkedAccount({});\n`,
    );
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: ['node'],
          // Every declaration file is checked (ours, and those of @types/node, msw and vitest that
          // the snippets bring in), but TypeScript's own lib files: they are not ours to check.
          skipLibCheck: false,
          skipDefaultLibCheck: true,
        },
        include: ['*.ts'],
      }),
    );
    await writeFile(
      join(consumer, 'tsconfig.5.9.json'),
      JSON.stringify({ extends: './tsconfig.json', compilerOptions: { skipLibCheck: true } }),
    );
    [{ stdout: outputs['7'] }, { stdout: outputs['5.9'] }] = await Promise.all([
      tsc('7', consumer),
      tsc('5.9', consumer, 'tsconfig.5.9.json'),
    ]);
  }, 60_000);

  it('finds the snippets of both package READMEs', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(15);
    expect(new Set(snippets.map((s) => s.readme))).toEqual(
      new Set(['packages/refold/README.md', 'packages/mesh/README.md']),
    );
  });

  it.each(['7', '5.9'] as const)('fails to compile the broken control snippet with TypeScript %s', (version) => {
    expect(outputs[version]).toMatch(/control\.ts\(2,\d+\): error TS\d+: .*linked_account_id/);
  });

  it.each(['7', '5.9'] as const)(
    'compiles every snippet with TypeScript %s, with no error in the published declarations',
    (version) => {
      const failures = outputs[version]
        .split('\n')
        .filter((line) => /error TS/.test(line) && !line.startsWith('control.ts'));
      const located = failures.map((line) => {
        const snippet = snippets.find((s) => line.startsWith(`${s.file}(`));
        return snippet ? `${snippet.readme}, snippet at line ${snippet.line}: ${line}` : line;
      });
      expect(located).toEqual([]);
    },
  );
});

describe('the published declarations', () => {
  it.each(['5.9', '7'] as const)(
    'compile with TypeScript %s, without @types/node, with skipLibCheck off and a lib older than ES2024',
    async (version) => {
      // A browser or edge project: web types only (lib DOM), no Node globals, no disposable lib.
      const dir = join(consumer, `no-node-types-${version}`);
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, 'index.ts'),
        `import { Refold, RefoldAPIError, SessionTokenCache, type CallOptions } from '@org/refold';
import { Mesh, MeshAPIError, MESH_ENVIRONMENTS } from '@org/mesh';
const options: CallOptions = { timeoutMs: 1000, totalTimeoutMs: 5000 };
export async function run(): Promise<string> {
  // (\`await using\` itself needs lib ES2024 in the user's project; the declarations do not.)
  const refold = new Refold({ apiKey: 'k' });
  const mesh = new Mesh({ clientId: 'i', clientSecret: 's', environment: 'sandbox' });
  try {
    const { linkToken } = await mesh.createLinkToken({ userId: 'u' }, options);
    return (await new SessionTokenCache(refold).get('a')) + linkToken + MESH_ENVIRONMENTS.sandbox;
  } catch (error) {
    if (error instanceof RefoldAPIError || error instanceof MeshAPIError) return String(error.status);
    throw error;
  } finally {
    mesh.close();
    await refold[Symbol.asyncDispose]();
  }
}
`,
      );
      const compilerOptions = {
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        types: [],
        skipLibCheck: false,
        skipDefaultLibCheck: true, // TypeScript's own lib files aside, as above
      };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['index.ts'] }));
      const { code, stdout: output } = await tsc(version, dir);
      expect(output.split('\n').filter((line) => /error TS/.test(line))).toEqual([]);
      expect(code).toBe(0);
      // tsc checks every declaration of both packages (skipLibCheck off): seconds, not a hang.
    },
    30_000,
  );
});

describe('the published error classes', () => {
  it.each([
    ['refold', 'Refold'],
    ['mesh', 'Mesh'],
  ])(
    '@org/%s declares each class by name, so that editors show its name rather than an anonymous type',
    async (name, prefix) => {
      const declarations = await readFile(join(consumer, 'node_modules', '@org', name, 'dist', 'index.d.ts'), 'utf8');
      for (const kind of ['Error', 'APIError', 'ConnectionError', 'TimeoutError', 'AbortError', 'ValidationError']) {
        expect(declarations, `${prefix}${kind}`).toMatch(new RegExp(`declare class ${prefix}${kind} extends `));
      }
    },
  );
});

describe('the packed package.json and files', () => {
  it.each(['refold', 'mesh'])(
    '@org/%s names no private package, and carries its license and repository',
    async (name) => {
      const dir = join(consumer, 'node_modules', '@org', name);
      const text = await readFile(join(dir, 'package.json'), 'utf8');
      expect(text).not.toContain('@org/core');
      const manifest = JSON.parse(text) as {
        license?: string;
        repository?: { directory?: string };
        dependencies?: Record<string, string>;
      };
      expect(manifest.license).toBe('MIT');
      expect(manifest.repository?.directory).toBe(`packages/${name}`);
      expect(Object.keys(manifest.dependencies ?? {})).toEqual(['openapi-fetch']);
      expect(await readFile(join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    },
  );
});

describe('the packed packages at run time', () => {
  let server: Server;
  let url: string;
  const agents: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      agents.push(req.headers['user-agent'] ?? '');
      req.resume();
      const body =
        req.url === '/api/v2/public/session-token'
          ? { token: 'packed-token' }
          : { status: 'ok', content: { linkToken: 'packed-link-token' } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const calls = (load: (name: string) => string) => `
    const { Refold } = ${load('@org/refold')};
    const { Mesh } = ${load('@org/mesh')};
    const url = process.argv.at(-1);
    Promise.all([
      new Refold({ apiKey: 'k', baseUrl: url }).getTokenForLinkedAccount({ linked_account_id: 'a' }),
      new Mesh({ clientId: 'i', clientSecret: 's', baseUrl: url }).createLinkToken({ userId: 'u' }),
    ]).then((r) => { console.log(JSON.stringify(r)); process.exit(0); });`;
  const expected = [{ token: 'packed-token' }, { linkToken: 'packed-link-token' }];

  it('works when required from CommonJS', async () => {
    const { stdout } = await exec(process.execPath, ['-e', calls((name) => `require('${name}')`), url], {
      cwd: consumer,
    });
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('names each package and its version in the user-agent', async () => {
    agents.length = 0;
    await exec(process.execPath, ['--input-type=module', '-e', calls((name) => `await import('${name}')`), url], {
      cwd: consumer,
    });
    const version = async (name: string) =>
      (JSON.parse(await readFile(join(root, 'packages', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect(agents.sort()).toEqual([
      `@org/mesh/${await version('mesh')} node/${process.versions.node}`,
      `@org/refold/${await version('refold')} node/${process.versions.node}`,
    ]);
  });

  it('recognises an error from the CommonJS build as an instance of the ESM build’s classes', async () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const esm = { ...(await import('@org/mesh')), ...(await import('@org/refold')) };
      const cjs = { ...require('@org/mesh'), ...require('@org/refold') };
      const error = await new cjs.Mesh({ clientId: 'i', clientSecret: 's' }).createLinkToken({ userId: '' }).catch((e) => e);
      console.log(JSON.stringify({
        distinctClasses: cjs.MeshValidationError !== esm.MeshValidationError,
        validation: error instanceof esm.MeshValidationError,
        base: error instanceof esm.MeshError,
        api: error instanceof esm.MeshAPIError,
        otherPackage: error instanceof esm.RefoldError,
        name: error.name,
      }));`;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer });
    expect(JSON.parse(stdout)).toEqual({
      distinctClasses: true,
      validation: true,
      base: true,
      api: false,
      otherPackage: false,
      name: 'MeshValidationError',
    });
  });

  it('works when imported from ESM', async () => {
    const { stdout } = await exec(
      process.execPath,
      ['--input-type=module', '-e', calls((name) => `await import('${name}')`), url],
      { cwd: consumer },
    );
    expect(JSON.parse(stdout)).toEqual(expected);
  });
});

describe('the /testing entries, in an application’s own test suite', () => {
  // One vitest run of the app's suite and of the control, each file read on its own from the
  // JSON report: the app's tests must pass, the control's must fail.
  type FileResult = {
    name: string;
    status: string;
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  };
  let files: FileResult[];
  let code: number;
  beforeAll(async () => {
    // The app lives in the consumer project, beside the packed packages it installs.
    const app = join(consumer, 'app');
    await cp(join(root, 'tests/consumer-app'), app, { recursive: true });
    const report = join(app, 'results.json');
    code = await exec(
      process.execPath,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', `--outputFile=${report}`],
      { cwd: app },
    ).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    files = (JSON.parse(await readFile(report, 'utf8')) as { testResults: FileResult[] }).testResults;
  }, 60_000);
  const outcomes = (file: string) => {
    const result = files.find((f) => f.name.endsWith(`/${file}`));
    return result?.assertionResults.map(
      (a) => `${a.status}: ${a.title}${a.failureMessages.length ? ` (${a.failureMessages[0]?.split('\n')[0]})` : ''}`,
    );
  };

  it('mocks both APIs, forcing 401, 429 and Mesh’s non-ok envelope, with the packed packages', () => {
    const app = outcomes('app.spec.ts');
    expect(app).toHaveLength(4);
    expect(app!.filter((line) => !line.startsWith('passed: '))).toEqual([]);
    // And the file as a whole: a failing hook or an unhandled error fails it, not its tests.
    expect(files.find((f) => f.name.endsWith('/app.spec.ts'))?.status).toBe('passed');
  });

  it('fails the application’s test that expects the wrong outcome', () => {
    expect(outcomes('control.spec.ts')).toEqual([
      expect.stringMatching(/^failed: expects a link token although Mesh answers 401 \(/),
    ]);
    expect(files.map((f) => f.status).sort()).toEqual(['failed', 'passed']);
    expect(code).not.toBe(0);
  });

  it.each(['refold', 'mesh'])(
    '@org/%s keeps msw and the examples out of its main entry, and ships its spec',
    async (name) => {
      const dir = join(consumer, 'node_modules', '@org', name);
      for (const main of ['index.js', 'index.cjs']) {
        const code = await readFile(join(dir, 'dist', main), 'utf8');
        expect(code, main).not.toMatch(/from ["']msw["']|require\(["']msw["']\)/);
        expect(code, main).not.toContain('documentedAnswers');
      }
      expect(await readFile(join(dir, 'dist', 'testing.js'), 'utf8')).toMatch(/from ["']msw["']/);
      const { stdout } = await exec(
        process.execPath,
        ['-e', `console.log(require.resolve('@org/${name}/openapi.yaml'))`],
        { cwd: consumer },
      );
      expect(await readFile(stdout.trim(), 'utf8')).toBe(await readFile(join(root, 'specs', `${name}.yaml`), 'utf8'));
      // The CommonJS build of /testing, as a Jest suite would require it.
      const factory = `create${name === 'mesh' ? 'Mesh' : 'Refold'}Mock`;
      const cjs = await exec(
        process.execPath,
        [
          '-e',
          `const m = require('@org/${name}/testing').${factory}(); console.log(m.handlers.length > 0 && typeof m.respond)`,
        ],
        { cwd: consumer },
      );
      expect(cjs.stdout.trim()).toBe('function');
    },
  );
});
