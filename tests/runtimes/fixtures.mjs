// What the smoke suite and the vitest test agree on: the fake credentials (distinctive, so a
// leak is found by a plain substring search), the tokens the server hands out, and the header
// that tells the server which check a request belongs to.

/** Secrets that must never appear in any output. The Mesh client id is not a secret. */
export const SECRETS = {
  refoldApiKey: 'tk_runtime-matrix-REFOLD-API-KEY-5f1c9a',
  meshClientSecret: 'runtime-matrix-MESH-CLIENT-SECRET-8d2e47',
  meshWebhookSecret: 'runtime-matrix-MESH-WEBHOOK-SECRET-3b9c21',
};

export const MESH_CLIENT_ID = 'runtime-matrix-mesh-client-id';

/** What the server answers with; the suite compares what the clients resolve to. */
export const TOKENS = {
  session: 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.runtime-matrix-session-token',
  link: 'runtime-matrix-link-token-aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3Q',
};

/**
 * Each check sends this header (as a default header of its client), so the server routes on
 * it and on the path's suffix, never on the base URL's path, which may change.
 */
export const CHECK_HEADER = 'x-smoke-check';

/** Marks the line of a CLI runtime's stdout that holds the results, among the log lines. */
export const RESULT_MARKER = '@@runtime-matrix-result@@';
