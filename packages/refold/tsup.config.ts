import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  target: 'es2022',
  // The shared runtime is bundled in, so users install nothing but openapi-fetch.
  noExternal: ['@org/core'],
  dts: { resolve: ['@org/core'] },
  clean: true,
  sourcemap: false,
});
