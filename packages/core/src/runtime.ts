// What runtime the client runs in: a browser (where server-side credentials must not go), and
// what to say about it in the user-agent.

/**
 * A browser page or a browser's Web Worker, where server-side credentials would reach users.
 * Server runtimes with web globals are not: Deno and Bun have no `document`; workerd, Vercel's
 * edge runtime and Deno have no `importScripts`, which every browser worker scope has.
 */
export function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown; importScripts?: unknown; WorkerGlobalScope?: unknown };
  const page = typeof scope.window !== 'undefined' && typeof scope.document !== 'undefined';
  const worker = typeof scope.WorkerGlobalScope === 'function' && typeof scope.importScripts === 'function';
  return page || worker;
}

/** `@org/refold node/20.20.2`: the SDK, and Node's version where there is one (Bun, Deno and workerd report theirs as Node's). */
export function userAgent(sdk: string): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  return node ? `${sdk} node/${node}` : sdk;
}
