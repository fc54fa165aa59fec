import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The repository-level suites: specs, generation, README snippets and the contract tests
// against Prism mocks (started once for the run by the global setup). It lives here,
// not at the root, so that each package's own `vitest run` keeps vitest's defaults.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/contract/global-setup.ts'],
    // Three files at a time: vitest's default (CPUs - 1) is one worker on the 2-core machines we
    // run on, and these suites spend much of their time waiting on servers and child processes
    // (two workers: 54 s for this suite; three: 49 s).
    maxWorkers: 3,
    // Many cases here run a child process (tsc, the generator, a runtime) on a machine the other
    // workers load too: vitest's 5 s default is a unit test's budget, not theirs.
    testTimeout: 20_000,
  },
});
