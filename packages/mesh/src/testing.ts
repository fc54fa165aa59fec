// `@org/mesh/testing`: a mock of the Mesh API for your own tests, built from the same spec and
// examples as this package's contract suite. Needs msw 2 (`npm install -D msw`).
import { type ApiMock, createApiMock } from '@org/core/mock';
import { documentedAnswers } from './generated/answers.js';
import { operationTable, servers } from './generated/operations.js';

export type { ForcedAnswer, MockRequest } from '@org/core/mock';

/** The mock of Mesh: MSW `handlers`, the `requests` they received, answers a test can force. */
export type MeshMock = ApiMock<keyof typeof operationTable>;

/**
 * A mock of every Mesh operation, answering its documented example: on Mesh's production and
 * sandbox servers, or on `baseUrl` if you give your client one.
 *
 * ```ts
 * const mesh = createMeshMock();
 * const server = setupServer(...mesh.handlers); // from 'msw/node'
 * mesh.respond('createLinkToken', 401);         // the documented 401, until mesh.reset()
 * ```
 */
export function createMeshMock(options: { baseUrl?: string } = {}): MeshMock {
  return createApiMock(
    'Mesh',
    operationTable,
    documentedAnswers,
    options.baseUrl ? [options.baseUrl] : servers.map((server) => server.url),
  );
}
