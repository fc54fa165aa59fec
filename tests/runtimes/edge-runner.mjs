// Host for Vercel's edge runtime: evaluates the bundled suite (an IIFE that defines the global
// `smoke`) in an EdgeVM from @edge-runtime/vm, whose globals are the edge primitives alone (no
// process, no require), and prints the report as cli.mjs does. Run by the machine's Node.
import { readFileSync } from 'node:fs';
import { EdgeVM } from '@edge-runtime/vm';
import { RESULT_MARKER } from './fixtures.mjs';

const [bundlePath, serverUrl] = process.argv.slice(2);
const vm = new EdgeVM();
vm.evaluate(readFileSync(bundlePath, 'utf8'));
const report = await vm.evaluate(`smoke.runSmoke(${JSON.stringify(serverUrl)})`);
console.log(`${RESULT_MARKER}${JSON.stringify(report)}`);
