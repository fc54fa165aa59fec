#!/usr/bin/env node
// `pnpm lint:package` in a client package: packs it once, as pnpm publishes it, and lints that
// tarball with publint (--strict) and arethetypeswrong (Node 16 resolution, from CommonJS and
// ESM; ./openapi.yaml is the spec, not code). Each tool packing on its own (`attw --pack` runs
// npm) cost about a second of CPU more per package.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!/pnpm/.test(process.env.npm_execpath ?? '')) {
  console.error('Run it through pnpm, in a client package: pnpm lint:package');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'sdk-pack-'));
const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });
try {
  execFileSync(process.execPath, [process.env.npm_execpath, 'pack', '--pack-destination', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [tarball] = readdirSync(dir).map((file) => join(dir, file));
  run('publint', ['run', tarball, '--strict']);
  run('attw', [tarball, '--profile', 'node16', '--exclude-entrypoints', './openapi.yaml']);
} catch (error) {
  // A tool that failed has said why; anything else is reported here.
  if (error.status === undefined) console.error(error);
  process.exitCode = error.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
