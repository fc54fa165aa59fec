#!/usr/bin/env node
// Each package's public TypeScript surface, as API Extractor reports it from the built
// declarations (packages/<name>/etc/<name>.api.md, committed): a pull request then shows every
// change to what users import, line by line, generated types included.
//
//   node scripts/api-report.mjs           rewrite the reports (after `pnpm build`)
//   node scripts/api-report.mjs --check   fail when a report is stale (pnpm test)
//   node scripts/api-report.mjs [--check] mesh      one package
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const stale = [];
for (const name of only.length ? only : ['refold', 'mesh']) {
  const config = ExtractorConfig.loadFileAndPrepare(join(root, 'packages', name, 'api-extractor.json'));
  const result = Extractor.invoke(config, {
    localBuild: !check,
    messageCallback: (message) => void (message.handled = true),
  });
  if (!result.succeeded || result.apiReportChanged) stale.push(`packages/${name}/etc/${name}.api.md`);
}
if (check && stale.length) {
  console.error(
    `The public API changed, and its report is out of date:\n${stale.map((file) => `  ${file}`).join('\n')}\nRun \`pnpm build && pnpm api:report\`, read the diff, and commit it (with a changeset).`,
  );
  process.exit(1);
}
console.log(check ? 'The API reports match the packages.' : 'API reports written: packages/*/etc/*.api.md');
