import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  target: 'es2022',
  // The shared runtime is bundled in, so users install nothing but openapi-fetch.
  noExternal: ['@org/core'],
  // Inline the runtime's types too: the published declarations must not name @org/core.
  dts: { resolve: ['@org/core'], compilerOptions: { paths: { '@org/core': ['../core/src/index.ts'] } } },
  clean: true,
  sourcemap: false,
});
