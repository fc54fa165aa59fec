// What runtime the client runs in: a browser (where server-side credentials must not go), and
// what to say about it in the user-agent.

/**
 * A browser page or a browser's Web Worker, where server-side credentials would reach users.
 * Server runtimes with web globals are not: Deno and Bun have no `document`; workerd, Vercel's
 * edge runtime and Deno have no `importScripts`, which every browser worker scope has.
 */
export function isBrowser(): boolean {
  const scope = globalThis as {
    window?: unknown;
    document?: unknown;
    importScripts?: unknown;
    WorkerGlobalScope?: unknown;
  };
  const page = typeof scope.window !== 'undefined' && typeof scope.document !== 'undefined';
  const worker = typeof scope.WorkerGlobalScope === 'function' && typeof scope.importScripts === 'function';
  return page || worker;
}

// The package's version, put in by each package's build (tsup's `define`); absent when the
// sources run unbuilt, as in the packages' own tests.
declare const __SDK_VERSION__: string | undefined;
const VERSION = typeof __SDK_VERSION__ === 'string' ? __SDK_VERSION__ : undefined;

/**
 * `@org/refold/0.2.0 node/20.20.2`: the SDK and its version, and Node's version where there is
 * one (Bun, Deno and workerd report theirs as Node's).
 */
export function userAgent(sdk: string): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  const name = VERSION ? `${sdk}/${VERSION}` : sdk;
  return node ? `${name} node/${node}` : name;
}
