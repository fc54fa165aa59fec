// The build of a client package (@org/refold, @org/mesh), one for both: each package's
// tsup.config.ts is `clientBuild('<spec>')`.
import { readFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { bundleDeclarations } from './declarations.js';

// The main entry, and /testing (the mock for users' tests), which alone imports msw.
const entries = ['index', 'testing'];

export function clientBuild(spec: 'refold' | 'mesh') {
  return defineConfig({
    entry: entries.map((entry) => `src/${entry}.ts`),
    format: ['esm', 'cjs'],
    target: 'es2022',
    // The version the user-agent names (`@org/mesh/0.2.0 node/20.20.2`), read at each build.
    define: { __SDK_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
    // The shared runtime is bundled in, so users install nothing but openapi-fetch.
    noExternal: ['@org/core'],
    external: ['msw'],
    // Each entry self-contained: the main one must not load a chunk it shares with /testing.
    splitting: false,
    clean: true,
    // The declarations come from packages/core/declarations.ts, which inlines the runtime's types
    // too (the published declarations must not name @org/core); the spec ships with the package
    // as `@org/<spec>/openapi.yaml`.
    onSuccess: async () => {
      await bundleDeclarations(entries);
      await copyFile(`../../specs/${spec}.yaml`, 'dist/openapi.yaml');
    },
    sourcemap: false,
  });
}
