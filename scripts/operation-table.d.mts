// Types for scripts/operation-table.mjs, for the tests that import it.
export function operationTable(doc: object): Record<string, any>;
