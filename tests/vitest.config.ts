import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = fileURLToPath(new URL('..', import.meta.url));

// The longest suites, started first. Vitest orders files by their last durations, which a fresh
// clone (CI) has none of; it then runs the largest files first, and so the fault suites (four-line
// files that spend ten seconds waiting on timers) last, when nothing is left to run beside them.
const LONGEST = [
  'tests/faults/faults.node.test.ts',
  'tests/faults/faults.fetch.test.ts',
  'examples/app/test/app.test.mjs',
  'tests/published-packages.test.ts',
  'tests/release.test.ts',
  'tests/generated-drift.test.ts',
  'tests/contract/documented-responses.test.ts',
];
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST.indexOf(file.moduleId.slice(root.length));
      return index < 0 ? LONGEST.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// The repository-level suites: specs, generation, README snippets, the example app and the contract tests
// against Prism mocks (started once for the run by the global setup). It lives here, not at the
// root, so that each package's own `vitest run` keeps its own (packages/core/vitest.config.ts).
export default defineConfig({
  test: {
    root,
    // And the example app's test, on the same Prism mocks.
    include: ['tests/**/*.test.ts', 'examples/*/test/**/*.test.mjs'],
    globalSetup: ['tests/contract/global-setup.ts'],
    sequence: { sequencer: LongestFirst },
    // Four files at a time: vitest's default (CPUs - 1) is one worker on the 2-core machines we
    // run on, and these suites spend much of their time waiting on timers, servers and child
    // processes: the two fault suites alone hold two workers for ten seconds.
    maxWorkers: 4,
    // A worker runs file after file (a fresh process per file cost 2–3 s of CPU here): each file
    // starts and stops its own servers, and undoes what it changes in the process.
    isolate: false,
    // Many cases here run a child process (tsc, the generator, a runtime) on a machine the other
    // workers load too: vitest's 5 s default is a unit test's budget, not theirs.
    testTimeout: 20_000,
  },
});
