// `pnpm release [--dry-run]`: builds, publishes every public package whose version is not on
// the registry yet, then tags the release. With --dry-run it packs and reports what it would
// publish, and neither publishes nor tags. Run `pnpm version-packages` first.
import { execFileSync } from 'node:child_process';

const dryRun = process.argv.includes('--dry-run');
// The pnpm running this script (under npx it is not on PATH by that name).
const pnpm = (...args) => execFileSync(process.execPath, [process.env.npm_execpath, ...args], { stdio: 'inherit' });

pnpm('turbo', 'run', 'build');
pnpm('publish', '--recursive', '--access', 'public', ...(dryRun ? ['--dry-run', '--no-git-checks'] : []));
if (!dryRun) pnpm('changeset', 'tag');
