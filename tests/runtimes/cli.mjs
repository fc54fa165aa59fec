// Entry for the runtimes that run a file as it is: Node, Bun and Deno. The server URL is the one
// argument (Deno reads its arguments without any permission), and the report is printed as one
// marked line, since the clients' debug lines go to the same stdout.
import { RESULT_MARKER } from './fixtures.mjs';
import { runSmoke } from './smoke.mjs';

const [serverUrl] = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const report = await runSmoke(serverUrl);
console.log(`${RESULT_MARKER}${JSON.stringify(report)}`);
