// Starts one Prism mock per spec for the whole run and stops both by PID at teardown. If the run
// is interrupted instead, scripts/mocks.mjs stops them on the way out.
import type { TestProject } from 'vitest/node';
import { startMocks } from '../../scripts/mocks.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrls: { refold: string; mesh: string };
  }
}

export default async function setup(project: TestProject) {
  const mocks = await startMocks();
  project.provide('mockUrls', mocks.urls as { refold: string; mesh: string });
  return () => mocks.stop();
}
