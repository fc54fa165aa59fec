import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The repository-level suites: specs, generation and (with the mocks) contracts. It lives here,
// not at the root, so that each package's own `vitest run` keeps vitest's defaults.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['tests/**/*.test.ts'],
  },
});
