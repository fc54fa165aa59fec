// Types for scripts/refs.mjs, for the tests that import it.
export function resolveRef(doc: any, node: any): any;
