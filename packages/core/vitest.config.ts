import { defineConfig } from 'vitest/config';

// The packages' unit suites (core's, and refold's and mesh's through their vitest.config.ts).
export default defineConfig({
  test: {
    // Two files at a time: vitest's default (CPUs - 1) is one worker on the 2-core machines we
    // run on, and the transport suites spend most of their time waiting on timers and sockets.
    maxWorkers: 2,
    // A worker runs file after file: each file starts its own servers and restores what it
    // changes (environment variables are put back after every test), and a fresh process per
    // file cost core's suite half of its CPU (6.7 → 3.6 s here).
    isolate: false,
    unstubEnvs: true,
  },
});
