import { defineConfig } from 'vitest/config';

// Two files at a time: vitest's default (CPUs - 1) is one worker on the 2-core machines we run
// on, and the transport suites spend most of their time waiting on timers and sockets.
export default defineConfig({ test: { maxWorkers: 2 } });
