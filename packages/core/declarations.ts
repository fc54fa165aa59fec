// The published declarations of a client package: TypeScript 7 emits a .d.ts per source file
// (half a second), then rollup-plugin-dts bundles them into one per entry, with the shared
// runtime's types inlined so that nothing names @org/core. tsup's own `dts` did the same from the
// sources through TypeScript 5.9's emitter, at six seconds of CPU a package.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const inlined = /^@org\/core(\/|$)/;
const tsc = fileURLToPath(new URL('../../node_modules/typescript-7/bin/tsc', import.meta.url));

/** Writes dist/<entry>.d.ts and .d.cts for each entry of the package in the working directory. */
export async function bundleDeclarations(entries: string[]): Promise<void> {
  // tsconfig.build.json (../core/tsconfig.declarations.json) emits <name>/src/*.d.ts and, since it
  // maps @org/core to its sources, core/src/*.d.ts beside them; outside node_modules, where
  // rollup-plugin-dts would take them for a dependency's and leave them as imports.
  const emitted = await mkdtemp(join(tmpdir(), 'sdk-declarations-'));
  try {
    // One thread: on two cores TypeScript 7's checker threads cost more CPU than they save.
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', emitted, '--singleThreaded'], {
      stdio: 'inherit',
    });
    await bundle(entries, emitted);
  } finally {
    await rm(emitted, { recursive: true, force: true });
  }
}

async function bundle(entries: string[], emitted: string): Promise<void> {
  const core = (path: string) => join(emitted, 'core/src', `${path || 'index'}.d.ts`);
  const build = await rollup({
    input: Object.fromEntries(
      entries.map((entry) => [entry, join(emitted, basename(process.cwd()), 'src', `${entry}.d.ts`)]),
    ),
    plugins: [
      { name: 'inline-core', resolveId: (id) => (inlined.test(id) ? core(id.slice('@org/core/'.length)) : null) },
      dts(),
    ],
    // Every other package stays an import: openapi-fetch (the dependency), msw (/testing's peer).
    external: (id) => !id.startsWith('.') && !isAbsolute(id) && !inlined.test(id),
    onLog: (level, log, handle) => {
      // The operation table's type lives in the chunk both entries share, where the method types
      // reach it through `typeof`: users never have to name it, so its missing re-export is no fault.
      if (log.plugin === 'dts' && /private shared type exports/.test(log.message)) return;
      handle(level, log);
    },
  });
  // The same files twice, for import (.d.ts) and for require (.d.cts), named as tsup names them.
  for (const extension of ['d.ts', 'd.cts']) {
    await build.write({
      dir: 'dist',
      format: 'es',
      entryFileNames: `[name].${extension}`,
      chunkFileNames: (chunk) => `${chunk.name.replace(/\.d$/, '')}-[hash].${extension}`,
    });
  }
  await build.close();
}
