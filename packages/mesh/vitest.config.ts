// The unit suite's settings are core's: see ../core/vitest.config.ts.
export { default } from '../core/vitest.config.ts';
